"""Database invariants of people, teams and memberships."""

import datetime

import pytest
from django.db import IntegrityError

from coaching.models import TeamMembership

from ..factories import AgentFactory, MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_employee_id_is_unique_when_set():
    AgentFactory(employee_id="E1")
    with pytest.raises(IntegrityError):
        AgentFactory(employee_id="E1")


def test_people_without_employee_id_do_not_clash():
    AgentFactory(employee_id="")
    AgentFactory(employee_id="")


def test_membership_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        MembershipFactory(start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 4, 30))


def test_an_agent_has_at_most_one_open_membership():
    agent = AgentFactory()
    MembershipFactory(agent=agent, start_date=datetime.date(2026, 1, 1))
    with pytest.raises(IntegrityError):
        MembershipFactory(agent=agent, start_date=datetime.date(2026, 2, 1))


def test_membership_on_a_day_includes_its_first_and_last_day():
    membership = MembershipFactory(start_date=datetime.date(2026, 3, 1), end_date=datetime.date(2026, 3, 31))
    covering = TeamMembership.objects.filter(pk=membership.pk)
    assert covering.on(datetime.date(2026, 3, 1)).exists()
    assert covering.on(datetime.date(2026, 3, 31)).exists()
    assert not covering.on(datetime.date(2026, 2, 28)).exists()
    assert not covering.on(datetime.date(2026, 4, 1)).exists()


def test_team_names_are_unique():
    TeamFactory(name="Billing")
    with pytest.raises(IntegrityError):
        TeamFactory(name="Billing")
