"""Recognition: who may recognise whom, what each person reads on the walls, goals celebrated automatically."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching import clock
from coaching.demo.recognition import seed_recognition
from coaching.models import CompanyValue, GoalStatus, Notification, NotificationKind, Recognition
from coaching.permissions import agents_recognisable_by, recognitions_visible_to
from coaching.selectors.recognition import team_wall
from coaching.services.recognition import recognition_celebrate_goal, recognition_give

from ..factories import AgentFactory, GoalFactory, ManagerFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def value(db):
    return CompanyValue.objects.create(name="Own it", order=1)


def names(queryset):
    return sorted(user.username for user in queryset)


def test_each_role_recognises_the_agents_of_their_own_teams(org):
    assert names(agents_recognisable_by(org.agent_a1)) == ["agent_a2"]
    assert names(agents_recognisable_by(org.agent_b1)) == []
    assert names(agents_recognisable_by(org.manager_a)) == ["agent_a1", "agent_a2"]
    assert names(agents_recognisable_by(org.coach_a)) == ["agent_a1", "agent_a2"]
    assert names(agents_recognisable_by(org.admin)) == ["agent_a1", "agent_a2", "agent_b1"]


def test_recognition_lands_on_the_agents_team_wall_and_tells_the_agent(org, value):
    recognition = recognition_give(actor=org.agent_a2, agent=org.agent_a1, value=value, message=" Saved my shift! ")
    assert (recognition.team, recognition.given_by, recognition.message) == (
        org.team_a,
        org.agent_a2,
        "Saved my shift!",
    )
    notification = Notification.objects.get(recipient=org.agent_a1)
    assert notification.kind == NotificationKind.RECOGNITION_RECEIVED and "Own it" in notification.title


def test_a_recognition_given_earlier_takes_its_place_on_the_wall(org, value):
    recognition_give(actor=org.manager_a, agent=org.agent_a1, value=value, message="Today")
    earlier = clock.now() - datetime.timedelta(days=3)
    recognition_give(actor=org.manager_a, agent=org.agent_a2, value=value, message="Last week", given_at=earlier)
    assert [r.message for r in team_wall(org.manager_a, team=org.team_a)] == ["Today", "Last week"]
    assert Recognition.objects.get(message="Last week").created_at == earlier


def test_an_agent_cannot_recognise_an_agent_of_another_team(org, value):
    with pytest.raises(PermissionDenied):
        recognition_give(actor=org.agent_b1, agent=org.agent_a1, value=value, message="Hi")
    assert not Recognition.objects.exists() and not Notification.objects.exists()


def test_nobody_recognises_themselves_or_for_a_retired_value_or_without_a_message(org, value):
    with pytest.raises(ValidationError):
        recognition_give(actor=org.agent_a1, agent=org.agent_a1, value=value, message="Me")
    with pytest.raises(ValidationError):
        recognition_give(actor=org.manager_a, agent=org.agent_a1, value=value, message="  ")
    value.is_active = False
    value.save()
    with pytest.raises(ValidationError):
        recognition_give(actor=org.manager_a, agent=org.agent_a1, value=value, message="Thanks")
    assert not Recognition.objects.exists()


def test_an_agent_of_bravo_never_reads_alphas_wall(org, value):
    alpha = recognition_give(actor=org.manager_a, agent=org.agent_a1, value=value, message="Great")
    assert list(team_wall(org.agent_b1)) == []
    assert alpha not in recognitions_visible_to(org.agent_b1)
    assert alpha not in recognitions_visible_to(org.manager_b)
    for reader in (org.agent_a1, org.agent_a2, org.manager_a, org.coach_a, org.admin):
        assert list(team_wall(reader)) == [alpha], reader


def test_recognition_stays_on_the_wall_it_was_given_on_when_the_agent_moves(org, value):
    recognition = recognition_give(actor=org.manager_a, agent=org.agent_a1, value=value, message="Great")
    today = clock.today()
    org.agent_a1.memberships.update(end_date=today - datetime.timedelta(days=1))
    MembershipFactory(agent=org.agent_a1, team=org.team_b, start_date=today)
    assert list(team_wall(org.agent_a2)) == [recognition]
    assert list(team_wall(org.manager_b)) == []
    assert list(recognitions_visible_to(org.agent_a1)) == [recognition]  # still theirs to read


def test_reaching_an_agent_goal_is_celebrated_once(org):
    goal = GoalFactory(agent=org.agent_a1, status=GoalStatus.ACHIEVED, title="CSAT 90")
    celebrations = recognition_celebrate_goal(goal=goal)
    assert recognition_celebrate_goal(goal=goal) == []
    assert [(c.agent, c.team, c.value, c.is_celebration) for c in celebrations] == [
        (org.agent_a1, org.team_a, None, True)
    ]
    assert list(team_wall(org.agent_a2)) == celebrations
    # Teammates read that a personal goal was reached, not what it was about; the agent reads both.
    assert celebrations[0].message == "Reached a personal goal." and "CSAT 90" not in celebrations[0].message
    (told,) = Notification.objects.filter(recipient=org.agent_a1, kind=NotificationKind.RECOGNITION_RECEIVED)
    assert "CSAT 90" in told.body


def test_reaching_a_team_goal_celebrates_each_agent_of_the_team(org):
    goal = GoalFactory(agent=None, team=org.team_a, status=GoalStatus.ACHIEVED)
    celebrations = recognition_celebrate_goal(goal=goal)
    assert sorted(c.agent.username for c in celebrations) == ["agent_a1", "agent_a2"]
    assert {c.team for c in celebrations} == {org.team_a}


@pytest.mark.parametrize("status", [GoalStatus.ACTIVE, GoalStatus.MISSED, GoalStatus.CANCELLED])
def test_a_goal_not_achieved_is_not_celebrated(org, status):
    assert recognition_celebrate_goal(goal=GoalFactory(agent=org.agent_a1, status=status)) == []
    assert not Recognition.objects.exists()


def test_seed_recognition_is_idempotent(org):
    for username in ("agent", "agent02"):
        MembershipFactory(agent=AgentFactory(username=username), team=org.team_a)
    org.team_a.managers.add(ManagerFactory(username="manager"))
    today = clock.today()
    seed_recognition(today=today)
    counts = (CompanyValue.objects.count(), Recognition.objects.count(), Notification.objects.count())
    seed_recognition(today=today)
    assert (CompanyValue.objects.count(), Recognition.objects.count(), Notification.objects.count()) == counts
    assert counts[:2] == (4, 2)
    assert Recognition.objects.filter(agent__username="agent", team=org.team_a).count() == 2
    assert Notification.objects.filter(recipient__username="manager").exists()
