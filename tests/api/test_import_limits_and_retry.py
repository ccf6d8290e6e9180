"""The import API at its limits: an over-size body, bad characters, and running a dead import again."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coaching import clock
from coaching.models import ImportBatch, ImportSource, ImportStatus, MetricValue
from coaching.services.import_recovery import import_batches_sweep
from coaching.services.imports import metric_values_import_later

from ..factories import MetricFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]

URL = "/api/v1/metric-values/import/"
DAY = "2026-11-24"


@pytest.fixture
def catalog(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org.agent_a1.employee_id = "E1"
    org.agent_a1.save(update_fields=["employee_id"])
    MetricFactory(code="CSAT")
    return org


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_json_body_over_the_limit_gets_the_api_error_naming_the_limit(catalog, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    rows = [{"employee_id": "E1", "metric_code": "CSAT", "day": DAY, "value": 80, "sample_size": n} for n in range(200)]
    body = json.dumps({"rows": rows})
    assert len(body) > 10_000
    response = token_client(catalog.admin).post(URL, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "request_too_large"
    assert error["message"] == (
        "The request body is larger than the limit of 9.8 KB (DATA_UPLOAD_MAX_MEMORY_SIZE). "
        "Send fewer rows per request, or import them as a CSV file."
    )
    assert not ImportBatch.objects.exists() and not MetricValue.objects.exists()


def test_the_default_limit_is_djangos_and_a_large_file_upload_is_not_held_to_it(catalog, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    content = "employee_id,metric_code,day,value,sample_size\n"
    content += "".join(f"E1,CSAT,2026-11-{day:02d},80,10\n" for day in range(1, 25))
    upload = SimpleUploadedFile("k.csv", content.encode(), content_type="text/csv")
    response = token_client(catalog.admin).post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["rows_inserted"] == 24


def test_a_nul_character_in_a_json_row_is_a_400_by_row_and_column(catalog):
    row = {"employee_id": "E1", "metric_code": "CSAT", "day": DAY, "value": "8\u00000", "sample_size": 10}
    response = token_client(catalog.admin).post(URL, {"rows": [row]}, format="json")
    assert response.status_code == 400
    assert response.json()["batch"]["errors"] == [
        {
            "row": 1,
            "column": "value",
            "message": "This contains a NUL character (a zero byte), which a text value cannot hold.",
        }
    ]
    assert not MetricValue.objects.exists()


def interrupted(org) -> ImportBatch:
    upload = SimpleUploadedFile(
        "big.csv", f"employee_id,metric_code,day,value,sample_size\nE1,CSAT,{DAY},80,10\n".encode()
    )
    batch = metric_values_import_later(source=ImportSource.API, actor=org.admin, upload=upload, filename="big.csv")
    long_ago = clock.now() - datetime.timedelta(hours=2)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, heartbeat_at=long_ago)
    import_batches_sweep()
    return ImportBatch.objects.get(pk=batch.pk)


def test_an_interrupted_import_is_shown_as_such_and_queued_again(catalog, django_capture_on_commit_callbacks):
    batch = interrupted(catalog)
    client = token_client(catalog.admin)
    status = client.get(f"/api/v1/imports/{batch.pk}/").json()
    assert status["status"] == "failed" and status["interrupted_at"] is not None
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(f"/api/v1/imports/{batch.pk}/retry/")
    assert response.status_code == 202
    assert response["Location"].endswith(f"/api/v1/imports/{batch.pk}/")
    assert response.json()["status"] == "pending" and response.json()["interrupted_at"] is None
    again = client.post(f"/api/v1/imports/{batch.pk}/retry/")
    assert again.status_code == 400
    assert again.json()["error"]["message"] == "Only an interrupted import whose file is still kept can run again."


@pytest.mark.parametrize("role", ["manager_a", "coach_a", "agent_a1"])
def test_no_one_but_an_administrator_runs_an_import_again(catalog, role):
    batch = interrupted(catalog)
    response = token_client(getattr(catalog, role)).post(f"/api/v1/imports/{batch.pk}/retry/")
    assert response.status_code == 403
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.FAILED


def test_running_again_an_import_that_does_not_exist_is_a_json_404(catalog):
    response = token_client(catalog.admin).post("/api/v1/imports/999999/retry/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_body_nested_too_deeply_is_a_parse_error_not_a_crash(catalog):
    body = '{"rows": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = token_client(catalog.admin).post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "parse_error",
        "message": "JSON parse error - the body is nested too deeply.",
    }
    response = token_client(catalog.manager_a).post("/api/v1/goals/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"
