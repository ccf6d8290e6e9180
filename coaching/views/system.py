"""System status for administrators: database, cache, broker, workers and the task outbox."""

from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..permissions import may_see_system_status
from ..selectors.outbox import outbox_backlog
from ..selectors.system import broker_health, worker_heartbeat
from ..tasks.system import worker_ping

WORKER_TIMEOUT_SECONDS = 5


@login_required
def system_status(request):
    """What runs where, whether the broker answers, what waits to be sent; (on POST) a round trip through a worker."""
    if not may_see_system_status(request.user):
        raise Http404(_("No such page."))
    broker = broker_health()
    if request.htmx and request.method == "POST":
        return render(request, "coaching/system/worker_result.html", {"worker": _ping_worker(broker)})
    context = {
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "eager": settings.CELERY_TASK_ALWAYS_EAGER,
        "broker": broker,
        "heartbeat": worker_heartbeat(),
        "backlog": outbox_backlog(),
        "worker": _ping_worker(broker) if request.method == "POST" else None,
    }
    return render(request, "coaching/system/status.html", context)


def _ping_worker(broker) -> dict:
    if broker.reachable is False:
        return {"ok": False, "error": _("The broker could not be reached: %(error)s") % {"error": broker.error}}
    try:
        answer = worker_ping.delay().get(timeout=WORKER_TIMEOUT_SECONDS)
    except CeleryTimeout:
        return {
            "ok": False,
            "error": _("No worker answered within %(seconds)s seconds.") % {"seconds": WORKER_TIMEOUT_SECONDS},
        }
    except Exception as error:  # the broker or the result store went away meanwhile
        return {"ok": False, "error": _("The broker could not be reached: %(error)s") % {"error": error}}
    return {"ok": True, **answer}
