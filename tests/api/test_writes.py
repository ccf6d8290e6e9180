"""Writes over the API: each goes through its service for the roles allowed, and changes nothing for the others."""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest

from coaching import clock
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
    MetricSource,
    Observation,
    OneOnOne,
)


@contextmanager
def unchanged(*models):
    """Assert every row of ``models`` is exactly the same after the block."""
    before = {model: list(model.objects.order_by("pk").values()) for model in models}
    yield
    for model in models:
        assert list(model.objects.order_by("pk").values()) == before[model], model.__name__


def _goal_body(world, **overrides):
    today = clock.today()
    body = {
        "metric": world.metric.pk,
        "agent": world.org.agent_a1.pk,
        "title": "Lift CSAT",
        "description": "Share of surveys answered 4 or 5 out of 5.",
        "objective": "Fewer repeat calls from unhappy customers.",
        "target": "90",
        "start_date": today.isoformat(),
        "due_date": (today + datetime.timedelta(days=90)).isoformat(),
        "activate": False,
    }
    body.update(overrides)
    return body


# Goals


@pytest.mark.parametrize("role", ["manager_a", "admin"])
def test_manager_of_the_team_and_admin_create_a_goal_with_its_smart_check(api, world, role):
    response = api(role).post("/api/v1/goals/", _goal_body(world))
    assert response.status_code == 201, response.content
    body = response.json()
    goal = Goal.objects.get(pk=body["id"])
    assert goal.agent == world.org.agent_a1
    assert goal.created_by == world.people[role]
    assert goal.status == GoalStatus.DRAFT
    assert [criterion["key"] for criterion in body["smart_check"]] == [
        "specific",
        "measurable",
        "achievable",
        "relevant",
        "time_bound",
    ]


def test_manager_creates_a_team_goal_over_a_token(api, world):
    body = _goal_body(world, agent=None, team=world.org.team_a.pk)
    response = api("manager_a", token=True).post("/api/v1/goals/", body)
    assert response.status_code == 201, response.content
    assert Goal.objects.get(pk=response.json()["id"]).team == world.org.team_a


@pytest.mark.parametrize("role", ["agent_a1", "coach_a"])
def test_agents_and_coaches_cannot_create_goals(api, world, role):
    with unchanged(Goal):
        response = api(role).post("/api/v1/goals/", _goal_body(world))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_manager_of_another_team_cannot_create_a_goal_for_an_agent_they_do_not_see(api, world):
    with unchanged(Goal):
        response = api("manager_b").post("/api/v1/goals/", _goal_body(world))
    assert response.status_code == 400
    assert "agent" in response.json()["error"]["fields"]


def test_manager_of_another_team_cannot_create_a_goal_for_a_team_they_do_not_manage(api, world):
    with unchanged(Goal):
        response = api("manager_b").post("/api/v1/goals/", _goal_body(world, agent=None, team=world.org.team_a.pk))
    assert response.status_code == 400
    assert "team" in response.json()["error"]["fields"]


def test_goal_needs_a_team_or_an_agent_not_both(api, world):
    body = _goal_body(world, team=world.org.team_a.pk)
    with unchanged(Goal):
        response = api("manager_a").post("/api/v1/goals/", body)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Give either a team or an agent."


@pytest.mark.parametrize("role", ["manager_a", "admin"])
def test_goal_is_adjusted_through_the_service_with_its_history(api, world, role):
    goal = world.record("goals")
    new_due = (goal.due_date + datetime.timedelta(days=14)).isoformat()
    response = api(role).post(
        f"/api/v1/goals/{goal.pk}/adjust/", {"reason": "Holiday season", "target": "88", "due_date": new_due}
    )
    assert response.status_code == 200, response.content
    goal.refresh_from_db()
    assert goal.target == Decimal("88")
    assert goal.due_date.isoformat() == response.json()["due_date"] == new_due
    assert set(goal.adjustments.values_list("kind", flat=True)) == {"target", "due_date"}


