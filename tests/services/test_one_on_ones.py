"""One-on-one services: who holds them, the agenda, action items and their carry-over, and the demo data."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching import clock
from coaching.demo.one_on_ones import AGENT_AGENDA_POINT, seed_one_on_ones
from coaching.models import ActionItem, AgendaItem, Expectation, OneOnOne
from coaching.services.one_on_ones import (
    action_item_create,
    action_item_set_done,
    action_items_carry_over,
    agenda_item_add,
    one_on_one_create,
    one_on_one_update,
)

from ..factories import (
    ActionItemFactory,
    AgentFactory,
    GoalFactory,
    ManagerFactory,
    MembershipFactory,
    MetricFactory,
    MetricValueFactory,
    OneOnOneFactory,
)

pytestmark = pytest.mark.django_db


def days_from_now(days: int) -> datetime.datetime:
    return clock.now() + datetime.timedelta(days=days)


def create(org, **overrides):
    arguments = {"actor": org.manager_a, "agent": org.agent_a1, "meeting_on": days_from_now(2)}
    return one_on_one_create(**{**arguments, **overrides})


# Holding one-on-ones


def test_a_manager_holds_a_one_on_one_with_an_agent_of_their_team(org):
    meeting = create(org, shared_notes=" Openings ", private_notes="Tired lately", mood=4, agenda=["Rota", " ", "QA"])
    assert meeting.manager == org.manager_a
    assert (meeting.shared_notes, meeting.private_notes, meeting.mood) == ("Openings", "Tired lately", 4)
    assert [(item.text, item.added_by) for item in meeting.agenda_items.all()] == [
        ("Rota", org.manager_a),
        ("QA", org.manager_a),
    ]


def test_an_administrator_holds_a_one_on_one_with_any_agent(org):
    assert create(org, actor=org.admin, agent=org.agent_b1).manager == org.admin


@pytest.mark.parametrize("actor", ["coach_a", "manager_b", "agent_a1", "agent_a2"])
def test_only_the_agents_managers_and_administrators_hold_one_on_ones(org, actor):
    with pytest.raises(PermissionDenied):
        create(org, actor=getattr(org, actor))
    assert not OneOnOne.objects.exists()


def test_a_mood_outside_one_to_five_is_rejected(org):
    with pytest.raises(ValidationError):
        create(org, mood=6)
    assert not OneOnOne.objects.exists()


def test_another_manager_of_the_team_edits_shared_notes_but_not_private_ones(org):
    meeting = create(org, private_notes="Only mine")
    co_manager = ManagerFactory(username="co_manager")
    org.team_a.managers.add(co_manager)
    one_on_one_update(one_on_one=meeting, actor=co_manager, meeting_on=meeting.meeting_on, shared_notes="Shared")
    meeting.refresh_from_db()
    assert (meeting.shared_notes, meeting.private_notes) == ("Shared", "Only mine")
    with pytest.raises(PermissionDenied):
        one_on_one_update(one_on_one=meeting, actor=co_manager, meeting_on=meeting.meeting_on, private_notes="Mine!")
    meeting.refresh_from_db()
    assert meeting.private_notes == "Only mine"


def test_the_manager_who_held_it_rewrites_the_private_notes(org):
    meeting = create(org, private_notes="First")
    one_on_one_update(
        one_on_one=meeting, actor=org.manager_a, meeting_on=meeting.meeting_on, mood=2, private_notes="Second"
    )
    meeting.refresh_from_db()
    assert (meeting.private_notes, meeting.mood) == ("Second", 2)


@pytest.mark.parametrize("actor", ["coach_a", "manager_b", "agent_a1"])
def test_only_the_agents_managers_edit_a_one_on_one(org, actor):
    meeting = create(org, shared_notes="Original")
    with pytest.raises(PermissionDenied):
        one_on_one_update(
            one_on_one=meeting, actor=getattr(org, actor), meeting_on=meeting.meeting_on, shared_notes="X"
        )
    meeting.refresh_from_db()
    assert meeting.shared_notes == "Original"


# Carrying open action items over


def test_open_action_items_of_earlier_one_on_ones_join_the_new_agenda(org):
    first = OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a, meeting_on=days_from_now(-30))
    second = OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a, meeting_on=days_from_now(-10))
    still_open = ActionItemFactory(one_on_one=first, description="Listen to two recordings")
    ActionItemFactory(one_on_one=first, description="Done already", done_at=clock.now())
    also_open = ActionItemFactory(one_on_one=second, description="Book a side-by-side", owner=org.manager_a)
    ActionItemFactory(one_on_one=OneOnOneFactory(agent=org.agent_a2, meeting_on=days_from_now(-5)))

    meeting = create(org, agenda=["Rota"])

    carried = meeting.agenda_items.filter(carried_from__isnull=False)
    assert {(item.carried_from, item.text) for item in carried} == {
        (still_open, "Listen to two recordings"),
        (also_open, "Book a side-by-side"),
    }
    assert meeting.agenda_items.count() == 3


def test_action_items_of_later_one_on_ones_are_not_carried_back(org):
    later = OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a, meeting_on=days_from_now(20))
    ActionItemFactory(one_on_one=later)
    meeting = create(org, meeting_on=days_from_now(5))
    assert not meeting.agenda_items.exists()


def test_an_open_item_is_never_carried_twice_into_the_same_meeting(org):
    earlier = OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a, meeting_on=days_from_now(-14))
    ActionItemFactory(one_on_one=earlier)
    meeting = create(org)
    action_items_carry_over(one_on_one=meeting, actor=org.manager_a)
    action_items_carry_over(one_on_one=meeting, actor=org.manager_a)
    assert meeting.agenda_items.filter(carried_from__isnull=False).count() == 1


def test_an_item_still_open_is_carried_again_into_each_following_meeting_once(org):
    earlier = OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a, meeting_on=days_from_now(-14))
    item = ActionItemFactory(one_on_one=earlier)
    create(org, meeting_on=days_from_now(1))
    create(org, meeting_on=days_from_now(15))
    assert AgendaItem.objects.filter(carried_from=item).count() == 2


# Agenda


def test_the_agent_adds_agenda_points_before_the_meeting(org):
    meeting = create(org, meeting_on=days_from_now(1))
    item = agenda_item_add(one_on_one=meeting, actor=org.agent_a1, text="  My schedule  ")
    assert (item.text, item.added_by) == ("My schedule", org.agent_a1)


def test_the_agent_cannot_add_to_the_agenda_once_the_meeting_has_started(org):
    meeting = create(org, meeting_on=days_from_now(-1))
    with pytest.raises(PermissionDenied, match="already taken place"):
        agenda_item_add(one_on_one=meeting, actor=org.agent_a1, text="Too late")
    assert not meeting.agenda_items.exists()


def test_a_point_the_agent_added_before_the_meeting_is_judged_at_the_moment_it_was_added(org):
    meeting = create(org, meeting_on=days_from_now(-1))
    before = meeting.meeting_on - datetime.timedelta(hours=2)
    item = agenda_item_add(one_on_one=meeting, actor=org.agent_a1, text="Added in time", now=before)
    assert (item.text, item.added_by) == ("Added in time", org.agent_a1)


def test_the_manager_adds_agenda_points_even_after_the_meeting(org):
    meeting = create(org, meeting_on=days_from_now(-1))
    assert agenda_item_add(one_on_one=meeting, actor=org.manager_a, text="Noted afterwards").added_by == org.manager_a


@pytest.mark.parametrize("actor", ["agent_a2", "coach_a", "manager_b"])
def test_others_cannot_add_to_an_agenda(org, actor):
    meeting = create(org, meeting_on=days_from_now(3))
    with pytest.raises(PermissionDenied):
        agenda_item_add(one_on_one=meeting, actor=getattr(org, actor), text="Not mine")
    assert not meeting.agenda_items.exists()


def test_an_empty_agenda_point_is_rejected(org):
    meeting = create(org)
    with pytest.raises(ValidationError):
        agenda_item_add(one_on_one=meeting, actor=org.manager_a, text="   ")


# Action items


def test_the_manager_agrees_an_action_item_owned_by_the_agent_or_themself(org):
    meeting = create(org)
    due = clock.today() + datetime.timedelta(days=7)
    item = action_item_create(
        one_on_one=meeting, actor=org.manager_a, description="Recordings", owner=org.agent_a1, due_date=due
    )
    assert (item.owner, item.due_date, item.is_open) == (org.agent_a1, due, True)
    assert action_item_create(one_on_one=meeting, actor=org.manager_a, description="Rota", owner=org.manager_a).owner


def test_an_action_item_cannot_belong_to_someone_outside_the_meeting(org):
    meeting = create(org)
    with pytest.raises(ValidationError):
        action_item_create(one_on_one=meeting, actor=org.manager_a, description="X", owner=org.agent_a2)
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("actor", ["agent_a1", "coach_a", "manager_b"])
def test_only_the_agents_managers_agree_action_items(org, actor):
    meeting = create(org)
    with pytest.raises(PermissionDenied):
        action_item_create(one_on_one=meeting, actor=getattr(org, actor), description="X", owner=org.agent_a1)
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("actor", ["agent_a1", "manager_a", "admin"])
def test_the_owner_or_a_manager_marks_an_action_item_done_and_reopens_it(org, actor):
    item = ActionItemFactory(one_on_one=create(org), owner=org.agent_a1)
    action_item_set_done(action_item=item, actor=getattr(org, actor), done=True)
    item.refresh_from_db()
    assert item.done_at is not None
    action_item_set_done(action_item=item, actor=getattr(org, actor), done=False)
    item.refresh_from_db()
    assert item.done_at is None


def test_marking_an_item_done_twice_keeps_the_first_time(org):
    item = ActionItemFactory(one_on_one=create(org), owner=org.agent_a1)
    action_item_set_done(action_item=item, actor=org.agent_a1, done=True)
    first = ActionItem.objects.get(pk=item.pk).done_at
    action_item_set_done(action_item=item, actor=org.agent_a1, done=True)
    assert ActionItem.objects.get(pk=item.pk).done_at == first


@pytest.mark.parametrize("actor", ["agent_a2", "coach_a", "manager_b"])
def test_others_cannot_mark_an_action_item_done(org, actor):
    item = ActionItemFactory(one_on_one=create(org), owner=org.agent_a1)
    with pytest.raises(PermissionDenied):
        action_item_set_done(action_item=item, actor=getattr(org, actor), done=True)
    item.refresh_from_db()
    assert item.done_at is None


# Demo data


@pytest.fixture
def demo(org):
    """A demo-like team: the manager "manager", the agent "agent", a colleague, and a team goal with history."""
    manager = ManagerFactory(username="manager")
    org.team_a.managers.add(manager)
    agent = AgentFactory(username="agent")
    MembershipFactory(agent=agent, team=org.team_a)
    metric = MetricFactory(code="FCR")
    today = clock.today()
    for days_ago in range(1, 60):
        day = today - datetime.timedelta(days=days_ago)
        for person in (agent, org.agent_a1, org.agent_a2):
            MetricValueFactory(agent=person, metric=metric, day=day, value=Decimal(75), sample_size=20, team=org.team_a)
    goal = GoalFactory(
        metric=metric,
        agent=None,
        team=org.team_a,
        target=Decimal(80),
        baseline=Decimal(75),
        start_date=today,
        created_by=manager,
    )
    return {
        "today": today,
        "managers_agents": {manager: [agent, org.agent_a1, org.agent_a2]},
        "team_goals": [goal],
    }


def snapshot():
    return {
        "one_on_ones": list(OneOnOne.objects.order_by("pk").values_list("agent", "meeting_on", "mood")),
        "agenda": AgendaItem.objects.count(),
        "actions": list(ActionItem.objects.order_by("pk").values_list("description", "done_at")),
        "expectations": list(
            Expectation.objects.order_by("pk").values_list("agent", "target", "acknowledged_at", "agent_comment")
        ),
    }


def test_demo_one_on_ones_are_the_same_when_seeded_twice(demo):
    counts = seed_one_on_ones(**demo)
    first = snapshot()
    assert seed_one_on_ones(**demo) == counts
    assert snapshot() == first


def test_demo_gives_the_demo_agent_a_coming_one_on_one_with_their_own_point_and_carried_items(demo):
    seed_one_on_ones(**demo)
    upcoming = OneOnOne.objects.get(agent__username="agent", meeting_on__gt=clock.now())
    agenda = list(upcoming.agenda_items.all())
    assert any(item.text == AGENT_AGENDA_POINT and item.added_by.username == "agent" for item in agenda)
    assert any(item.carried_from_id for item in agenda)
    past = OneOnOne.objects.filter(meeting_on__lt=clock.now())
    assert past.count() == 6
    assert all(meeting.shared_notes and meeting.private_notes and meeting.mood for meeting in past)
    assert ActionItem.objects.filter(done_at__isnull=True).exists()
    assert ActionItem.objects.filter(done_at__isnull=False).exists()


def test_demo_expectations_are_partly_acknowledged_and_pending_for_the_demo_agent(demo):
    seed_one_on_ones(**demo)
    expectations = Expectation.objects.filter(goal=demo["team_goals"][0])
    assert expectations.count() == 3
    assert expectations.filter(acknowledged_at__isnull=False).exists()
    assert expectations.get(agent__username="agent").acknowledged_at is None
    assert all(expectation.one_on_one_id for expectation in expectations)
