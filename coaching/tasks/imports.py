"""Celery task of KPI imports: a stored file of metric values, imported by a worker."""

from celery import shared_task

from ..services.imports import import_batch_run


@shared_task(name="coaching.import_batch_run")
def import_batch_run_task(batch_id: int) -> dict:
    """Import a stored file of metric values (a waiting ImportBatch); returns its outcome."""
    batch = import_batch_run(batch_id=batch_id)
    return {"batch": batch.pk, "status": batch.status, "errors": batch.error_count}
