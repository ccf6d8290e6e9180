"""The goal API carries each active goal's projection, and the goal detail its SMART check too."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.models import GoalStatus
from tests.factories import GoalFactory, MembershipFactory, MetricValueFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]


def six_weeks(agent, metric, today, level=82, seed=1):
    rng = random.Random(seed)
    for days_ago in range(2, 44):  # the world already has yesterday's value
        MetricValueFactory(
            agent=agent,
            metric=metric,
            day=today - datetime.timedelta(days=days_ago),
            value=Decimal(str(round(level + rng.gauss(0, 3), 2))),
            sample_size=8,
        )


def test_the_goal_detail_carries_the_projection_and_the_smart_check(api, world, today):
    goal = world.record("goals")
    six_weeks(world.org.agent_a1, world.metric, today)
    body = api("manager_a").get(f"/api/v1/goals/{goal.pk}/").json()
    projection = body["projection"]
    assert projection["status"] in {"on_track", "at_risk", "off_track"}
    assert 0 < projection["probability"] < 1
    assert projection["percent"] % 5 == 0
    assert Decimal(projection["low"]) < Decimal(projection["projected"]) < Decimal(projection["high"])
    assert [criterion["key"] for criterion in body["smart_check"]] == [
        "specific",
        "measurable",
        "achievable",
        "relevant",
        "time_bound",
    ]


def test_an_agent_reads_the_projection_of_their_own_goal(api, world, today):
    goal = world.record("goals")
    six_weeks(world.org.agent_a1, world.metric, today)
    response = api("agent_a1").get(f"/api/v1/goals/{goal.pk}/")
    assert response.status_code == 200
    assert response.json()["projection"]["probability"] is not None


def test_an_agent_asking_for_another_agents_goal_detail_gets_404_and_no_projection(api, world, today):
    other = world.record("goals", 2)
    six_weeks(world.org.agent_b1, world.metric, today)
    response = api("agent_a1").get(f"/api/v1/goals/{other.pk}/")
    assert response.status_code == 404
    assert "projection" not in response.json() and "smart_check" not in response.json()


def test_a_goal_without_recent_data_says_so(api, world):
    body = api("manager_a").get(f"/api/v1/goals/{world.record('goals').pk}/").json()
    assert body["projection"]["status"] == "no_data"
    assert body["projection"]["probability"] is None


def test_a_draft_has_no_projection(api, world, today):
    draft = GoalFactory(metric=world.metric, agent=world.org.agent_a1, status=GoalStatus.DRAFT)
    six_weeks(world.org.agent_a1, world.metric, today)
    assert api("manager_a").get(f"/api/v1/goals/{draft.pk}/").json()["projection"] is None


def test_the_goal_list_projects_every_active_goal_in_queries_that_do_not_grow(api, world, today):
    client = api("manager_a")
    six_weeks(world.org.agent_a1, world.metric, today)
    with CaptureQueriesContext(connection) as few:
        first = client.get("/api/v1/goals/").json()
    assert all(row["projection"] is not None for row in first["results"])
    for seed in range(8):
        agent = MembershipFactory(team=world.org.team_a).agent
        GoalFactory(metric=world.metric, agent=agent, created_by=world.org.manager_a)
        six_weeks(agent, world.metric, today, seed=seed)
    with CaptureQueriesContext(connection) as many:
        more = client.get("/api/v1/goals/").json()
    assert len(more["results"]) == len(first["results"]) + 8
    assert sum(row["projection"]["probability"] is not None for row in more["results"]) >= 9
    assert len(many) == len(few)
