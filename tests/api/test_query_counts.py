"""List endpoints cost a fixed number of queries, however many rows they return."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ActionItemFactory,
    AgentFactory,
    BehaviourFactory,
    BehaviourRatingFactory,
    CoachingSessionFactory,
    ExpectationFactory,
    GoalFactory,
    MembershipFactory,
    MetricFactory,
    MetricValueFactory,
    ObservationFactory,
    OneOnOneFactory,
    TeamFactory,
)


def _more(world, endpoint: str, index: int) -> None:
    """One more record of ``endpoint``'s kind that agent_a1's manager, coach and admin all see."""
    org, a1 = world.org, world.org.agent_a1
    if endpoint == "teams":
        team = TeamFactory()
        team.managers.add(org.manager_a)
        team.coaches.add(org.coach_a)
        MembershipFactory(agent=AgentFactory(), team=team)
    elif endpoint == "agents":
        MembershipFactory(agent=AgentFactory(), team=org.team_a)
    elif endpoint == "metrics":
        MetricFactory()
    elif endpoint == "metric-values":
        MetricValueFactory(agent=a1, metric=world.metric, day=datetime.date(2025, 1, 1) + datetime.timedelta(index))
    elif endpoint == "goals":
        GoalFactory(metric=world.metric, agent=a1)
    elif endpoint == "expectations":
        ExpectationFactory(goal=GoalFactory(metric=world.metric, agent=None, team=org.team_a), agent=a1)
    elif endpoint == "one-on-ones":
        ActionItemFactory(one_on_one=OneOnOneFactory(agent=a1, manager=org.manager_a))
    elif endpoint == "action-items":
        ActionItemFactory(one_on_one=world.record("one-on-ones"), owner=a1)
    elif endpoint == "behaviours":
        BehaviourFactory().metrics.add(world.metric, MetricFactory())
    elif endpoint == "observations":
        observation = ObservationFactory(agent=a1, observer=org.coach_a)
        BehaviourRatingFactory(observation=observation, behaviour=world.behaviour)
        BehaviourRatingFactory(observation=observation, behaviour=BehaviourFactory())
    elif endpoint == "coaching-sessions":
        session = CoachingSessionFactory(agent=a1, coach=org.coach_a)
        session.behaviours.add(world.behaviour, BehaviourFactory())
        session.goals.add(world.record("goals"))


ENDPOINTS = (
    "teams",
    "agents",
    "metrics",
    "metric-values",
    "goals",
    "expectations",
    "one-on-ones",
    "action-items",
    "behaviours",
    "observations",
    "coaching-sessions",
)


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "coach_a", "admin"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_query_count_does_not_grow_with_rows(api, world, endpoint, role, django_assert_max_num_queries):
    client = api(role, token=True)
    url = f"/api/v1/{endpoint}/"
    _more(world, endpoint, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        rows_before = client.get(url).json()["count"]
    for index in range(1, 9):
        _more(world, endpoint, index)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows_after = client.get(url).json()["count"]
    # An agent sees no team and no other agent; everything else grows for every role.
    if not (role == "agent_a1" and endpoint in ("teams", "agents")):
        assert rows_after > rows_before
