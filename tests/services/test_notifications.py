"""Notifications: email only through the task after commit and per preference, reminders once, the weekly digest."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coaching import clock
from coaching.models import (
    AlertCondition,
    AlertRule,
    Investigation,
    InvestigationStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from coaching.services.notifications import (
    notification_email_send,
    notification_preferences_set,
    notification_send,
    notifications_send_due,
    notify_expectations_created,
    weekly_digests_send,
)
from coaching.tasks.notifications import notifications_due
from coaching.tasks.schedule import BEAT_SCHEDULE

from ..factories import (
    ActionItemFactory,
    CoachingSessionFactory,
    ExpectationFactory,
    GoalFactory,
    MetricFactory,
    MetricValueFactory,
    ObservationFactory,
    OneOnOneFactory,
)

pytestmark = pytest.mark.django_db


def send(user, kind=NotificationKind.RECOGNITION_RECEIVED, **kwargs):
    return notification_send(recipient=user, kind=kind, title="Well done", body="Great call.", url="/", **kwargs)


def test_email_is_sent_by_the_task_only_after_the_transaction_commits(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = send(org.agent_a1)
    assert Notification.objects.filter(pk=notification.pk, recipient=org.agent_a1).exists()
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert [message.to for message in mail.outbox] == [[org.agent_a1.email]]
    assert mail.outbox[0].subject == "Well done"
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_rolled_back_change_sends_no_email(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            send(org.agent_a1)
            raise RuntimeError
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_email_respects_the_recipients_preference(org, django_capture_on_commit_callbacks):
    notification_preferences_set(user=org.agent_a1, email_kinds=[NotificationKind.ONE_ON_ONE_SOON])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send(org.agent_a1)
    assert callbacks == [] and mail.outbox == []
    assert Notification.objects.filter(recipient=org.agent_a1).count() == 1


def test_weekly_digest_is_emailed_by_default_to_managers_only(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(org.agent_a1, kind=NotificationKind.WEEKLY_DIGEST)
        send(org.manager_a, kind=NotificationKind.WEEKLY_DIGEST)
    assert [message.to for message in mail.outbox] == [[org.manager_a.email]]


def test_the_email_task_sends_once_even_when_run_twice(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = send(org.agent_a1)
    assert notification_email_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_an_inactive_recipient_gets_nothing(org):
    org.agent_a1.is_active = False
    org.agent_a1.save()
    assert send(org.agent_a1) is None
    assert not Notification.objects.exists()


def test_unknown_kind_is_refused(org):
    with pytest.raises(ValueError):
        send(org.agent_a1, kind="gossip")


def test_preferences_record_every_kind(org):
    notification_preferences_set(user=org.agent_a1, email_kinds=[NotificationKind.FOLLOW_UP_DUE])
    chosen = dict(NotificationPreference.objects.filter(user=org.agent_a1).values_list("kind", "email"))
    assert chosen == {kind: kind == NotificationKind.FOLLOW_UP_DUE for kind in NotificationKind.values}


def test_expectations_created_ask_each_agent_to_acknowledge(org):
    goal = GoalFactory(agent=None, team=org.team_a, title="Resolve it first time", created_by=org.manager_a)
    expectations = [
        ExpectationFactory(goal=goal, agent=agent, created_by=org.manager_a) for agent in (org.agent_a1, org.agent_a2)
    ]
    notify_expectations_created(expectations)
    notify_expectations_created(expectations)
    notifications = Notification.objects.filter(kind=NotificationKind.EXPECTATION_TO_ACKNOWLEDGE)
    assert sorted(notifications.values_list("recipient__username", flat=True)) == ["agent_a1", "agent_a2"]
    assert "Resolve it first time" in notifications.first().title


@pytest.fixture
def due_today(org):
    now = clock.now()
    soon = OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a, meeting_on=now + datetime.timedelta(hours=20))
    OneOnOneFactory(agent=org.agent_a2, manager=org.manager_a, meeting_on=now + datetime.timedelta(hours=30))
    session = CoachingSessionFactory(agent=org.agent_a1, coach=org.coach_a, follow_up_on=timezone.localdate(now))
    item = ActionItemFactory(one_on_one=soon, owner=org.agent_a2, due_date=timezone.localdate(now))
    ActionItemFactory(one_on_one=soon, owner=org.agent_a1, due_date=timezone.localdate(now), done_at=now)
    return now, soon, session, item


def test_reminders_go_to_the_right_people(org, due_today):
    now, soon, session, item = due_today
    assert notifications_send_due(now=now) == 4
    sent = set(Notification.objects.values_list("recipient__username", "kind"))
    assert sent == {
        ("agent_a1", NotificationKind.ONE_ON_ONE_SOON),
        ("manager_a", NotificationKind.ONE_ON_ONE_SOON),
        ("coach_a", NotificationKind.FOLLOW_UP_DUE),
        ("agent_a2", NotificationKind.FOLLOW_UP_DUE),
    }


def test_reminders_are_not_sent_twice_when_the_task_runs_twice(org, due_today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications_due.delay()
        notifications_due.delay()
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 4


def test_a_rescheduled_one_on_one_is_announced_again(org, due_today):
    now, soon, _session, _item = due_today
    notifications_send_due(now=now)
    soon.meeting_on = now + datetime.timedelta(hours=22)
    soon.save()
    assert notifications_send_due(now=now) == 2


def test_the_weekly_digest_gives_each_goals_chance_of_being_met(org):
    metric = MetricFactory(code="FCR")
    today = clock.today()
    for days_ago in range(1, 43):
        MetricValueFactory(
            agent=org.agent_a1,
            metric=metric,
            team=org.team_a,
            day=today - datetime.timedelta(days=days_ago),
            value=Decimal(90 + days_ago % 3),
            sample_size=30,
        )
    GoalFactory(metric=metric, agent=org.agent_a1, title="Keep resolving", target=Decimal(80))
    GoalFactory(metric=metric, agent=org.agent_b1, title="Keep up", target=Decimal(80))
    org.manager_b.language = "de"
    org.manager_b.save(update_fields=["language"])
    weekly_digests_send(today=today)
    digest = Notification.objects.get(recipient=org.manager_a, kind=NotificationKind.WEEKLY_DIGEST)
    assert "Keep resolving" in digest.body and "on track, about 95 % likely" in digest.body
    in_german = Notification.objects.get(recipient=org.manager_b, kind=NotificationKind.WEEKLY_DIGEST)
    assert "Keep up" in in_german.body and "zu wenige Daten" in in_german.body  # no values for that agent


def test_weekly_digest_lists_goals_and_agents_not_observed_once_a_week(org):
    metric = MetricFactory(code="FCR")
    GoalFactory(metric=metric, agent=None, team=org.team_a, title="Alpha resolves first time", target=Decimal(85))
    GoalFactory(metric=metric, agent=org.agent_b1, title="Bravo goal")
    ObservationFactory(agent=org.agent_a1, observer=org.coach_a)
    today = clock.today()
    assert weekly_digests_send(today=today) == 2  # manager_a and manager_b
    assert weekly_digests_send(today=today) == 0
    digest = Notification.objects.get(recipient=org.manager_a, kind=NotificationKind.WEEKLY_DIGEST)
    assert "Alpha resolves first time" in digest.body and "not enough data" in digest.body
    assert "Bravo goal" not in digest.body
    assert f"{org.agent_a2}: never observed." in digest.body
    assert f"{org.agent_a1}:" not in digest.body
    assert str(org.agent_b1) not in digest.body


def test_beat_sends_reminders_hourly_and_the_digest_on_monday_mornings():
    entries = {entry["task"]: entry["schedule"] for entry in BEAT_SCHEDULE.values()}
    assert entries["coaching.notifications_due"].minute == {5}
    assert len(entries["coaching.notifications_due"].hour) == 24
    digest = entries["coaching.notifications_weekly_digest"]
    assert (digest.day_of_week, digest.hour) == ({1}, {7})


def test_weekly_digest_lists_the_open_investigations_the_manager_may_see(org):
    absenteeism = MetricFactory(code="ABS", name="Absenteeism")
    rule = AlertRule.objects.create(
        name="Absenteeism above 10 %", metric=absenteeism, condition=AlertCondition.THRESHOLD, threshold=Decimal(10)
    )
    today = clock.today()
    for team, assignee in ((org.team_a, org.manager_a), (org.team_b, org.manager_b)):
        Investigation.objects.create(
            rule=rule,
            metric=absenteeism,
            team=team,
            assignee=assignee,
            due_date=today - datetime.timedelta(days=1),
            period_end=today - datetime.timedelta(days=3),
        )
    Investigation.objects.create(
        rule=rule,
        metric=absenteeism,
        team=org.team_a,
        assignee=org.manager_a,
        due_date=today,
        period_end=today - datetime.timedelta(days=10),
        status=InvestigationStatus.RESOLVED,
        outcome="Rota fixed",
        actions="New rota",
        resolved_at=clock.now(),
        resolved_by=org.manager_a,
    )
    weekly_digests_send(today=today)
    digest = Notification.objects.get(recipient=org.manager_a, kind=NotificationKind.WEEKLY_DIGEST).body
    assert digest.count("Absenteeism · Alpha") == 1 and "(overdue)" in digest
    assert "Bravo" not in digest


def test_the_next_meeting_planned_in_a_one_on_one_is_reminded_once_even_when_logged_ahead(org):
    now = clock.now()
    planned_for = now + datetime.timedelta(hours=5)
    OneOnOneFactory(
        agent=org.agent_b1,
        manager=org.manager_b,
        meeting_on=now - datetime.timedelta(days=13),
        next_meeting_on=planned_for,
    )
    assert notifications_send_due(now=now) == 2  # the agent and the manager, though nothing is logged for that time
    (to_agent,) = Notification.objects.filter(recipient=org.agent_b1)
    assert str(org.manager_b) in to_agent.title and to_agent.url == reverse("one-on-one-list")
    (to_manager,) = Notification.objects.filter(recipient=org.manager_b)
    # Nothing is logged yet: the manager's link opens the form with the agent and the planned time.
    assert to_manager.url == f"{reverse('one-on-one-create')}?agent={org.agent_b1.pk}"
    # The manager logs the meeting ahead of time: the same meeting is not announced again.
    OneOnOneFactory(agent=org.agent_b1, manager=org.manager_b, meeting_on=planned_for)
    assert notifications_send_due(now=now + datetime.timedelta(hours=1)) == 0


def test_a_planned_meeting_already_taken_up_by_a_later_one_on_one_is_not_reminded(org):
    now = clock.now()
    OneOnOneFactory(
        agent=org.agent_b1,
        manager=org.manager_b,
        meeting_on=now - datetime.timedelta(days=20),
        next_meeting_on=now + datetime.timedelta(hours=3),
    )
    OneOnOneFactory(agent=org.agent_b1, manager=org.manager_b, meeting_on=now - datetime.timedelta(days=6))
    assert notifications_send_due(now=now) == 0
