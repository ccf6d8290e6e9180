"""A large import end to end: stored file, task through the outbox and Redis, a worker process, the test database."""

import contextlib
import datetime
import time

import pytest
from celery import Celery, current_app
from django.core.files.uploadedfile import SimpleUploadedFile

from coaching import clock
from coaching.models import ImportBatch, ImportSource, ImportStatus, MetricRollup, MetricValue, OutboxTask
from coaching.services.imports import metric_values_import_file

from .factories import AdminFactory, AgentFactory, MembershipFactory, MetricFactory, TeamFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_large_file_is_imported_by_a_worker_through_redis(redis_url, worker_database, worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.COACHING_IMPORT_ASYNC_BYTES = 100
    admin = AdminFactory(username="importer")
    team = TeamFactory()
    agents = [AgentFactory(employee_id=f"W{n}") for n in range(3)]
    for agent in agents:
        MembershipFactory(agent=agent, team=team)
    MetricFactory(code="CSAT")
    days = [clock.today() - datetime.timedelta(days=n) for n in range(1, 31)]
    lines = ["employee_id,metric_code,day,value,sample_size"]
    lines += [f"W{n},CSAT,{day},{70 + n},{n + 1}" for day in days for n in range(3)]
    upload = SimpleUploadedFile("big.csv", ("\n".join(lines) + "\n").encode())

    # The project's app is eager in this process: the outbox sends through a client app on Redis instead.
    with sending_through(redis_url, queue=worker):
        batch = metric_values_import_file(source=ImportSource.UPLOAD, actor=admin, upload=upload, filename="big.csv")
        assert batch.status == ImportStatus.PENDING
        assert OutboxTask.objects.get(task="coaching.import_batch_run").sent_at is not None
        batch = finished(batch)
    assert batch.status == ImportStatus.SUCCEEDED and batch.error_count == 0
    assert (batch.rows_total, batch.rows_inserted, batch.rows_unchanged) == (90, 90, 0)
    assert batch.finished_at is not None and batch.bytes_processed == batch.file_size
    assert MetricValue.objects.filter(team=team).count() == 90
    assert MetricRollup.objects.filter(team=team, period="month").exists()


def test_a_task_delivered_twice_imports_once(redis_url, worker_database, worker, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    settings.COACHING_IMPORT_ASYNC_BYTES = 10
    AgentFactory(employee_id="W1")
    MetricFactory(code="CSAT")
    content = f"employee_id,metric_code,day,value,sample_size\nW1,CSAT,{clock.today()},80,5\n".encode()
    client = Celery("import-probe", broker=redis_url, backend=redis_url, set_as_current=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("coaching.services.imports.import_batch_enqueue", lambda batch: None)
        batch = metric_values_import_file(
            source=ImportSource.API, actor=None, upload=SimpleUploadedFile("a.csv", content), filename="a.csv"
        )
    first = client.send_task("coaching.import_batch_run", args=[batch.pk], queue=worker)
    second = client.send_task("coaching.import_batch_run", args=[batch.pk], queue=worker)
    assert first.get(timeout=90)["status"] == second.get(timeout=90)["status"] == "succeeded"
    assert MetricValue.objects.count() == 1
    assert ImportBatch.objects.get(pk=batch.pk).rows_inserted == 1


@contextlib.contextmanager
def sending_through(redis_url: str, *, queue: str):
    """Make a client app on ``redis_url``, routing to ``queue``, the current app (what the outbox sends through)."""
    client = Celery("import-probe", broker=redis_url, backend=redis_url, set_as_current=False)
    client.conf.task_default_queue = queue
    previous = current_app._get_current_object()
    client.set_current()
    try:
        yield client
    finally:
        previous.set_current()


def finished(batch: ImportBatch, seconds: float = 90) -> ImportBatch:
    """The batch once the worker has finished it (the outbox does not wait for task results)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.is_finished:
            return batch
        time.sleep(0.2)
    raise AssertionError(f"batch {batch.pk} still {batch.status} after {seconds} s")
