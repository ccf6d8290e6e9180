"""Throttling for integrations: a request rate per API token.

Browser sessions are not throttled (people click at human speed and the pages share the
same limits as the rest of the site); token-authenticated requests are counted per token
owner against ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]``, set from the
``API_TOKEN_THROTTLE_RATE`` environment variable (default ``1000/min``).

The count is kept per window: a fixed minute (or second, hour, day) of the clock. Over the
limit the answer is 429 with the usual error body and a ``Retry-After`` header giving the
seconds until the window ends, which is exactly when the allowance comes back whole. (A
sliding log, DRF's own throttle, answers "1 second" once the window is full and lets one
request through each time an old one drops out.) Counting is one atomic increment in the
cache, so several web processes sharing Redis agree.

The counts live in the cache, which is Redis in production: when it cannot be reached
the throttle lets requests through (and logs a warning at most once a minute) rather than
failing every API call with a 500.
"""

import logging
import math
import time

from django.core.cache import cache
from redis.exceptions import RedisError
from rest_framework.authentication import TokenAuthentication
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
# A warning per request would flood the log during an outage: one a minute says it.
WARNING_INTERVAL_SECONDS = 60


class TokenRateThrottle(BaseThrottle):
    """Limits token-authenticated requests per service account; other requests pass untouched."""

    scope = "token"
    _last_warning = -math.inf  # per process

    def __init__(self):
        self._wait: float | None = None

    def allow_request(self, request, view) -> bool:
        # Read at request time, not import time, so a changed setting takes effect at once.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if not rate or not isinstance(request.successful_authenticator, TokenAuthentication):
            return True
        limit, period = parse_rate(rate)
        now = time.time()
        window = int(now // period)
        key = f"throttle:{self.scope}:{request.user.pk}:{period}:{window}"
        try:
            # Created at zero once per window (kept a little longer than the window), then incremented.
            cache.add(key, 0, timeout=period + 5)
            count = cache.incr(key)
        except ValueError:
            return True  # the key expired between add and incr: the window just ended
        except (RedisError, OSError) as error:
            self._warn(error)
            return True
        if count <= limit:
            return True
        self._wait = (window + 1) * period - now
        return False

    def wait(self) -> float | None:
        """Seconds until the current window ends and the allowance is whole again."""
        return self._wait

    @classmethod
    def _warn(cls, error: Exception) -> None:
        now = time.monotonic()
        if now - cls._last_warning >= WARNING_INTERVAL_SECONDS:
            cls._last_warning = now
            logger.warning("API throttle off: its counts cannot be kept in the cache (%s); requests pass", error)


def parse_rate(rate: str) -> tuple[int, int]:
    """``"1000/min"`` → ``(1000, 60)``: the number of requests and the window in seconds."""
    number, period = rate.split("/")
    return int(number), PERIODS[period.strip()[0]]
