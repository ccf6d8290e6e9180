"""Imports whose process died: the sweeper that marks them failed, and running one again.

A run saves a sign of life (``ImportBatch.heartbeat_at``) when it is queued, when it starts
and after every chunk it reads. A batch still waiting or running with no sign of life for
``COACHING_IMPORT_STALE_MINUTES`` lost its process (a worker or web process killed, a task
lost with the broker): the sweeper, run by beat every five minutes, marks it failed. Nothing
was written, since an import writes all its rows in one transaction. A batch whose task
still waits in the outbox for the broker is not dead: it is left waiting.

A batch marked so keeps its stored file (a large upload) and can be run again from its page;
a small file or JSON rows were imported in the request and are not kept: they are sent again.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .. import clock
from ..models import ImportBatch, ImportStatus, OutboxTask, User
from ..permissions import may_import
from ..rules.import_rows import RowError
from .imports import import_batch_enqueue


def import_batches_sweep() -> list[int]:
    """Mark failed every waiting or running batch silent for too long; returns their ids."""
    now = clock.now()
    cutoff = now - datetime.timedelta(minutes=settings.COACHING_IMPORT_STALE_MINUTES)
    silent = ImportBatch.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff),
        status__in=[ImportStatus.PENDING, ImportStatus.RUNNING],
    )
    swept = []
    for batch in silent.only("pk", "status", "heartbeat_at", "file"):
        if batch.status == ImportStatus.PENDING and _task_recently_queued(batch, cutoff):
            continue
        # Only if nothing moved since it was read: a run that just woke up is left alone.
        marked = ImportBatch.objects.filter(pk=batch.pk, status=batch.status, heartbeat_at=batch.heartbeat_at).update(
            status=ImportStatus.FAILED,
            finished_at=now,
            interrupted_at=now,
            rows_inserted=0,
            rows_updated=0,
            rows_unchanged=0,
            error_count=1,
            errors=[_interrupted_error(batch).as_dict()],
        )
        if marked:
            swept.append(batch.pk)
    return swept


def _task_recently_queued(batch: ImportBatch, cutoff: datetime.datetime) -> bool:
    """Whether the batch's run task still waits for the broker, or reached it after ``cutoff``."""
    # Imported here because the task module imports the services.
    from ..tasks.imports import import_batch_run_task

    return (
        OutboxTask.objects.filter(task=import_batch_run_task.name, kwargs__batch_id=batch.pk)
        .filter(Q(sent_at__isnull=True) | Q(sent_at__gte=cutoff))
        .exists()
    )


def _interrupted_error(batch: ImportBatch) -> RowError:
    if batch.file:
        message = _("The import stopped before it finished (its process ended); nothing was changed. Run it again.")
    else:
        message = _("The import stopped before it finished (its process ended); nothing was changed. Send it again.")
    return RowError(None, "", message)


def import_batch_can_retry(batch: ImportBatch) -> bool:
    """Whether ``batch`` was interrupted and its file is still stored, so it can run again."""
    return (
        batch.status == ImportStatus.FAILED
        and batch.interrupted_at is not None
        and bool(batch.file)
        and batch.file.storage.exists(batch.file.name)
    )


@transaction.atomic
def import_batch_retry(*, batch: ImportBatch, actor: User) -> ImportBatch:
    """Queue an interrupted batch again from its stored file; it waits for a worker as when it was uploaded."""
    if not may_import(actor):
        raise PermissionDenied(_("Only administrators import KPI data."))
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not import_batch_can_retry(batch):
        raise ValidationError(_("Only an interrupted import whose file is still kept can run again."))
    now = clock.now()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.PENDING,
        started_at=None,
        finished_at=None,
        interrupted_at=None,
        heartbeat_at=now,
        bytes_processed=0,
        rows_processed=0,
        rows_total=0,
        error_count=0,
        errors=[],
    )
    batch.refresh_from_db()
    import_batch_enqueue(batch)
    return batch
