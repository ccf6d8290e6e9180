"""The demo data: big enough to look lived-in, identical when loaded twice."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count

from coaching.models import (
    ActionItem,
    AgendaItem,
    BehaviourRating,
    CoachingSession,
    Expectation,
    Goal,
    GoalAdjustment,
    GoalStatus,
    Metric,
    MetricRole,
    MetricValue,
    Observation,
    OneOnOne,
    Role,
    Team,
    TeamMembership,
    User,
)
from coaching.permissions import agents_visible_to

from ..demo_data import DEMO_MOMENT

# The demo is built once per run at this moment (tests/demo_data.py); its dates count from that day.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(DEMO_MOMENT, tick=False)]


@pytest.fixture
def seeded(demo_data):
    return demo_data


def counts():
    models = (
        User,
        Team,
        TeamMembership,
        Metric,
        MetricValue,
        Goal,
        GoalAdjustment,
        OneOnOne,
        AgendaItem,
        ActionItem,
        Expectation,
        Observation,
        BehaviourRating,
        CoachingSession,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_twice_gives_the_same_records(seeded):
    first = counts()
    first_values = list(
        MetricValue.objects.order_by("pk").values_list("agent", "metric", "day", "value", "sample_size")
    )
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert (
        list(MetricValue.objects.order_by("pk").values_list("agent", "metric", "day", "value", "sample_size"))
        == first_values
    )


def test_demo_has_the_promised_size(seeded):
    assert Team.objects.count() >= 3
    assert User.objects.filter(role=Role.AGENT).count() >= 30
    assert set(Metric.objects.values_list("code", flat=True)) >= {"AHT", "FCR", "CSAT", "NPS", "QA", "ADH", "ABS"}
    days = MetricValue.objects.filter(metric__code="AHT").dates("day", "day")
    assert (days.last() - days.first()).days >= 179
    assert MetricValue.objects.filter(sample_size__gt=1).exists()


def test_demo_administrator_chose_customer_satisfaction_and_the_quality_score(seeded):
    roles = dict(Metric.objects.exclude(role="").values_list("role", "code"))
    assert roles == {MetricRole.CUSTOMER_SATISFACTION: "CSAT", MetricRole.QUALITY_SCORE: "QA"}
    assert Metric.objects.get(code="QA").history.latest().history_user == User.objects.get(username="admin")


def test_demo_users_sign_in_with_demo_and_are_linked(seeded, client):
    manager, coach, agent = (User.objects.get(username=name) for name in ("manager", "coach", "agent"))
    assert User.objects.get(username="admin").is_administrator
    for user in (manager, coach, agent):
        assert user.check_password("demo")
    assert agent in agents_visible_to(manager)
    assert agent in agents_visible_to(coach)


def test_weekdays_have_more_contacts_than_weekends(seeded):
    aht = MetricValue.objects.filter(metric__code="AHT")
    weekday = aht.filter(day__week_day__in=[2, 3, 4]).aggregate(avg=Avg("sample_size"))["avg"]
    weekend = aht.filter(day__week_day__in=[1, 7]).aggregate(avg=Avg("sample_size"))["avg"]
    assert weekday > weekend * 1.2


def test_one_team_has_rising_absenteeism(today, seeded):
    def absence_share(team, start, end):
        rows = MetricValue.objects.filter(metric__code="ABS", team=team, day__gte=start, day__lte=end)
        return rows.filter(value=100).count() / rows.count()

    recent_start = today - datetime.timedelta(days=21)
    earlier = (today - datetime.timedelta(days=150), today - datetime.timedelta(days=60))
    rising = [
        team
        for team in Team.objects.all()
        if absence_share(team, recent_start, today) > 2 * absence_share(team, *earlier)
    ]
    assert [team.name for team in rising] == ["Billing Support"]


def test_a_moved_agent_keeps_history_with_the_old_team(seeded):
    moved = User.objects.annotate(n=Count("memberships")).get(n=2)
    old, new = moved.memberships.order_by("start_date")
    values = MetricValue.objects.filter(agent=moved)
    assert values.filter(day__lte=old.end_date).exclude(team=old.team).count() == 0
    assert values.filter(day__gte=new.start_date).exclude(team=new.team).count() == 0


def test_every_demo_user_meets_a_lived_in_cycle(seeded):
    agent = User.objects.get(username="agent")
    assert Goal.objects.filter(agent=agent, status=GoalStatus.ACTIVE).exists()
    assert Goal.objects.filter(team__name="Billing Support", status=GoalStatus.ACTIVE).exists()
    assert Goal.objects.filter(status=GoalStatus.ACHIEVED).exists()
    assert GoalAdjustment.objects.filter(kind=GoalAdjustment.Kind.DUE_DATE).exists()
    assert Expectation.objects.filter(agent=agent, acknowledged_at__isnull=True).exists()
    assert Expectation.objects.filter(acknowledged_at__isnull=False).exists()
    assert not Expectation.objects.exclude(goal__status__in=[GoalStatus.DRAFT, GoalStatus.ACTIVE]).exists()
    assert OneOnOne.objects.filter(agent=agent, manager__username="manager").count() >= 2
    assert AgendaItem.objects.filter(one_on_one__agent=agent, added_by=agent).exists()
    assert Observation.objects.filter(agent=agent, observer__username="coach", shared_with_agent=True).exists()
    assert BehaviourRating.objects.filter(observation__agent=agent, dispute_status="open").exists()
    assert CoachingSession.objects.filter(agent=agent, coach__username="coach").exists()
