"""Celery tasks: thin wrappers that take ids and call a service."""

import socket

from celery import shared_task
from django.utils import timezone

from .services.imports import import_batch_run


@shared_task(name="coaching.worker_ping")
def worker_ping() -> dict:
    """Answer from whichever worker runs it: proves broker, worker and result store work."""
    return {"hostname": socket.gethostname(), "answered_at": timezone.now().isoformat()}


@shared_task(name="coaching.import_batch_run")
def import_batch_run_task(batch_id: int) -> dict:
    """Import a stored file of metric values (a waiting ImportBatch); returns its outcome."""
    batch = import_batch_run(batch_id=batch_id)
    return {"batch": batch.pk, "status": batch.status, "errors": batch.error_count}


# Each step's tasks live beside their concern; importing them here registers them with
# Celery, whose autodiscovery only looks for ``coaching.tasks``.
from . import tasks_alerts, tasks_notifications, tasks_pulse  # noqa: E402,F401
