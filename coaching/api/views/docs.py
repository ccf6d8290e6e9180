"""The OpenAPI schema and the Swagger UI that reads it, for those signed in (or anyone, if configured).

``COACHING_PUBLIC_API_DOCS=true`` opens both to visitors who are not signed in. Otherwise
the schema answers 401 without credentials (a token or a session), and the docs page sends
a browser to the sign-in page and back.
"""

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ...permissions import may_read_api_docs
from ..permissions import ApiDocsReadable


class ApiSchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema (YAML, or JSON on request)."""

    permission_classes = (ApiDocsReadable,)


# The split view serves Swagger UI's start-up script as a file, not inline (Content-Security-Policy).
_swagger = SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=(ApiDocsReadable,))


def api_docs(request):
    """The Swagger UI page; a visitor who may not read it is asked to sign in first."""
    if not may_read_api_docs(request.user):
        return redirect_to_login(request.get_full_path())
    return _swagger(request)
