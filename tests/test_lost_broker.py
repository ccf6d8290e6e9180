"""A lost broker: REDIS_URL points at a closed port and Celery is not eager.

Every action that queues a task answers as usual (a redirect, a 201), writes its data once,
says on the page what will happen, and leaves its task in the outbox, which the next drain
sends once the broker is back. The API throttle, whose counts live in the same Redis, lets
requests through with a warning in the log.
"""

import datetime
import logging
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coaching.api.throttling import TokenRateThrottle
from coaching.middleware import TASKS_WAITING_MESSAGE
from coaching.models import CompanyValue, ImportBatch, ImportStatus, MetricValue, OutboxTask, Recognition
from coaching.services.imports import import_batch_run
from coaching.services.outbox import outbox_drain
from config.redis import redis_settings

from .conftest import CLOSED_REDIS_URL
from .factories import MetricFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]

DAY = "2026-11-22"
ROW = f"employee_id,metric_code,day,value,sample_size\nE1,CSAT,{DAY},88,12\n"


@pytest.fixture
def catalog(org):
    org.agent_a1.employee_id = "E1"
    org.agent_a1.save(update_fields=["employee_id"])
    MetricFactory(code="CSAT")
    return org


# Real commits, so the task is sent (and refused) inside the request, as in production.
@pytest.mark.django_db(transaction=True)
def test_recognition_is_saved_once_and_its_email_waits_for_the_broker(client, org, lost_broker, broker_back):
    value = CompanyValue.objects.create(name="Customer first", order=1)
    client.force_login(org.manager_a)
    response = client.post(
        reverse("recognition-create"), {"agent": org.agent_a1.pk, "value": value.pk, "message": "Great call"}
    )
    assert response.status_code == 302
    assert Recognition.objects.count() == 1
    waiting = OutboxTask.objects.waiting().get()
    assert waiting.task == "coaching.notification_email" and waiting.attempts == 1
    page = client.get(response.url).content.decode()
    assert "Thank you: your recognition is on the wall." in page
    assert TASKS_WAITING_MESSAGE.split(":")[0] in page  # "Saved. The task queue cannot be reached just now"

    received = broker_back()
    assert outbox_drain().sent == 1
    assert received() == [{"task": "coaching.notification_email", "kwargs": waiting.kwargs}]
    assert Recognition.objects.count() == 1


def test_a_large_upload_is_saved_waits_for_the_broker_then_runs(
    client, catalog, lost_broker, broker_back, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.COACHING_IMPORT_ASYNC_BYTES = 10
    client.force_login(catalog.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("import-upload"), {"file": SimpleUploadedFile("big.csv", ROW.encode())})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("import-detail", args=[batch.pk])
    assert batch.status == ImportStatus.PENDING and MetricValue.objects.count() == 0
    page = client.get(response.url).content.decode()
    assert "the import will start when it is back" in page
    assert OutboxTask.objects.waiting().get().kwargs == {"batch_id": batch.pk}

    received = broker_back()
    assert outbox_drain().sent == 1
    assert received() == [{"task": "coaching.import_batch_run", "kwargs": {"batch_id": batch.pk}}]
    # What the worker then does with it:
    assert import_batch_run(batch_id=batch.pk).status == ImportStatus.SUCCEEDED
    assert MetricValue.objects.count() == 1
    assert "the import will start when it is back" not in client.get(response.url).content.decode()


def test_a_one_row_import_succeeds_and_its_alert_check_waits(catalog, lost_broker, django_capture_on_commit_callbacks):
    client = APIClient()
    client.force_authenticate(catalog.admin)
    row = {"employee_id": "E1", "metric_code": "CSAT", "day": DAY, "value": 88, "sample_size": 12}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/metric-values/import/", {"rows": [row]}, format="json")
    assert response.status_code == 201, response.content
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_inserted, batch.errors) == (ImportStatus.SUCCEEDED, 1, [])
    assert MetricValue.objects.count() == 1
    assert OutboxTask.objects.waiting().get().task == "coaching.alerts_evaluate"


@pytest.fixture
def lost_cache(settings, monkeypatch):
    """The throttle's cache is the Redis that is gone; warnings of an earlier test do not mute this one's."""
    settings.CACHES = redis_settings(CLOSED_REDIS_URL)["CACHES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/min"}}
    monkeypatch.setattr(TokenRateThrottle, "_last_warning", -math.inf)


def test_token_calls_pass_when_the_throttle_cannot_count(org, lost_cache, caplog):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=org.admin).key}")
    with caplog.at_level(logging.WARNING, logger="coaching.api.throttling"):
        statuses = [client.get("/api/v1/teams/").status_code for _ in range(5)]
    assert statuses == [200] * 5  # over "3/min", but nothing can count
    warnings = [record for record in caplog.records if record.name == "coaching.api.throttling"]
    assert len(warnings) == 1  # once a minute, not once a request
    assert "requests pass" in warnings[0].getMessage()


def test_the_system_page_shows_the_broker_down_and_the_backlog(
    client, org, lost_broker, settings, django_capture_on_commit_callbacks
):
    from coaching.services.outbox import task_enqueue
    from coaching.tasks.system import worker_ping

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = redis_settings(CLOSED_REDIS_URL)["CACHES"]
    with django_capture_on_commit_callbacks(execute=True):
        task_enqueue(worker_ping)
        task_enqueue(worker_ping)
    client.force_login(org.admin)
    html = client.get(reverse("system-status")).content.decode()
    assert "Unreachable" in html and "Connection refused" in html
    assert "2 tasks wait; the oldest was written now." in html
    assert "Unknown: the cache cannot be reached." in html
    checked = client.post(reverse("system-status"), HTTP_HX_REQUEST="true").content.decode()
    assert "The broker could not be reached" in checked
