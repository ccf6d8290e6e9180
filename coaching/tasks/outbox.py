"""Celery task of the outbox: send the tasks that wait in it (every minute, and as each worker starts)."""

import socket

from celery import shared_task
from celery.signals import worker_ready

from ..services.outbox import outbox_drain


@shared_task(name="coaching.outbox_drain")
def outbox_drain_task() -> dict:
    """Send the queued tasks that could not be sent when they were written; note this worker as alive."""
    return outbox_drain(worker=socket.gethostname()).as_dict()


@worker_ready.connect
def _drain_when_a_worker_starts(sender=None, **kwargs):
    """A worker that starts (after an outage, say) sends the backlog at once instead of within the minute."""
    outbox_drain_task.delay()
