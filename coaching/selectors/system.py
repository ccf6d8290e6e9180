"""Reads of how the application runs: the broker, the workers' latest sign of life.

Both answer quickly when Redis is gone (the connection timeouts of ``config/redis.py``) and
never raise: what cannot be reached is reported as such.
"""

import datetime
import logging
from dataclasses import dataclass

from celery import current_app
from django.core.cache import cache

logger = logging.getLogger(__name__)

# Where the worker draining the outbox leaves its host name and the time, every minute.
WORKER_HEARTBEAT_KEY = "coaching:worker-heartbeat"


@dataclass(frozen=True)
class BrokerHealth:
    """Whether the broker answers: ``reachable`` is ``None`` when tasks run in the web process (no broker)."""

    reachable: bool | None
    error: str = ""


@dataclass(frozen=True)
class WorkerHeartbeat:
    """The latest sign of a working worker: which host, when; or why it could not be read."""

    hostname: str = ""
    seen_at: datetime.datetime | None = None
    error: str = ""


def broker_health() -> BrokerHealth:
    """Connect to the broker once, giving up after its connection timeout."""
    app = current_app
    if app.conf.task_always_eager:
        return BrokerHealth(reachable=None)
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=5)
    except Exception as error:  # whatever the transport raised, the page reports it
        return BrokerHealth(reachable=False, error=str(error))
    return BrokerHealth(reachable=True)


def worker_heartbeat() -> WorkerHeartbeat:
    """The host name and time the last worker to drain the outbox left in the cache (empty if none has)."""
    try:
        found = cache.get(WORKER_HEARTBEAT_KEY)
    except Exception as error:  # the cache is Redis, which may be what is down
        return WorkerHeartbeat(error=str(error))
    if not found:
        return WorkerHeartbeat()
    return WorkerHeartbeat(hostname=found["hostname"], seen_at=datetime.datetime.fromisoformat(found["at"]))
