"""Celery task of the System page: a ping that proves broker, worker and result store work."""

import socket

from celery import shared_task

from .. import clock


@shared_task(name="coaching.worker_ping")
def worker_ping() -> dict:
    """Answer from whichever worker runs it, with its host name and the moment it answered."""
    return {"hostname": socket.gethostname(), "answered_at": clock.now().isoformat()}
