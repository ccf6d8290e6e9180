"""Imports whose process died: the sweeper marks them failed (nothing written), and one can run again."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coaching import clock
from coaching.models import ImportBatch, ImportSource, ImportStatus, MetricValue, OutboxTask
from coaching.services.import_recovery import import_batch_can_retry, import_batch_retry, import_batches_sweep
from coaching.services.imports import import_batch_run, metric_values_import, metric_values_import_later
from coaching.tasks.imports import imports_sweep_task
from coaching.tasks.schedule import BEAT_SCHEDULE

from ..factories import MetricFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]

CONTENT = b"employee_id,metric_code,day,value,sample_size\nE1,CSAT,2026-11-20,80,10\n"


@pytest.fixture
def catalog(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.COACHING_IMPORT_STALE_MINUTES = 30
    org.agent_a1.employee_id = "E1"
    org.agent_a1.save(update_fields=["employee_id"])
    MetricFactory(code="CSAT")
    return org


def stored_batch(org) -> ImportBatch:
    """A large upload, stored and queued (inside the test transaction its task is never sent)."""
    upload = SimpleUploadedFile("big.csv", CONTENT)
    return metric_values_import_later(source=ImportSource.UPLOAD, actor=org.admin, upload=upload, filename="big.csv")


def killed_while_running(batch: ImportBatch, minutes_ago: int) -> ImportBatch:
    """The batch as a worker left it when it was killed ``minutes_ago``: running, its last progress then."""
    moment = clock.now() - datetime.timedelta(minutes=minutes_ago)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING, started_at=moment, heartbeat_at=moment, rows_processed=50_000
    )
    return ImportBatch.objects.get(pk=batch.pk)


def test_a_run_whose_worker_died_is_marked_failed_and_nothing_is_written(catalog):
    batch = killed_while_running(stored_batch(catalog), minutes_ago=31)
    assert import_batches_sweep() == [batch.pk]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert batch.interrupted_at == clock.now() and batch.finished_at == clock.now()
    assert batch.error_count == 1
    assert batch.errors[0]["message"].startswith("The import stopped before it finished (its process ended)")
    assert batch.errors[0]["message"].endswith("Run it again.")
    assert (batch.rows_inserted, batch.rows_updated) == (0, 0)
    assert MetricValue.objects.count() == 0
    assert import_batch_can_retry(batch)
    assert import_batches_sweep() == []  # once


def test_a_run_with_a_recent_sign_of_life_is_left_running(catalog):
    batch = killed_while_running(stored_batch(catalog), minutes_ago=29)
    assert import_batches_sweep() == []
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.RUNNING


def test_a_small_import_killed_with_its_web_process_is_failed_with_no_file_to_run_again(catalog, time_machine):
    batch = metric_values_import(source=ImportSource.API, actor=None, rows=[{"employee_id": "E1"}])
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, finished_at=None)
    time_machine.move_to(clock.now() + datetime.timedelta(hours=1), tick=False)
    assert import_batches_sweep() == [batch.pk]
    batch.refresh_from_db()
    assert batch.errors[0]["message"].endswith("Send it again.")
    assert not import_batch_can_retry(batch)


def test_a_waiting_batch_whose_task_waits_for_the_broker_is_not_dead(catalog, time_machine):
    batch = stored_batch(catalog)
    assert OutboxTask.objects.waiting().filter(kwargs__batch_id=batch.pk).exists()
    time_machine.move_to(clock.now() + datetime.timedelta(hours=5), tick=False)
    assert import_batches_sweep() == []
    # Sent just now, after the broker came back: the worker has time to take it.
    OutboxTask.objects.update(sent_at=clock.now())
    assert import_batches_sweep() == []
    # Sent long ago and never taken (the broker lost it, or the worker died holding it).
    time_machine.move_to(clock.now() + datetime.timedelta(minutes=31), tick=False)
    assert import_batches_sweep() == [batch.pk]


def test_a_run_that_finishes_after_being_swept_is_recorded_as_it_ended(catalog):
    batch = killed_while_running(stored_batch(catalog), minutes_ago=40)
    import_batches_sweep()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.PENDING)  # let the run claim it again
    assert import_batch_run(batch_id=batch.pk).status == ImportStatus.SUCCEEDED
    batch.refresh_from_db()
    assert batch.status == ImportStatus.SUCCEEDED and batch.interrupted_at is None


def test_an_interrupted_batch_runs_again_from_its_file(catalog, django_capture_on_commit_callbacks):
    batch = killed_while_running(stored_batch(catalog), minutes_ago=31)
    import_batches_sweep()
    OutboxTask.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        queued = import_batch_retry(batch=batch, actor=catalog.admin)
        assert queued.status == ImportStatus.PENDING and queued.interrupted_at is None and queued.errors == []
        assert OutboxTask.objects.get().kwargs == {"batch_id": batch.pk}
    # Celery is eager here: the queued run ran after the commit.
    batch.refresh_from_db()
    assert batch.status == ImportStatus.SUCCEEDED and batch.rows_inserted == 1
    assert MetricValue.objects.count() == 1


def test_only_an_interrupted_batch_with_its_file_runs_again(catalog):
    failed = metric_values_import(source=ImportSource.UPLOAD, actor=None, stream=io.BytesIO(b"x"), filename="x.csv")
    with pytest.raises(ValidationError, match="Only an interrupted import"):
        import_batch_retry(batch=failed, actor=catalog.admin)
    gone = killed_while_running(stored_batch(catalog), minutes_ago=31)
    import_batches_sweep()
    gone.refresh_from_db()
    gone.file.storage.delete(gone.file.name)
    with pytest.raises(ValidationError):
        import_batch_retry(batch=gone, actor=catalog.admin)
    assert ImportBatch.objects.get(pk=gone.pk).status == ImportStatus.FAILED


@pytest.mark.parametrize("role", ["manager_a", "coach_a", "agent_a1"])
def test_only_administrators_run_an_import_again(catalog, role):
    batch = killed_while_running(stored_batch(catalog), minutes_ago=31)
    import_batches_sweep()
    batch.refresh_from_db()
    with pytest.raises(PermissionDenied):
        import_batch_retry(batch=batch, actor=getattr(catalog, role))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.FAILED


def test_beat_sweeps_every_five_minutes(catalog):
    entry = BEAT_SCHEDULE["coaching-imports-sweep"]
    assert entry["task"] == imports_sweep_task.name
    assert entry["schedule"].minute == set(range(0, 60, 5))
    batch = killed_while_running(stored_batch(catalog), minutes_ago=31)
    assert imports_sweep_task.delay().get() == {"failed": [batch.pk]}
