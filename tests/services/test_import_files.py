"""Import files travel through Django's storage API: stored by the web process, read by a worker, then deleted."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from coaching.models import ImportBatch, ImportSource, ImportStatus, MetricValue
from coaching.services.imports import import_batch_run, imports_tidy, metric_values_import_file

from ..factories import MetricFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]

DAY = "2026-11-22"
GOOD = f"employee_id,metric_code,day,value,sample_size\nE1,CSAT,{DAY},88,12\nE2,CSAT,{DAY},70,9\n"
BAD = f"employee_id,metric_code,day,value,sample_size\nE1,CSAT,{DAY},880,12\n"


@pytest.fixture
def catalog(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COACHING_IMPORT_ASYNC_BYTES = 10  # every file goes to the worker
    for agent, employee_id in ((org.agent_a1, "E1"), (org.agent_a2, "E2")):
        agent.employee_id = employee_id
        agent.save(update_fields=["employee_id"])
    MetricFactory(code="CSAT", max_value=100)
    return org


@pytest.fixture
def in_memory(settings):
    """A storage that is no disk at all, as an object store is to the web process and the worker."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    return storages["default"]


def queue(catalog, content: str, monkeypatch) -> ImportBatch:
    """Upload ``content``; the task it queues on commit is held back, as if the worker were elsewhere."""
    monkeypatch.setattr("coaching.services.imports.import_batch_enqueue", lambda batch: None)
    upload = SimpleUploadedFile("kpis.csv", content.encode(), content_type="text/csv")
    batch = metric_values_import_file(source=ImportSource.UPLOAD, actor=catalog.admin, upload=upload, filename="x")
    assert batch.status == ImportStatus.PENDING
    return batch


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_with_the_default_storage_the_file_waits_on_disk_and_is_deleted_once_imported(catalog, settings, monkeypatch):
    batch = queue(catalog, GOOD, monkeypatch)
    assert [path.name for path in files_under(settings.MEDIA_ROOT)] == [f"batch-{batch.pk}.csv"]

    done = import_batch_run(batch_id=batch.pk)

    assert done.status == ImportStatus.SUCCEEDED and done.rows_inserted == 2
    assert files_under(settings.MEDIA_ROOT) == []
    assert ImportBatch.objects.get(pk=batch.pk).file.name == ""
    assert done.checksum  # what the file was stays on record


def test_a_failed_import_deletes_its_file_too(catalog, settings, monkeypatch):
    batch = queue(catalog, BAD, monkeypatch)
    done = import_batch_run(batch_id=batch.pk)
    assert done.status == ImportStatus.FAILED and done.error_count == 1
    assert files_under(settings.MEDIA_ROOT) == []


def test_the_worker_reads_the_file_through_the_storage_not_a_shared_disk(catalog, settings, in_memory, monkeypatch):
    batch = queue(catalog, GOOD, monkeypatch)
    name = ImportBatch.objects.get(pk=batch.pk).file.name
    assert in_memory.exists(name) and files_under(settings.MEDIA_ROOT) == []  # nothing on this machine's disk
    opened = []
    real_open = in_memory.open
    monkeypatch.setattr(in_memory, "open", lambda *args, **kwargs: opened.append(args[0]) or real_open(*args, **kwargs))

    done = import_batch_run(batch_id=batch.pk)

    assert done.status == ImportStatus.SUCCEEDED and MetricValue.objects.count() == 2
    assert opened == [name]
    assert not in_memory.exists(name)


def test_files_are_kept_for_the_retention_period_then_deleted_by_the_hourly_tidy_up(
    catalog, settings, in_memory, monkeypatch
):
    settings.COACHING_IMPORT_FILE_RETENTION_DAYS = 2
    batch = queue(catalog, GOOD, monkeypatch)
    name = ImportBatch.objects.get(pk=batch.pk).file.name
    import_batch_run(batch_id=batch.pk)
    assert in_memory.exists(name)
    now = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)
    assert imports_tidy(now=now + datetime.timedelta(days=1)).files_deleted == 0
    assert in_memory.exists(name)
    assert imports_tidy(now=now + datetime.timedelta(days=3)).files_deleted == 1
    assert not in_memory.exists(name) and ImportBatch.objects.get(pk=batch.pk).file.name == ""


def test_the_tidy_up_queues_again_a_stalled_follow_up_and_keeps_an_interrupted_files_for_a_week(catalog, monkeypatch):
    finished = datetime.datetime(2026, 11, 25, 11, tzinfo=datetime.UTC)
    stalled = ImportBatch.objects.create(
        source=ImportSource.API, status=ImportStatus.SUCCEEDED, finished_at=finished, followup_status="failed"
    )
    interrupted = queue(catalog, GOOD, monkeypatch)
    ImportBatch.objects.filter(pk=interrupted.pk).update(
        status=ImportStatus.FAILED, finished_at=finished, interrupted_at=finished
    )
    follow_ups = []
    monkeypatch.setattr(
        "coaching.services.imports.task_enqueue", lambda task, **kwargs: follow_ups.append((task.name, kwargs))
    )
    now = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)

    assert imports_tidy(now=now).as_dict() == {"follow_ups_queued": 1, "files_deleted": 0}
    assert follow_ups == [("coaching.import_batch_follow_up", {"batch_id": stalled.pk})]
    assert ImportBatch.objects.get(pk=interrupted.pk).file.name  # kept, so it can run again
    assert imports_tidy(now=now + datetime.timedelta(days=8)).files_deleted == 1
    assert ImportBatch.objects.get(pk=interrupted.pk).file.name == ""


def test_a_small_file_is_imported_at_once_and_never_stored(catalog, settings, monkeypatch):
    settings.COACHING_IMPORT_ASYNC_BYTES = 10_000
    batch = metric_values_import_file(
        source=ImportSource.UPLOAD, actor=catalog.admin, upload=io.BytesIO(GOOD.encode()), filename="small.csv"
    )
    assert batch.status == ImportStatus.SUCCEEDED and batch.file.name == ""
    assert files_under(settings.MEDIA_ROOT) == []
