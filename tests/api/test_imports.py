"""The import API: who may import, answers by row and column, the status URL and who may read it."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coaching.models import ImportBatch, ImportSource, ImportStatus, MetricValue
from coaching.services.imports import metric_values_import

from ..factories import AdminFactory, MetricFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]

URL = "/api/v1/metric-values/import/"
DAY = "2026-11-24"  # the day before the frozen clock


@pytest.fixture
def catalog(org):
    org.agent_a1.employee_id = "E1"
    org.agent_a1.save(update_fields=["employee_id"])
    MetricFactory(code="CSAT")
    return org


def row(**changes):
    return {"employee_id": "E1", "metric_code": "CSAT", "day": DAY, "value": 87.5, "sample_size": 20, **changes}


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_an_administrator_imports_rows_and_follows_the_status_url(catalog):
    client = api(catalog.admin)
    response = client.post(URL, {"rows": [row()]}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["status"] == "succeeded"
    assert (response.data["rows_inserted"], response.data["rows_unchanged"]) == (1, 0)
    status = client.get(response.data["status_url"])
    assert status.status_code == 200 and status.data["id"] == response.data["id"]
    assert MetricValue.objects.get().value == Decimal("87.5")


def test_a_service_account_imports_with_its_token(catalog):
    service = AdminFactory(username="wfm-sync")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=service).key}")
    response = client.post(URL, {"rows": [row()]}, format="json")
    assert response.status_code == 201
    assert ImportBatch.objects.get().created_by == service


def test_rows_with_errors_answer_400_by_row_and_column_and_change_nothing(catalog):
    response = api(catalog.admin).post(
        URL,
        {"rows": [row(), row(value="lots", day="2999-01-01"), row(sample_size=3), row(metric_code="NOPE")]},
        format="json",
    )
    assert response.status_code == 400
    assert response.data["error"] == {"code": "invalid_rows", "message": "4 errors: nothing was imported."}
    assert response.data["batch"]["error_count"] == 4
    assert response.data["batch"]["errors"] == [
        {"row": 2, "column": "day", "message": "2999-01-01 is in the future."},
        {"row": 2, "column": "value", "message": "Not a number: “lots”."},
        {"row": 3, "column": "day", "message": "Duplicate of row 1: same employee id, metric and day."},
        {"row": 4, "column": "metric_code", "message": "Unknown metric “NOPE”."},
    ]
    assert MetricValue.objects.count() == 0


def test_a_body_without_a_list_of_rows_is_refused(catalog):
    response = api(catalog.admin).post(URL, {"rows": "E1,CSAT"}, format="json")
    assert response.status_code == 400
    assert response.data["error"]["fields"] == {"rows": ["Expected a list of rows."]}
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "coach_a"])
def test_only_administrators_may_import(catalog, role):
    response = api(getattr(catalog, role)).post(URL, {"rows": [row()]}, format="json")
    assert response.status_code == 403
    assert response.data["error"]["code"] == "permission_denied"
    assert MetricValue.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_an_anonymous_caller_is_refused(catalog):
    response = api().post(URL, {"rows": [row()]}, format="json")
    assert response.status_code == 401
    assert MetricValue.objects.count() == 0


def test_the_status_url_is_for_the_creator_and_administrators_only(catalog):
    batch = metric_values_import(source=ImportSource.API, actor=catalog.manager_a, rows=[row()])
    url = f"/api/v1/imports/{batch.pk}/"
    assert api(catalog.manager_a).get(url).status_code == 200
    assert api(catalog.admin).get(url).status_code == 200
    for outsider in (catalog.manager_b, catalog.agent_a1, catalog.coach_a):
        response = api(outsider).get(url)
        assert response.status_code == 404
    assert api(catalog.admin).get("/api/v1/imports/999999/").status_code == 404


def test_a_large_csv_file_is_queued_and_answers_202_with_its_status_url(catalog, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.COACHING_IMPORT_ASYNC_BYTES = 10
    content = f"employee_id,metric_code,day,value,sample_size\nE1,CSAT,{DAY},80,5\n".encode()
    response = api(catalog.admin).post(URL, {"file": SimpleUploadedFile("big.csv", content)}, format="multipart")
    assert response.status_code == 202
    assert response["Location"] == response.data["status_url"]
    assert response.data["status"] == ImportStatus.PENDING
    assert ImportBatch.objects.get().file.name.endswith(".csv")


def test_a_small_csv_file_is_imported_at_once(catalog):
    content = f"employee_id,metric_code,day,value,sample_size\nE1,CSAT,{DAY},80,5\n".encode()
    response = api(catalog.admin).post(URL, {"file": SimpleUploadedFile("kpi.csv", content)}, format="multipart")
    assert response.status_code == 201
    assert response.data["filename"] == "kpi.csv" and response.data["rows_inserted"] == 1


def test_the_status_url_says_how_far_the_rollups_and_alerts_after_a_large_import_are(catalog, settings):
    settings.COACHING_IMPORT_INLINE_ROLLUP_ROWS = 0
    batch = metric_values_import(source=ImportSource.API, actor=catalog.admin, rows=[row()])
    data = api(catalog.admin).get(f"/api/v1/imports/{batch.pk}/").data
    assert data["status"] == ImportStatus.SUCCEEDED
    assert (data["followup_status"], data["followup_series_total"], data["followup_series_done"]) == ("waiting", 1, 0)
    assert data["followup_finished_at"] is None
