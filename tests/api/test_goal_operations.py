"""Goals over the API beyond step 1's basics: expectations from a team goal, templates, the SMART result."""

import datetime
from decimal import Decimal

import pytest

from coaching import clock
from coaching.models import Expectation, Goal, GoalStatus, GoalTemplate, Notification, TargetKind
from coaching.services.goals import goal_template_create
from tests.factories import GoalFactory

from .schema_check import assert_conforms
from .test_writes import unchanged

# The goal detail's projection and SMART result


def test_the_goal_detail_carries_its_projection_and_smart_result(api, world):
    goal = world.record("goals")
    response = api("agent_a1").get(f"/api/v1/goals/{goal.pk}/")
    assert_conforms(response)
    body = response.json()
    assert body["projection"]["status"] in {"on_track", "at_risk", "off_track", "no_data"}
    assert [criterion["key"] for criterion in body["smart_check"]][0] == "specific"
    statuses = {criterion["status"] for criterion in body["smart_check"]}
    assert body["smart_passes"] is ("fail" not in statuses)


def test_a_draft_that_fails_its_smart_check_says_so(api, world):
    draft = GoalFactory(
        metric=world.metric, agent=world.org.agent_a1, status=GoalStatus.DRAFT, objective="", description=""
    )
    body = api("manager_a").get(f"/api/v1/goals/{draft.pk}/").json()
    assert body["projection"] is None
    assert body["smart_passes"] is False


# Expectations from a team goal


def _team_goal(world):
    return world.record("goals", 1)  # team Alpha's CSAT goal; agent_a1 already has an expectation for it


def test_the_plan_suggests_a_target_for_each_agent_of_the_team(api, world):
    goal = _team_goal(world)
    response = api("manager_a").get(f"/api/v1/goals/{goal.pk}/expectation-plan/")
    assert response.status_code == 200, response.content
    assert_conforms(response)
    rows = {row["agent"]: row for row in response.json()["rows"]}
    assert set(rows) == {world.org.agent_a1.pk, world.org.agent_a2.pk}
    assert rows[world.org.agent_a1.pk]["expectation"] == world.record("expectations").pk
    assert rows[world.org.agent_a2.pk]["expectation"] is None


def test_the_manager_sets_expectations_and_the_agent_is_told(api, world):
    goal = _team_goal(world)
    client = api("manager_a")
    suggested = {
        row["agent"]: row["suggested_target"]
        for row in client.get(f"/api/v1/goals/{goal.pk}/expectation-plan/").json()["rows"]
    }
    body = {
        "agents": [{"agent": world.org.agent_a2.pk, "target": suggested[world.org.agent_a2.pk]}],
        "individual_motivator": "A half day off",
    }
    response = client.post(f"/api/v1/goals/{goal.pk}/expectations/", body, format="json")
    assert response.status_code == 201, response.content
    assert_conforms(response)
    (created,) = response.json()
    expectation = Expectation.objects.get(pk=created["id"])
    assert (expectation.agent, expectation.suggested_target, expectation.individual_motivator) == (
        world.org.agent_a2,
        Decimal(suggested[world.org.agent_a2.pk]),
        "A half day off",
    )
    assert Notification.objects.filter(recipient=world.org.agent_a2).exists()


def test_a_target_other_than_the_suggestion_needs_a_reason(api, world):
    goal = _team_goal(world)
    body = {"agents": [{"agent": world.org.agent_a2.pk, "target": "12"}]}
    with unchanged(Expectation):
        response = api("manager_a").post(f"/api/v1/goals/{goal.pk}/expectations/", body, format="json")
    assert response.status_code == 400
    assert "differs from the suggested one" in response.json()["error"]["message"]
    body["agents"][0]["target_reason"] = "Just back from leave."
    assert api("manager_a").post(f"/api/v1/goals/{goal.pk}/expectations/", body, format="json").status_code == 201


def test_an_agent_with_an_expectation_or_outside_the_team_is_refused_all_or_nothing(api, world):
    goal = _team_goal(world)
    body = {
        "agents": [
            {"agent": world.org.agent_a2.pk, "target": "85", "target_reason": "x"},
            {"agent": world.org.agent_a1.pk, "target": "85", "target_reason": "x"},
        ]
    }
    with unchanged(Expectation):
        response = api("manager_a").post(f"/api/v1/goals/{goal.pk}/expectations/", body, format="json")
    assert response.status_code == 400 and "already has an expectation" in response.json()["error"]["message"]
    outsider = {"agents": [{"agent": world.org.agent_b1.pk, "target": "85"}]}
    response = api("admin").post(f"/api/v1/goals/{goal.pk}/expectations/", outsider, format="json")
    assert response.status_code == 400 and "is not in team" in response.json()["error"]["message"]


def test_expectations_come_only_from_team_goals(api, world):
    agent_goal = world.record("goals")
    assert api("manager_a").get(f"/api/v1/goals/{agent_goal.pk}/expectation-plan/").status_code == 404
    body = {"agents": [{"agent": world.org.agent_a1.pk, "target": "85"}]}
    with unchanged(Expectation):
        assert (
            api("manager_a").post(f"/api/v1/goals/{agent_goal.pk}/expectations/", body, format="json").status_code
            == 404
        )


