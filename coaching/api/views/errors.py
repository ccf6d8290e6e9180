"""The API's answer to a path under ``/api/`` that names nothing: a 404 in the API's error shape.

The router only matches ids it can route (``goals/0.5/`` matches no route at all), and
Django would answer such a path with the site's HTML "not found" page. The URL
configuration sends every unmatched path under ``/api/`` ending in a slash here, so a
client gets the same JSON body as for a record that does not exist; a path without its
final slash is first redirected to the slashed one, as everywhere else on the site.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """``{"error": {"code": "not_found", ...}}`` with status 404, whatever the method."""
    body = {"error": {"code": "not_found", "message": _("Nothing here: no such endpoint or record.")}}
    return JsonResponse(body, status=404)
