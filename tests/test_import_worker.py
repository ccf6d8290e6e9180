"""A large import end to end: stored file, task through Redis, a separate worker process, the test database."""

import datetime
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from coaching.models import ImportBatch, ImportSource, ImportStatus, MetricRollup, MetricValue
from coaching.services.imports import metric_values_import_file

from .factories import AdminFactory, AgentFactory, MembershipFactory, MetricFactory, TeamFactory

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _required(reason: str):
    if os.environ.get("REQUIRE_REDIS") == "1":
        pytest.fail(f"REQUIRE_REDIS=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_url():
    if not settings.TEST_REDIS_URL:
        _required("REDIS_URL is not set: no Redis to send the import task through")
    if connection.vendor != "postgresql":
        _required(
            "the worker process cannot reach the in-memory SQLite test database; run with a PostgreSQL DATABASE_URL"
        )
    return settings.TEST_REDIS_URL


def _test_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(redis_url, tmp_path):
    """A worker of the project's app on a queue of its own, using the test database and media folder."""
    queue = f"test-import-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": _test_database_url(),
        "MEDIA_ROOT": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool", "solo"]
    command += ["--without-gossip", "--without-mingle", "--loglevel", "WARNING"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    yield queue
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_large_file_is_imported_by_a_worker_through_redis(redis_url, worker, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    settings.COACHING_IMPORT_ASYNC_BYTES = 100
    admin = AdminFactory(username="importer")
    team = TeamFactory()
    agents = [AgentFactory(employee_id=f"W{n}") for n in range(3)]
    for agent in agents:
        MembershipFactory(agent=agent, team=team)
    MetricFactory(code="CSAT")
    days = [datetime.date.today() - datetime.timedelta(days=n) for n in range(1, 31)]
    lines = ["employee_id,metric_code,day,value,sample_size"]
    lines += [f"W{n},CSAT,{day},{70 + n},{n + 1}" for day in days for n in range(3)]
    upload = SimpleUploadedFile("big.csv", ("\n".join(lines) + "\n").encode())
    # The project's app is eager in this process: send the queued task through Redis instead.
    client = Celery("import-probe", broker=redis_url, backend=redis_url)
    sent = []
    monkeypatch.setattr(
        "coaching.tasks.import_batch_run_task.delay",
        lambda batch_id: sent.append(client.send_task("coaching.import_batch_run", args=[batch_id], queue=worker)),
    )

    batch = metric_values_import_file(source=ImportSource.UPLOAD, actor=admin, upload=upload, filename="big.csv")

    assert batch.status == ImportStatus.PENDING and len(sent) == 1
    answer = sent[0].get(timeout=90)
    batch.refresh_from_db()
    assert answer == {"batch": batch.pk, "status": "succeeded", "errors": 0}
    assert (batch.rows_total, batch.rows_inserted, batch.rows_unchanged) == (90, 90, 0)
    assert batch.finished_at is not None and batch.bytes_processed == batch.file_size
    assert MetricValue.objects.filter(team=team).count() == 90
    assert MetricRollup.objects.filter(team=team, period="month").exists()


def test_a_task_delivered_twice_imports_once(redis_url, worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.COACHING_IMPORT_ASYNC_BYTES = 10
    AgentFactory(employee_id="W1")
    MetricFactory(code="CSAT")
    content = f"employee_id,metric_code,day,value,sample_size\nW1,CSAT,{datetime.date.today()},80,5\n".encode()
    client = Celery("import-probe", broker=redis_url, backend=redis_url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("coaching.tasks.import_batch_run_task.delay", lambda batch_id: None)
        batch = metric_values_import_file(
            source=ImportSource.API, actor=None, upload=SimpleUploadedFile("a.csv", content), filename="a.csv"
        )
    first = client.send_task("coaching.import_batch_run", args=[batch.pk], queue=worker)
    second = client.send_task("coaching.import_batch_run", args=[batch.pk], queue=worker)
    assert first.get(timeout=90)["status"] == second.get(timeout=90)["status"] == "succeeded"
    assert MetricValue.objects.count() == 1
    assert ImportBatch.objects.get(pk=batch.pk).rows_inserted == 1
