"""System status for administrators: database, cache and background worker."""

from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from ..permissions import may_see_system_status
from ..tasks.system import worker_ping

WORKER_TIMEOUT_SECONDS = 5


@login_required
def system_status(request):
    """What runs where, and (on POST) a round trip through the background worker."""
    if not may_see_system_status(request.user):
        raise Http404(_("No such page."))
    worker = None
    if request.method == "POST":
        worker = _ping_worker()
    context = {
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "eager": settings.CELERY_TASK_ALWAYS_EAGER,
        "worker": worker,
    }
    template = "coaching/system/worker_result.html" if request.htmx else "coaching/system/status.html"
    return render(request, template, context)


def _ping_worker() -> dict:
    try:
        answer = worker_ping.delay().get(timeout=WORKER_TIMEOUT_SECONDS)
    except CeleryTimeout:
        return {
            "ok": False,
            "error": _("No worker answered within %(seconds)s seconds.") % {"seconds": WORKER_TIMEOUT_SECONDS},
        }
    except OperationalError as error:
        return {"ok": False, "error": _("The broker could not be reached: %(error)s") % {"error": error}}
    return {"ok": True, **answer}