@pytest.mark.parametrize(
    ("role", "post_status", "plan_status"),
    # Agents and coaches never write goals (403 before the goal is looked up); the plan is a 404 where the goal is.
    [("agent_a1", 403, 403), ("coach_a", 403, 403), ("manager_b", 404, 404), ("agent_b1", 403, 404)],
)
def test_others_may_not_set_expectations_nor_read_the_plan(api, world, role, post_status, plan_status):
    goal = _team_goal(world)
    body = {"agents": [{"agent": world.org.agent_a2.pk, "target": "85"}]}
    with unchanged(Expectation):
        response = api(role).post(f"/api/v1/goals/{goal.pk}/expectations/", body, format="json")
    assert response.status_code == post_status
    assert_conforms(response)
    plan = api(role).get(f"/api/v1/goals/{goal.pk}/expectation-plan/")
    assert plan.status_code == plan_status
    assert_conforms(plan)


# Goal templates


def test_a_manager_saves_a_goal_as_each_kind_of_template_and_lists_them(api, world):
    goal = world.record("goals")
    client = api("manager_a")
    for kind, extra in (
        (TargetKind.ABSOLUTE, {}),
        (TargetKind.IMPROVEMENT, {"improvement": "2.5"}),
        (TargetKind.TEAM, {}),
    ):
        response = client.post("/api/v1/goal-templates/", {"goal": goal.pk, "name": kind, "target_kind": kind, **extra})
        assert response.status_code == 201, response.content
        assert_conforms(response)
    templates = {row["target_kind"]: row for row in client.get("/api/v1/goal-templates/").json()["results"]}
    assert templates[TargetKind.ABSOLUTE]["target"] is not None
    assert Decimal(templates[TargetKind.IMPROVEMENT]["improvement"]) == Decimal("2.5")
    assert templates[TargetKind.TEAM]["target"] is None


def test_an_improvement_template_without_an_improvement_is_a_400_naming_it(api, world):
    with unchanged(GoalTemplate):
        response = api("manager_a").post(
            "/api/v1/goal-templates/", {"goal": world.record("goals").pk, "target_kind": TargetKind.IMPROVEMENT}
        )
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["improvement"]


def test_a_template_is_saved_only_from_a_goal_one_may_change(api, world):
    other_team_goal = world.record("goals", 2)
    with unchanged(GoalTemplate):
        response = api("manager_a").post("/api/v1/goal-templates/", {"goal": other_team_goal.pk, "name": "x"})
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["goal"]


@pytest.fixture
def template(world):
    return goal_template_create(goal=world.record("goals"), actor=world.org.manager_a, name="CSAT 85")


def test_applying_a_template_to_a_team_gives_each_agent_a_goal_once(api, world, template):
    client = api("manager_a")
    start = clock.today().isoformat()
    response = client.post(
        f"/api/v1/goal-templates/{template.pk}/apply/", {"team": world.org.team_a.pk, "start_date": start}
    )
    assert response.status_code == 201, response.content
    assert_conforms(response)
    body = response.json()
    assert {row["agent"] for row in body["created"]} == {world.org.agent_a1.pk, world.org.agent_a2.pk}
    assert body["active"] + body["drafts"] == 2 and body["skipped"] == []
    again = client.post(
        f"/api/v1/goal-templates/{template.pk}/apply/",
        {"agents": [world.org.agent_a1.pk], "start_date": start},
        format="json",
    )
    assert again.json()["created"] == [] and again.json()["skipped"] == [world.org.agent_a1.pk]


def test_a_team_target_template_explains_the_agents_it_gives_no_goal(api, world):
    team_kind = goal_template_create(
        goal=world.record("goals"), actor=world.org.admin, name="Team CSAT", target_kind=TargetKind.TEAM
    )
    Goal.objects.filter(team=world.org.team_b).update(status=GoalStatus.CANCELLED)
    response = api("admin").post(
        f"/api/v1/goal-templates/{team_kind.pk}/apply/",
        {"agents": [world.org.agent_b1.pk], "start_date": clock.today().isoformat()},
        format="json",
    )
    assert response.status_code == 201
    (note,) = response.json()["notes"]
    assert note["agent"] == world.org.agent_b1.pk and note["goal"] is None and "Bravo" in note["reason"]


def test_a_manager_applies_a_template_only_to_their_own_agents_and_teams(api, world, template):
    start = clock.today().isoformat()
    with unchanged(Goal):
        by_agents = api("manager_a").post(
            f"/api/v1/goal-templates/{template.pk}/apply/",
            {"agents": [world.org.agent_b1.pk], "start_date": start},
            format="json",
        )
        by_team = api("manager_a").post(
            f"/api/v1/goal-templates/{template.pk}/apply/", {"team": world.org.team_b.pk, "start_date": start}
        )
        neither = api("manager_a").post(f"/api/v1/goal-templates/{template.pk}/apply/", {"start_date": start})
    assert list(by_agents.json()["error"]["fields"]) == ["agents"]
    assert list(by_team.json()["error"]["fields"]) == ["team"]
    assert neither.status_code == 400 and "either a team or a list of agents" in neither.json()["error"]["message"]


@pytest.mark.parametrize("role", ["agent_a1", "coach_a"])
def test_agents_and_coaches_get_403_on_every_template_endpoint(api, world, template, role):
    client = api(role)
    with unchanged(Goal, GoalTemplate):
        responses = [
            client.get("/api/v1/goal-templates/"),
            client.get(f"/api/v1/goal-templates/{template.pk}/"),
            client.post("/api/v1/goal-templates/", {"goal": world.record("goals").pk}),
            client.post(
                f"/api/v1/goal-templates/{template.pk}/apply/",
                {"team": world.org.team_a.pk, "start_date": (clock.today() + datetime.timedelta(days=1)).isoformat()},
            ),
        ]
    assert [response.status_code for response in responses] == [403] * 4
    for response in responses:
        assert_conforms(response)
