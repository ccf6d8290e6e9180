"""The System page: broker, workers and the tasks waiting in the outbox, for administrators only."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from coaching.models import OutboxTask
from coaching.services.outbox import outbox_drain, task_enqueue
from coaching.tasks.system import worker_ping

pytestmark = pytest.mark.django_db


def test_without_redis_the_page_says_tasks_run_in_process_and_nothing_waits(client, org):
    client.force_login(org.admin)
    html = client.get(reverse("system-status")).content.decode()
    assert "Run inside the web process (REDIS_URL is not set)" in html
    assert 'id="broker-health"' not in html
    assert "Nothing waits: every task was sent." in html


def test_with_the_broker_back_the_page_shows_it_reachable_and_the_worker_that_drained(
    client, org, broker_back, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    broker_back()
    task_enqueue(worker_ping)  # inside the test transaction: not sent yet
    client.force_login(org.admin)
    html = client.get(reverse("system-status")).content.decode()
    assert "Reachable" in html
    assert "1 task waits; it was written now." in html
    assert "No worker has checked in within the last hour." in html
    cache.clear()
    outbox_drain(worker="worker-7")
    html = client.get(reverse("system-status")).content.decode()
    assert "worker-7 sent the waiting tasks now" in html
    assert "Nothing waits: every task was sent." in html
    assert OutboxTask.objects.get().sent_at is not None


def test_the_page_reads_the_backlog_in_a_fixed_number_of_queries(client, org, django_assert_max_num_queries):
    for _ in range(30):
        task_enqueue(worker_ping)
    client.force_login(org.admin)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("system-status")).status_code == 200


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "coach_a"])
def test_no_one_but_an_administrator_sees_the_backlog(client, org, role):
    client.force_login(getattr(org, role))
    assert client.get(reverse("system-status")).status_code == 404