@pytest.mark.parametrize(
    ("role", "status_code"),
    [("agent_a1", 403), ("agent_a2", 403), ("coach_a", 403), ("coach_b", 403), ("manager_b", 404), (None, 401)],
)
def test_goal_adjust_and_close_are_refused_to_roles_that_may_not_and_change_nothing(api, world, role, status_code):
    goal = world.record("goals")
    client = api(role)
    with unchanged(Goal, GoalAdjustment):
        adjust = client.post(f"/api/v1/goals/{goal.pk}/adjust/", {"reason": "Because", "target": "70"})
        close = client.post(f"/api/v1/goals/{goal.pk}/close/", {"status": "achieved", "review_note": "Done"})
        activate = client.post(f"/api/v1/goals/{goal.pk}/activate/")
    assert adjust.status_code == close.status_code == activate.status_code == status_code


def test_goal_is_closed_with_a_review_note(api, world):
    goal = world.record("goals")
    response = api("manager_a").post(
        f"/api/v1/goals/{goal.pk}/close/", {"status": "achieved", "review_note": "Reached in week 8."}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "achieved"
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED and goal.closed_at is not None


def test_closing_a_goal_as_active_is_refused_by_the_service_with_the_field_named(api, world):
    goal = world.record("goals")
    with unchanged(Goal, GoalAdjustment):
        response = api("manager_a").post(f"/api/v1/goals/{goal.pk}/close/", {"status": "active", "review_note": "x"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"status": ["Close a goal as achieved, missed or cancelled."]}


def test_team_goal_is_changed_by_the_teams_manager_not_by_another(api, world):
    team_goal = world.record("goals", 1)
    with unchanged(Goal):
        refused = api("manager_b").post(f"/api/v1/goals/{team_goal.pk}/adjust/", {"reason": "x", "target": "70"})
    assert refused.status_code == 404
    allowed = api("manager_a").post(f"/api/v1/goals/{team_goal.pk}/adjust/", {"reason": "Better", "target": "70"})
    assert allowed.status_code == 200


# One-on-ones and action items


def _meeting_body(world, **overrides):
    body = {
        "agent": world.org.agent_a1.pk,
        "meeting_on": clock.now().isoformat(),
        "shared_notes": "Openings are better.",
        "private_notes": "Watch workload.",
        "agenda": ["Call openings", "Holiday plans"],
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize("role", ["manager_a", "admin"])
def test_manager_records_a_one_on_one_and_sees_their_private_notes_in_the_answer(api, world, role):
    response = api(role).post("/api/v1/one-on-ones/", _meeting_body(world))
    assert response.status_code == 201, response.content
    body = response.json()
    meeting = OneOnOne.objects.get(pk=body["id"])
    assert meeting.manager == world.people[role]
    assert body["private_notes"] == meeting.private_notes == "Watch workload."
    # The open action item of the earlier meeting was carried over to the new agenda.
    assert body["agenda_count"] == 3


def test_the_api_refuses_a_next_meeting_before_the_meeting_like_the_page(api, world):
    body = {**_meeting_body(world), "next_meeting_on": "2020-01-01T09:00:00Z"}
    with unchanged(OneOnOne):
        response = api("manager_a").post("/api/v1/one-on-ones/", body)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["next_meeting_on"] == ["The next meeting comes after this one."]


@pytest.mark.parametrize(("role", "status_code"), [("agent_a1", 403), ("coach_a", 403), ("manager_b", 400)])
def test_one_on_one_is_refused_to_roles_that_may_not_hold_it_and_nothing_is_saved(api, world, role, status_code):
    with unchanged(OneOnOne, AgendaItem):
        response = api(role).post("/api/v1/one-on-ones/", _meeting_body(world))
    assert response.status_code == status_code


def test_manager_adds_an_action_item_for_the_agent(api, world):
    meeting = world.record("one-on-ones")
    body = {"one_on_one": meeting.pk, "description": "Practise the closing script", "owner": world.org.agent_a1.pk}
    response = api("manager_a").post("/api/v1/action-items/", body)
    assert response.status_code == 201, response.content
    assert ActionItem.objects.get(pk=response.json()["id"]).owner == world.org.agent_a1


@pytest.mark.parametrize(("role", "status_code"), [("agent_a1", 403), ("coach_a", 403), ("manager_b", 400)])
def test_action_item_is_refused_to_roles_that_may_not_add_it(api, world, role, status_code):
    meeting = world.record("one-on-ones")
    body = {"one_on_one": meeting.pk, "description": "Sneaky", "owner": world.org.agent_a1.pk}
    with unchanged(ActionItem):
        response = api(role).post("/api/v1/action-items/", body)
    assert response.status_code == status_code


def test_action_item_owner_must_be_the_agent_or_the_manager(api, world):
    meeting = world.record("one-on-ones")
    body = {"one_on_one": meeting.pk, "description": "Someone else's", "owner": world.org.coach_a.pk}
    with unchanged(ActionItem):
        response = api("manager_a").post("/api/v1/action-items/", body)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["owner"]


@pytest.mark.parametrize("role", ["agent_a1", "manager_a"])
def test_owner_or_manager_marks_an_action_item_done(api, world, role):
    item = world.record("action-items")
    response = api(role).post(f"/api/v1/action-items/{item.pk}/done/", {"done": True})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.done_at is not None and response.json()["done_at"] is not None


@pytest.mark.parametrize(("role", "status_code"), [("coach_a", 403), ("agent_a2", 404), ("manager_b", 404)])
def test_action_item_done_is_refused_to_others(api, world, role, status_code):
    item = world.record("action-items")
    with unchanged(ActionItem):
        response = api(role).post(f"/api/v1/action-items/{item.pk}/done/", {"done": True})
    assert response.status_code == status_code


# Expectations


def test_agent_acknowledges_their_expectation_once(api, world):
    expectation = world.record("expectations")
    client = api("agent_a1", token=True)
    response = client.post(f"/api/v1/expectations/{expectation.pk}/acknowledge/", {"comment": "Got it"})
    assert response.status_code == 200, response.content
    assert response.json()["agent_comment"] == "Got it"
    expectation.refresh_from_db()
    assert expectation.acknowledged_at is not None
    with unchanged(Expectation):
        again = client.post(f"/api/v1/expectations/{expectation.pk}/acknowledge/", {"comment": "Twice"})
    assert again.status_code == 400
    assert again.json()["error"]["message"].startswith("You already acknowledged this expectation")
    assert "fields" not in again.json()["error"]


@pytest.mark.parametrize(
    ("role", "status_code"),
    [("manager_a", 403), ("coach_a", 403), ("admin", 403), ("agent_a2", 404), ("manager_b", 404)],
)
def test_nobody_but_the_agent_acknowledges_an_expectation(api, world, role, status_code):
    expectation = world.record("expectations")
    with unchanged(Expectation):
        response = api(role).post(f"/api/v1/expectations/{expectation.pk}/acknowledge/", {})
    assert response.status_code == status_code


# Observations and coaching sessions


def _observation_body(world, **overrides):
    body = {
        "agent": world.org.agent_a1.pk,
        "observed_at": (clock.now() - datetime.timedelta(hours=1)).isoformat(),
        "method": "live_listen",
        "summary": "Good empathy.",
        "shared_with_agent": True,
        "ratings": [{"behaviour": world.behaviour.pk, "score": 4, "comment": "Let the customer finish."}],
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize("role", ["coach_a", "manager_a", "admin"])
def test_coach_or_manager_of_the_agent_records_an_observation_with_ratings(api, world, role):
    response = api(role).post("/api/v1/observations/", _observation_body(world))
    assert response.status_code == 201, response.content
    observation = Observation.objects.get(pk=response.json()["id"])
    assert observation.observer == world.people[role]
    assert [(r["behaviour"], r["score"]) for r in response.json()["ratings"]] == [(world.behaviour.pk, 4)]


@pytest.mark.parametrize(("role", "status_code"), [("agent_a1", 403), ("coach_b", 400), ("manager_b", 400)])
def test_observation_is_refused_to_roles_that_do_not_coach_the_agent(api, world, role, status_code):
    with unchanged(Observation, BehaviourRating):
        response = api(role).post("/api/v1/observations/", _observation_body(world))
    assert response.status_code == status_code


def test_observation_rating_out_of_scale_is_a_400_naming_the_score(api, world):
    body = _observation_body(world, ratings=[{"behaviour": world.behaviour.pk, "score": 9}])
    with unchanged(Observation, BehaviourRating):
        response = api("coach_a").post("/api/v1/observations/", body)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"score": ["Scores go from 1 to 5."]}


def test_agent_acknowledges_an_observation_shared_with_them(api, world):
    observation = world.record("observations")
    response = api("agent_a1").post(f"/api/v1/observations/{observation.pk}/acknowledge/")
    assert response.status_code == 200
    observation.refresh_from_db()
    assert observation.acknowledged_at is not None


def test_coach_cannot_acknowledge_for_the_agent(api, world):
    observation = world.record("observations")
    with unchanged(Observation):
        response = api("coach_a").post(f"/api/v1/observations/{observation.pk}/acknowledge/")
    assert response.status_code == 403


def _session_body(world, **overrides):
    today = clock.today()
    body = {
        "agent": world.org.agent_a1.pk,
        "held_on": today.isoformat(),
        "behaviours": [world.behaviour.pk],
        "goals": [world.record("goals").pk],
        "agreed_actions": "Summarise the need back.",
        "follow_up_on": (today + datetime.timedelta(days=14)).isoformat(),
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize("role", ["coach_a", "manager_a", "admin"])
def test_coach_or_manager_records_a_coaching_session(api, world, role):
    response = api(role, token=True).post("/api/v1/coaching-sessions/", _session_body(world))
    assert response.status_code == 201, response.content
    session = CoachingSession.objects.get(pk=response.json()["id"])
    assert session.coach == world.people[role]
    assert response.json()["behaviours"] == [world.behaviour.pk]
    assert response.json()["goals"] == [world.record("goals").pk]


@pytest.mark.parametrize(("role", "status_code"), [("agent_a1", 403), ("coach_b", 400), ("manager_b", 400)])
def test_coaching_session_is_refused_to_roles_that_do_not_coach_the_agent(api, world, role, status_code):
    with unchanged(CoachingSession):
        response = api(role).post("/api/v1/coaching-sessions/", _session_body(world, goals=[]))
    assert response.status_code == status_code


def test_follow_up_before_the_session_is_a_400_naming_the_field(today, api, world):
    body = _session_body(world, follow_up_on=(today - datetime.timedelta(days=1)).isoformat())
    with unchanged(CoachingSession):
        response = api("coach_a").post("/api/v1/coaching-sessions/", body)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["follow_up_on"]


@pytest.mark.parametrize("endpoint", ["agents", "metrics", "metric-values", "behaviours", "expectations", "goals"])
def test_read_only_resources_refuse_writes_with_405(api, world, endpoint):
    record = world.record(endpoint)
    client = api("admin")
    assert client.delete(f"/api/v1/{endpoint}/{record.pk}/").status_code == 405
    assert client.patch(f"/api/v1/{endpoint}/{record.pk}/", {}).status_code == 405


def test_teams_are_changed_but_never_deleted(api, world):
    team = world.record("teams")
    assert api("admin").delete(f"/api/v1/teams/{team.pk}/").status_code == 405


def test_engagement_is_refused_as_a_goal_for_one_agent_but_taken_for_a_team(api, world):
    engagement = Metric.objects.get(source=MetricSource.PULSE_ENGAGEMENT)
    with unchanged(Goal):
        response = api("manager_a").post("/api/v1/goals/", _goal_body(world, metric=engagement.pk, target="80"))
    assert response.status_code == 400
    assert "team as a whole" in response.json()["error"]["fields"]["metric"][0]
    body = _goal_body(world, metric=engagement.pk, target="80", agent=None, team=world.org.team_a.pk)
    response = api("manager_a").post("/api/v1/goals/", body)
    assert response.status_code == 201, response.content
