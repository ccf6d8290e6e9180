"""Throttling for integrations: a request rate per API token.

Browser sessions are not throttled (people click at human speed and the pages share the
same limits as the rest of the site); token-authenticated requests are counted per token
owner against ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]``, set from the
``API_TOKEN_THROTTLE_RATE`` environment variable (default ``1000/min``). Over the limit
the answer is 429 with a ``Retry-After`` header and the usual error body.
"""

from rest_framework.authentication import TokenAuthentication
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Limits token-authenticated requests per service account; other requests pass untouched."""

    scope = "token"

    def get_rate(self):
        # Read at request time, not import time, so a changed setting takes effect at once.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if not isinstance(request.successful_authenticator, TokenAuthentication):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
