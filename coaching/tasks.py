"""Celery tasks: thin wrappers that take ids and call a service."""

import socket

from celery import shared_task
from django.utils import timezone


@shared_task(name="coaching.worker_ping")
def worker_ping() -> dict:
    """Answer from whichever worker runs it: proves broker, worker and result store work."""
    return {"hostname": socket.gethostname(), "answered_at": timezone.now().isoformat()}
