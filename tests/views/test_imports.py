"""The KPI upload page: administrators only, progress while a large file runs, errors by row and column."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coaching.models import ImportBatch, ImportStatus, MetricValue
from coaching.services.imports import metric_values_import_later

from ..factories import MetricFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]

DAY = "2026-11-22"  # three days before the frozen clock


@pytest.fixture
def catalog(org):
    org.agent_a1.employee_id = "E1"
    org.agent_a1.save(update_fields=["employee_id"])
    MetricFactory(code="CSAT")
    return org


def upload(content: str, name: str = "kpis.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


GOOD = f"employee_id,metric_code,day,value,sample_size\nE1,CSAT,{DAY},88,12\n"


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "coach_a"])
def test_only_administrators_may_open_or_post_the_upload_page(client, catalog, role):
    client.force_login(getattr(catalog, role))
    assert client.get(reverse("import-upload")).status_code == 404
    response = client.post(reverse("import-upload"), {"file": upload(GOOD)})
    assert response.status_code == 404
    assert MetricValue.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_imported(client, catalog):
    response = client.post(reverse("import-upload"), {"file": upload(GOOD)})
    assert response.status_code == 302 and reverse("login") in response.url
    assert MetricValue.objects.count() == 0


def test_an_administrator_uploads_a_small_file_and_sees_the_counts(client, catalog):
    client.force_login(catalog.admin)
    response = client.post(reverse("import-upload"), {"file": upload(GOOD)}, follow=True)
    batch = ImportBatch.objects.get()
    assert response.redirect_chain[-1][0] == reverse("import-detail", args=[batch.pk])
    assert batch.status == ImportStatus.SUCCEEDED and batch.source == "upload" and batch.filename == "kpis.csv"
    html = response.content.decode()
    assert "Inserted" in html and 'hx-trigger="every 1s"' not in html
    assert MetricValue.objects.get().sample_size == 12


def test_a_file_with_errors_shows_them_by_row_and_column(client, catalog):
    client.force_login(catalog.admin)
    bad = f"employee_id,metric_code,day,value,sample_size\nE1,CSAT,{DAY},88,12\nE7,CSAT,{DAY},=1+1,-2\n"
    html = client.post(reverse("import-upload"), {"file": upload(bad)}, follow=True).content.decode()
    assert "3 errors: nothing was imported." in html
    assert "Unknown employee id “E7”." in html
    assert "Not a number: “=1+1”." in html
    assert "The sample size must not be negative." in html
    assert MetricValue.objects.count() == 0


def test_a_large_file_waits_for_the_worker_and_the_page_polls_its_status(client, catalog, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Inside the test transaction the task queued on commit never runs: the batch stays waiting.
    batch = metric_values_import_later(source="upload", actor=catalog.admin, upload=upload(GOOD), filename="big.csv")
    client.force_login(catalog.admin)
    html = client.get(reverse("import-detail", args=[batch.pk])).content.decode()
    assert f'hx-get="{reverse("import-status", args=[batch.pk])}"' in html
    assert 'hx-trigger="every 1s"' in html
    partial = client.get(reverse("import-status", args=[batch.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Waiting for a background worker" in partial and "<html" not in partial


def test_an_upload_above_the_threshold_is_queued_then_imported_by_the_task(
    client, catalog, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.COACHING_IMPORT_ASYNC_BYTES = 10
    client.force_login(catalog.admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("import-upload"), {"file": upload(GOOD)})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.PENDING and batch.file.name.endswith(".csv")
    assert MetricValue.objects.count() == 0
    for callback in callbacks:
        callback()  # Celery is eager in tests: the task runs here
    batch.refresh_from_db()
    assert batch.status == ImportStatus.SUCCEEDED and batch.rows_inserted == 1
    partial = client.get(reverse("import-status", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' not in partial  # polling stops once finished


def test_the_page_follows_the_rollups_and_alerts_of_a_large_import_until_they_are_done(client, catalog):
    batch = ImportBatch.objects.create(
        source="upload",
        created_by=catalog.admin,
        status=ImportStatus.SUCCEEDED,
        finished_at=datetime.datetime(2026, 11, 25, 11, tzinfo=datetime.UTC),
        rows_total=1_000_000,
        rows_inserted=1_000_000,
        followup_status="running",
        followup_series_total=10_000,
        followup_series_done=2_500,
    )
    client.force_login(catalog.admin)
    url = reverse("import-status", args=[batch.pk])
    partial = client.get(url).content.decode()
    assert "Roll-ups and alerts" in partial
    assert "Refreshing the roll-ups: 2,500 of 10,000 agent series; then the alert rules." in partial
    assert 'aria-valuenow="25"' in partial and 'hx-trigger="every 1s"' in partial
    ImportBatch.objects.filter(pk=batch.pk).update(followup_status="done", followup_series_done=10_000)
    partial = client.get(url).content.decode()
    assert "Roll-ups of 10,000 agent series refreshed and the alert rules checked." in partial
    assert 'hx-trigger="every 1s"' not in partial


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "coach_a"])
def test_only_administrators_may_follow_an_import(client, catalog, role):
    batch = ImportBatch.objects.create(source="upload", created_by=catalog.admin, followup_status="waiting")
    client.force_login(getattr(catalog, role))
    assert client.get(reverse("import-status", args=[batch.pk])).status_code == 404
    assert client.get(reverse("import-detail", args=[batch.pk])).status_code == 404
    assert ImportBatch.objects.get(pk=batch.pk).followup_status == "waiting"
