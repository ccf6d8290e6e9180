"""Team moves keep every day of an agent's history with the team of that day."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coaching.models import MetricValue, TeamMembership
from coaching.services.metrics import ValueRow, metric_values_upsert
from coaching.services.org import agent_assign_team, metric_values_attribute

from ..factories import AgentFactory, ManagerFactory, MetricFactory, MetricValueFactory, TeamFactory

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2026, 1, 1)
MAR_1 = datetime.date(2026, 3, 1)


def _day(offset):
    return JAN_1 + datetime.timedelta(days=offset)


def test_moving_team_keeps_earlier_values_with_the_old_team():
    alpha, bravo = TeamFactory(), TeamFactory()
    agent = AgentFactory()
    metric = MetricFactory()
    agent_assign_team(agent=agent, team=alpha, start_date=JAN_1)
    metric_values_upsert(rows=[ValueRow(agent.pk, metric.pk, _day(n), Decimal(80), 10) for n in range(90)])

    agent_assign_team(agent=agent, team=bravo, start_date=MAR_1)

    values = MetricValue.objects.filter(agent=agent)
    assert set(values.filter(day__lt=MAR_1).values_list("team", flat=True)) == {alpha.pk}
    assert set(values.filter(day__gte=MAR_1).values_list("team", flat=True)) == {bravo.pk}
    old, new = TeamMembership.objects.filter(agent=agent).order_by("start_date")
    assert old.end_date == MAR_1 - datetime.timedelta(days=1)
    assert new.end_date is None


def test_values_imported_after_a_move_go_to_the_team_of_their_day():
    alpha, bravo = TeamFactory(), TeamFactory()
    agent = AgentFactory()
    metric = MetricFactory()
    agent_assign_team(agent=agent, team=alpha, start_date=JAN_1)
    agent_assign_team(agent=agent, team=bravo, start_date=MAR_1)

    metric_values_upsert(
        rows=[
            ValueRow(agent.pk, metric.pk, MAR_1 - datetime.timedelta(days=1), Decimal(70), 5),
            ValueRow(agent.pk, metric.pk, MAR_1, Decimal(75), 5),
            ValueRow(agent.pk, metric.pk, JAN_1 - datetime.timedelta(days=1), Decimal(60), 5),
        ]
    )

    team_by_day = dict(MetricValue.objects.filter(agent=agent).values_list("day", "team"))
    assert team_by_day[MAR_1 - datetime.timedelta(days=1)] == alpha.pk
    assert team_by_day[MAR_1] == bravo.pk
    assert team_by_day[JAN_1 - datetime.timedelta(days=1)] is None  # before any team


def test_upsert_updates_an_existing_value_instead_of_duplicating_it():
    agent, metric = AgentFactory(), MetricFactory()
    metric_values_upsert(rows=[ValueRow(agent.pk, metric.pk, JAN_1, Decimal(70), 5)])
    metric_values_upsert(rows=[ValueRow(agent.pk, metric.pk, JAN_1, Decimal(72), 6)])
    (value,) = MetricValue.objects.filter(agent=agent)
    assert (value.value, value.sample_size) == (Decimal(72), 6)


def test_assigning_the_current_team_again_changes_nothing():
    alpha = TeamFactory()
    agent = AgentFactory()
    first = agent_assign_team(agent=agent, team=alpha, start_date=JAN_1)
    again = agent_assign_team(agent=agent, team=alpha, start_date=MAR_1)
    assert again.pk == first.pk
    assert TeamMembership.objects.filter(agent=agent).count() == 1


def test_a_move_cannot_start_before_the_current_membership():
    alpha, bravo = TeamFactory(), TeamFactory()
    agent = AgentFactory()
    agent_assign_team(agent=agent, team=alpha, start_date=MAR_1)
    with pytest.raises(ValidationError, match="starting on or after"):
        agent_assign_team(agent=agent, team=bravo, start_date=JAN_1)
    assert TeamMembership.objects.get(agent=agent).end_date is None


def test_only_agents_join_teams():
    with pytest.raises(ValidationError, match="Only agents"):
        agent_assign_team(agent=ManagerFactory(), team=TeamFactory(), start_date=JAN_1)
    assert not TeamMembership.objects.exists()


def test_reattribution_follows_edited_memberships():
    alpha, bravo = TeamFactory(), TeamFactory()
    agent = AgentFactory()
    membership = agent_assign_team(agent=agent, team=alpha, start_date=JAN_1)
    value = MetricValueFactory(agent=agent, day=MAR_1, team=alpha)
    membership.team = bravo
    membership.save()
    metric_values_attribute(agent=agent)
    value.refresh_from_db()
    assert value.team == bravo
