"""Celery tasks of KPI imports.

A stored file imported by a worker, the roll-ups and alerts that follow a large import, and
the sweep of imports whose process died.
"""

from celery import shared_task

from .. import clock
from ..services.import_recovery import import_batches_sweep
from ..services.imports import import_batch_follow_up, import_batch_run, imports_tidy


@shared_task(name="coaching.import_batch_run")
def import_batch_run_task(batch_id: int) -> dict:
    """Import a stored file of metric values (a waiting ImportBatch); returns its outcome."""
    batch = import_batch_run(batch_id=batch_id)
    return {"batch": batch.pk, "status": batch.status, "errors": batch.error_count}


@shared_task(name="coaching.imports_sweep")
def imports_sweep_task() -> dict:
    """Mark failed the imports whose process died (no sign of life for COACHING_IMPORT_STALE_MINUTES)."""
    return {"failed": import_batches_sweep()}


@shared_task(name="coaching.import_batch_follow_up")
def import_batch_follow_up_task(batch_id: int) -> dict:
    """Refresh the roll-ups a large import left due, then evaluate the alert rules; returns where it got."""
    batch = import_batch_follow_up(batch_id=batch_id)
    return {"batch": batch.pk, "followup": batch.followup_status, "series": batch.followup_series_done}


@shared_task(name="coaching.imports_tidy")
def imports_tidy_task() -> dict:
    """Hourly: queue again the follow-ups that stalled, delete stored files past their time."""
    return imports_tidy(now=clock.now()).as_dict()
