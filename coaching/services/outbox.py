"""The task outbox: the one way code hands work to the Celery workers.

``task_enqueue(task, **kwargs)`` writes an ``OutboxTask`` row in the caller's transaction,
so a task exists exactly when the data it follows was committed (a rolled back change
queues nothing), and tries to send it to the broker right after the commit. When the broker
cannot be reached the row waits, the request still answers at once (its data is saved),
and ``outbox_drain`` sends it later: a beat task every minute and each worker as it starts
(``coaching/tasks/outbox.py``). Each row is sent once and marked sent; a sender that dies
between sending and marking leaves the row to be sent again, so every task sent this way
must be safe to run twice (they are: each checks what it already did).

Without a broker (``REDIS_URL`` unset) Celery runs tasks eagerly: sending a row runs its
task in the process, after the commit, as before.

Requests that wrapped themselves in ``tasks_waiting_watch()`` (``coaching/middleware.py``
does it for every page) learn which of their tasks had to wait, to say so to the person.
"""

import contextlib
import contextvars
import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from celery import current_app
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q

from .. import clock
from ..models import OutboxTask
from ..selectors.system import WORKER_HEARTBEAT_KEY

logger = logging.getLogger(__name__)

# How long a sender holds a row it is sending; a sender that died lets go of it then.
CLAIM_SECONDS = 60
# Rows one drain sends at most (the next run, a minute later, sends the rest).
DRAIN_LIMIT = 5_000
# Sent rows are kept this long (to look into what went out), then deleted.
SENT_KEPT = datetime.timedelta(days=7)
# How long a worker's sign of life stays in the cache (the System page reads it).
WORKER_HEARTBEAT_SECONDS = 60 * 60

_waiting_in_request: contextvars.ContextVar[list | None] = contextvars.ContextVar("outbox_waiting", default=None)


@dataclass(frozen=True)
class DrainResult:
    """What one drain did: rows sent, rows still waiting, and why sending stopped (empty if it did not)."""

    sent: int
    waiting: int
    error: str = ""

    def as_dict(self) -> dict:
        return {"sent": self.sent, "waiting": self.waiting, "error": self.error}


def task_enqueue(task, /, **kwargs) -> OutboxTask:
    """Queue ``task`` (a Celery task or its registered name) with ``kwargs``; it is sent after the commit.

    ``kwargs`` must be JSON: ids and ISO dates, never objects.
    """
    name = task if isinstance(task, str) else task.name
    if name not in _registered_tasks():
        raise ValueError(f"Unknown task: {name!r}")
    row = OutboxTask.objects.create(task=name, kwargs=kwargs)
    transaction.on_commit(lambda: _send([row]))
    return row


def outbox_drain(*, limit: int = DRAIN_LIMIT, worker: str = "") -> DrainResult:
    """Send the waiting rows, oldest first, until none is left or the broker fails; delete old sent rows.

    ``worker`` (a host name) is left in the cache as the latest sign of a working worker.
    """
    now = clock.now()
    rows = list(OutboxTask.objects.waiting().filter(_free(now))[:limit])
    sent, error = _send(rows)
    OutboxTask.objects.filter(sent_at__lt=now - SENT_KEPT).delete()
    if worker:
        cache.set(WORKER_HEARTBEAT_KEY, {"hostname": worker, "at": clock.now().isoformat()}, WORKER_HEARTBEAT_SECONDS)
    return DrainResult(sent=sent, waiting=OutboxTask.objects.waiting().count(), error=error)


@contextlib.contextmanager
def tasks_waiting_watch() -> Iterator[list[OutboxTask]]:
    """Collect, while the block runs, the tasks that could not be sent and wait in the outbox."""
    waiting: list[OutboxTask] = []
    token = _waiting_in_request.set(waiting)
    try:
        yield waiting
    finally:
        _waiting_in_request.reset(token)


def _registered_tasks():
    # Imported here: the task modules import the services. Importing them registers every task.
    from .. import tasks  # noqa: F401

    return current_app.tasks


def _free(now: datetime.datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def _send(rows: list[OutboxTask]) -> tuple[int, str]:
    """Send ``rows`` in order; stops at the first failure (the broker is down: the rest would fail too)."""
    app = current_app
    sent = 0
    for row in rows:
        now = clock.now()
        waiting = OutboxTask.objects.filter(_free(now), pk=row.pk, sent_at__isnull=True)
        task = app.tasks[row.task]
        if app.conf.task_always_eager:
            # Sending is running, here and now: mark it first, so a task that fails is not run again.
            if waiting.update(sent_at=now, claimed_until=None):
                sent += 1
                task.apply_async(kwargs=row.kwargs)
            continue
        if not waiting.update(claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS)):
            continue  # sent meanwhile, or another sender holds it
        try:
            # Nothing reads these tasks' results: not subscribing to them spares the result store.
            task.apply_async(kwargs=row.kwargs, ignore_result=True)
        except Exception as error:  # whatever the broker raised: the row waits, the request does not fail
            _note_failure(row, error)
            return sent, str(error)
        OutboxTask.objects.filter(pk=row.pk).update(sent_at=clock.now(), claimed_until=None)
        sent += 1
    return sent, ""


def _note_failure(row: OutboxTask, error: Exception) -> None:
    logger.warning("Task %s (outbox #%s) waits: the broker could not be reached (%s)", row.task, row.pk, error)
    OutboxTask.objects.filter(pk=row.pk).update(
        claimed_until=None,
        attempts=F("attempts") + 1,
        last_attempt_at=clock.now(),
        last_error=str(error)[:1000],
    )
    waiting = _waiting_in_request.get()
    if waiting is not None:
        waiting.append(row)
