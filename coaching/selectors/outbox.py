"""Reads of the task outbox: what waits for the broker, for the System page and the import pages."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min

from ..models import OutboxTask


@dataclass(frozen=True)
class OutboxBacklog:
    """The tasks waiting to be sent: how many, since when, and the broker's last refusal."""

    waiting: int
    oldest: datetime.datetime | None
    last_attempt_at: datetime.datetime | None
    last_error: str


def outbox_backlog() -> OutboxBacklog:
    """What waits in the outbox now (two queries, whatever its size)."""
    waiting = OutboxTask.objects.waiting()
    summary = waiting.order_by().aggregate(count=Count("pk"), oldest=Min("created_at"), last=Max("last_attempt_at"))
    last_error = ""
    if summary["last"] is not None:
        last_error = waiting.filter(last_attempt_at=summary["last"]).values_list("last_error", flat=True).first() or ""
    return OutboxBacklog(
        waiting=summary["count"], oldest=summary["oldest"], last_attempt_at=summary["last"], last_error=last_error
    )


def task_waits_for_broker(task, **kwargs) -> bool:
    """Whether ``task`` (a Celery task or its name) with these keyword arguments waits, unsent, after the broker failed.

    A row not sent yet but never tried is only between its commit and its sending.
    """
    name = task if isinstance(task, str) else task.name
    lookups = {f"kwargs__{key}": value for key, value in kwargs.items()}
    return OutboxTask.objects.waiting().filter(task=name, attempts__gt=0, **lookups).exists()
