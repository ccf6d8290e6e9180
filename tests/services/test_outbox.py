"""The task outbox: written with the data, sent after the commit, kept when the broker is gone, sent once later."""

import datetime

import pytest
from django.core import mail
from django.db import transaction

from coaching import clock
from coaching.models import Notification, NotificationKind, OutboxTask
from coaching.services.notifications import notification_send
from coaching.services.outbox import CLAIM_SECONDS, SENT_KEPT, outbox_drain, task_enqueue, tasks_waiting_watch
from coaching.tasks.notifications import notification_email
from coaching.tasks.system import worker_ping

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]


def test_a_task_is_written_with_the_data_and_run_after_the_commit_without_a_broker(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_send(
            recipient=org.agent_a1, kind=NotificationKind.RECOGNITION_RECEIVED, title="Hello"
        )
        row = OutboxTask.objects.get()
        assert (row.task, row.kwargs, row.sent_at) == (
            "coaching.notification_email",
            {"notification_id": notification.pk},
            None,
        )
        assert mail.outbox == []
    # No REDIS_URL: Celery is eager, so sending the row ran the task here, after the commit.
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 0
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_queues_nothing(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notification_send(recipient=org.agent_a1, kind=NotificationKind.RECOGNITION_RECEIVED, title="Hello")
            raise RuntimeError("the change fails after the notification")
    assert not Notification.objects.exists()
    assert not OutboxTask.objects.exists()
    assert mail.outbox == []


def test_an_unknown_task_name_is_refused_before_anything_is_written(db):
    with pytest.raises(ValueError, match="Unknown task"):
        task_enqueue("coaching.no_such_task", batch_id=1)
    assert not OutboxTask.objects.exists()


def test_with_the_broker_lost_the_task_waits_with_the_reason(org, lost_broker, django_capture_on_commit_callbacks):
    with tasks_waiting_watch() as waiting, django_capture_on_commit_callbacks(execute=True):
        notification = notification_send(
            recipient=org.agent_a1, kind=NotificationKind.RECOGNITION_RECEIVED, title="Hello"
        )
    row = OutboxTask.objects.get()
    assert row.sent_at is None and row.claimed_until is None
    assert row.attempts == 1 and row.last_attempt_at is not None
    assert "Connection refused" in row.last_error
    assert waiting == [row]
    assert Notification.objects.get() == notification  # the change itself is saved, once
    assert mail.outbox == []


def test_draining_when_the_broker_is_back_sends_each_waiting_task_once_in_order(
    org, lost_broker, broker_back, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = task_enqueue(worker_ping)
        second = task_enqueue(notification_email, notification_id=41)
    assert OutboxTask.objects.waiting().count() == 2
    assert outbox_drain().as_dict() == {
        "sent": 0,
        "waiting": 2,
        "error": "Error 111 connecting to 127.0.0.1:1. Connection refused.",
    }
    assert OutboxTask.objects.get(pk=first.pk).attempts == 2  # stopped at the first refusal

    received = broker_back()
    assert outbox_drain().as_dict() == {"sent": 2, "waiting": 0, "error": ""}
    assert received() == [
        {"task": "coaching.worker_ping", "kwargs": {}},
        {"task": "coaching.notification_email", "kwargs": {"notification_id": 41}},
    ]
    assert not OutboxTask.objects.waiting().exists()
    assert OutboxTask.objects.get(pk=second.pk).sent_at is not None
    assert outbox_drain().sent == 0  # nothing is sent twice
    assert received() == []


def test_a_row_another_sender_holds_is_left_to_it_until_its_claim_runs_out(db, broker_back, time_machine):
    row = task_enqueue(worker_ping)  # inside the test transaction: not sent yet
    OutboxTask.objects.filter(pk=row.pk).update(claimed_until=clock.now() + datetime.timedelta(seconds=CLAIM_SECONDS))
    received = broker_back()
    assert outbox_drain().sent == 0 and received() == []
    time_machine.move_to(clock.now() + datetime.timedelta(seconds=CLAIM_SECONDS + 1))
    assert outbox_drain().sent == 1 and len(received()) == 1


def test_sent_rows_are_deleted_after_a_week_and_the_draining_worker_is_noted(db, broker_back):
    from django.core.cache import cache

    from coaching.selectors.system import WORKER_HEARTBEAT_KEY, worker_heartbeat

    old = task_enqueue(worker_ping)
    recent = task_enqueue(worker_ping)
    OutboxTask.objects.filter(pk=old.pk).update(sent_at=clock.now() - SENT_KEPT - datetime.timedelta(hours=1))
    OutboxTask.objects.filter(pk=recent.pk).update(sent_at=clock.now() - datetime.timedelta(days=1))
    cache.delete(WORKER_HEARTBEAT_KEY)
    outbox_drain(worker="worker-7")
    assert list(OutboxTask.objects.values_list("pk", flat=True)) == [recent.pk]
    beat = worker_heartbeat()
    assert beat.hostname == "worker-7" and beat.seen_at is not None
