"""An import whose process died, on its page: said so, with a button to run it again for administrators only."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coaching import clock
from coaching.models import ImportBatch, ImportSource, ImportStatus, MetricValue
from coaching.services.import_recovery import import_batches_sweep
from coaching.services.imports import metric_values_import_later

from ..factories import MetricFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]

CONTENT = b"employee_id,metric_code,day,value,sample_size\nE1,CSAT,2026-11-22,88,12\n"


@pytest.fixture
def interrupted(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org.agent_a1.employee_id = "E1"
    org.agent_a1.save(update_fields=["employee_id"])
    MetricFactory(code="CSAT")
    upload = SimpleUploadedFile("big.csv", CONTENT)
    batch = metric_values_import_later(source=ImportSource.UPLOAD, actor=org.admin, upload=upload, filename="big.csv")
    long_ago = clock.now() - datetime.timedelta(hours=1)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, heartbeat_at=long_ago)
    import_batches_sweep()
    return batch


def test_the_page_says_the_import_stopped_and_offers_to_run_it_again(client, org, interrupted):
    client.force_login(org.admin)
    html = client.get(reverse("import-detail", args=[interrupted.pk])).content.decode()
    assert "The import stopped before it finished, when the process running it ended: nothing was imported." in html
    assert "Fix the file" not in html
    assert f'action="{reverse("import-retry", args=[interrupted.pk])}"' in html and "Run it again" in html


def test_running_it_again_queues_it_and_the_page_follows_it(
    client, org, interrupted, django_capture_on_commit_callbacks
):
    client.force_login(org.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("import-retry", args=[interrupted.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("import-detail", args=[interrupted.pk])
    assert "The import was queued again." in response.content.decode()
    # Celery runs eagerly in tests: the queued run has run.
    assert ImportBatch.objects.get(pk=interrupted.pk).status == ImportStatus.SUCCEEDED
    assert MetricValue.objects.count() == 1


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "coach_a"])
def test_no_one_but_an_administrator_runs_an_import_again(client, org, interrupted, role):
    client.force_login(getattr(org, role))
    assert client.post(reverse("import-retry", args=[interrupted.pk])).status_code == 404
    assert ImportBatch.objects.get(pk=interrupted.pk).status == ImportStatus.FAILED
    assert MetricValue.objects.count() == 0


def test_running_again_is_a_post(client, org, interrupted):
    client.force_login(org.admin)
    assert client.get(reverse("import-retry", args=[interrupted.pk])).status_code == 405
    assert ImportBatch.objects.get(pk=interrupted.pk).status == ImportStatus.FAILED


def test_a_finished_import_cannot_run_again(client, org, interrupted):
    ImportBatch.objects.filter(pk=interrupted.pk).update(interrupted_at=None)
    client.force_login(org.admin)
    response = client.post(reverse("import-retry", args=[interrupted.pk]), follow=True)
    assert "Only an interrupted import whose file is still kept can run again." in response.content.decode()
    assert reverse("import-retry", args=[interrupted.pk]) not in response.content.decode()
    assert ImportBatch.objects.get(pk=interrupted.pk).status == ImportStatus.FAILED
