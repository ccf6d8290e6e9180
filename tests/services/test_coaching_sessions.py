"""Coaching sessions: who holds them, the behaviours and goals in focus, and the follow-up date."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching import clock
from coaching.models import CoachingSession
from coaching.services.coaching_sessions import coaching_session_create

from ..factories import BehaviourFactory, CoachFactory, GoalFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def listening():
    return BehaviourFactory(name="Listening")


def hold(actor, agent, behaviours, **fields):
    return coaching_session_create(
        actor=actor, agent=agent, held_on=fields.pop("held_on", DAY), behaviours=behaviours, **fields
    )


def test_coach_records_a_session_with_behaviours_goals_actions_and_follow_up(org, listening):
    empathy = BehaviourFactory(name="Empathy")
    goal = GoalFactory(agent=org.agent_a1)
    session = hold(
        org.coach_a,
        org.agent_a1,
        [listening, empathy],
        goals=[goal],
        notes=" Listened back together. ",
        agreed_actions="Summarise the need first.",
        follow_up_on=DAY + datetime.timedelta(days=14),
        agent_commitment="I'll let the customer finish.",
    )
    session.refresh_from_db()
    assert session.coach == org.coach_a
    assert set(session.behaviours.all()) == {listening, empathy}
    assert list(session.goals.all()) == [goal]
    assert session.notes == "Listened back together."
    assert session.follow_up_on == DAY + datetime.timedelta(days=14)
    assert session.agent_commitment == "I'll let the customer finish."


@pytest.mark.parametrize("actor", ["coach_a", "manager_a", "admin"])
def test_coach_covering_manager_of_the_team_and_admin_hold_sessions(org, listening, actor):
    assert hold(getattr(org, actor), org.agent_a1, [listening]).coach == getattr(org, actor)


@pytest.mark.parametrize("actor", ["agent_a1", "agent_a2", "manager_b"])
def test_agents_and_managers_of_other_teams_cannot_record_a_session_and_nothing_is_stored(org, listening, actor):
    with pytest.raises(PermissionDenied):
        hold(getattr(org, actor), org.agent_a1, [listening])
    assert not CoachingSession.objects.exists()


def test_coach_of_another_team_cannot_record_a_session(org, listening):
    other_coach = CoachFactory()
    org.team_b.coaches.add(other_coach)
    with pytest.raises(PermissionDenied):
        hold(other_coach, org.agent_a1, [listening])
    assert not CoachingSession.objects.exists()


def test_a_session_needs_at_least_one_behaviour_in_focus(org):
    with pytest.raises(ValidationError) as error:
        hold(org.coach_a, org.agent_a1, [])
    assert "behaviours" in error.value.message_dict
    assert not CoachingSession.objects.exists()


def test_a_retired_behaviour_cannot_be_in_focus(org):
    with pytest.raises(ValidationError) as error:
        hold(org.coach_a, org.agent_a1, [BehaviourFactory(is_active=False)])
    assert "behaviours" in error.value.message_dict


def test_the_follow_up_cannot_come_before_the_session(org, listening):
    with pytest.raises(ValidationError) as error:
        hold(org.coach_a, org.agent_a1, [listening], follow_up_on=DAY - datetime.timedelta(days=1))
    assert "follow_up_on" in error.value.message_dict
    assert not CoachingSession.objects.exists()


def test_the_follow_up_may_be_on_the_day_of_the_session_or_left_open(org, listening):
    assert hold(org.coach_a, org.agent_a1, [listening], follow_up_on=DAY).follow_up_on == DAY
    assert hold(org.coach_a, org.agent_a1, [listening]).follow_up_on is None


def test_team_goals_of_the_agents_team_may_be_linked(org, listening):
    team_goal = GoalFactory(agent=None, team=org.team_a)
    assert list(hold(org.coach_a, org.agent_a1, [listening], goals=[team_goal]).goals.all()) == [team_goal]


@pytest.mark.parametrize("goal_owner", ["agent_a2", "agent_b1"])
def test_goals_of_other_agents_cannot_be_linked(org, listening, goal_owner):
    goal = GoalFactory(agent=getattr(org, goal_owner))
    with pytest.raises(ValidationError) as error:
        hold(org.coach_a, org.agent_a1, [listening], goals=[goal])
    assert "goals" in error.value.message_dict
    assert not CoachingSession.objects.exists()


def test_sessions_are_held_with_agents_only(org, listening):
    with pytest.raises(ValidationError) as error:
        hold(org.admin, org.coach_a, [listening])
    assert "agent" in error.value.message_dict


def test_a_session_in_the_future_is_refused(org):
    next_week = clock.today() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        CoachingSession(agent=org.agent_a1, coach=org.coach_a, held_on=next_week).clean()
    assert "held_on" in error.value.message_dict
