"""Fixtures of the API tests: a world with one record of each kind per team, and clients for every role."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coaching import clock
from coaching.models import GoalStatus, Metric, MetricSource, TeamMetricValue
from tests.factories import (
    ActionItemFactory,
    BehaviourFactory,
    BehaviourRatingFactory,
    CoachFactory,
    CoachingSessionFactory,
    ExpectationFactory,
    GoalFactory,
    MetricFactory,
    MetricValueFactory,
    ObservationFactory,
    OneOnOneFactory,
)

ROLES = ("agent_a1", "agent_a2", "agent_b1", "manager_a", "manager_b", "coach_a", "coach_b", "admin")
EVERYONE = frozenset(ROLES)
SEES_A1 = frozenset({"agent_a1", "manager_a", "coach_a", "admin"})
SEES_A2 = frozenset({"agent_a2", "manager_a", "coach_a", "admin"})
SEES_B1 = frozenset({"agent_b1", "manager_b", "coach_b", "admin"})
PRIVATE_NOTE = "Manager-only: family situation, go gently."


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counts live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    """The org fixture plus a coach of Bravo and, per endpoint, records with the roles that may see each."""

    org: object
    people: dict
    metric: object
    behaviour: object
    records: dict = field(default_factory=dict)

    def record(self, endpoint: str, index: int = 0):
        return self.records[endpoint][index][0]


@pytest.fixture
def world(org):
    coach_b = CoachFactory(username="coach_b")
    org.team_b.coaches.add(coach_b)
    people = {
        "agent_a1": org.agent_a1,
        "agent_a2": org.agent_a2,
        "agent_b1": org.agent_b1,
        "manager_a": org.manager_a,
        "manager_b": org.manager_b,
        "coach_a": org.coach_a,
        "coach_b": coach_b,
        "admin": org.admin,
    }
    a1, a2, b1 = org.agent_a1, org.agent_a2, org.agent_b1
    metric = MetricFactory(code="CSAT")
    behaviour = BehaviourFactory(name="Active listening")
    behaviour.metrics.add(metric)
    yesterday = clock.today() - datetime.timedelta(days=1)

    goal_a1 = GoalFactory(metric=metric, agent=a1, created_by=org.manager_a)
    team_goal_a = GoalFactory(metric=metric, agent=None, team=org.team_a, created_by=org.manager_a)
    team_goal_b = GoalFactory(metric=metric, agent=None, team=org.team_b, created_by=org.manager_b)
    goal_b1 = GoalFactory(metric=metric, agent=b1, created_by=org.manager_b)
    meeting_a1 = OneOnOneFactory(agent=a1, manager=org.manager_a, private_notes=PRIVATE_NOTE)
    meeting_b1 = OneOnOneFactory(agent=b1, manager=org.manager_b, private_notes="Bravo manager only.")
    shared_a1 = ObservationFactory(agent=a1, observer=org.coach_a, shared_with_agent=True)
    unshared_a1 = ObservationFactory(agent=a1, observer=org.coach_a, shared_with_agent=False)
    shared_b1 = ObservationFactory(agent=b1, observer=coach_b, shared_with_agent=True)
    for observation in (shared_a1, unshared_a1, shared_b1):
        BehaviourRatingFactory(observation=observation, behaviour=behaviour, score=4)
    session_a1 = CoachingSessionFactory(agent=a1, coach=org.coach_a)
    session_b1 = CoachingSessionFactory(agent=b1, coach=coach_b)
    for session in (session_a1, session_b1):
        session.behaviours.add(behaviour)

    engagement = Metric.objects.get(source=MetricSource.PULSE_ENGAGEMENT)
    world = World(org=org, people=people, metric=metric, behaviour=behaviour)
    world.records = {
        "teams": [(org.team_a, {"manager_a", "coach_a", "admin"}), (org.team_b, {"manager_b", "coach_b", "admin"})],
        "agents": [(a1, SEES_A1), (a2, SEES_A2), (b1, SEES_B1)],
        # With the pulse metrics every installation has (created by a migration).
        "metrics": [(metric, EVERYONE), *((pulse, EVERYONE) for pulse in Metric.objects.per_team())],
        "behaviours": [(behaviour, EVERYONE)],
        "metric-values": [
            (MetricValueFactory(agent=a1, metric=metric, day=yesterday, team=org.team_a), SEES_A1),
            (MetricValueFactory(agent=a2, metric=metric, day=yesterday, team=org.team_a), SEES_A2),
            (MetricValueFactory(agent=b1, metric=metric, day=yesterday, team=org.team_b), SEES_B1),
        ],
        "goals": [
            (goal_a1, SEES_A1),
            (team_goal_a, SEES_A1 | SEES_A2),
            (goal_b1, SEES_B1),
            (team_goal_b, SEES_B1),
        ],
        "expectations": [
            (ExpectationFactory(goal=team_goal_a, agent=a1, created_by=org.manager_a), SEES_A1),
            (ExpectationFactory(goal=team_goal_b, agent=b1, created_by=org.manager_b), SEES_B1),
        ],
        "one-on-ones": [(meeting_a1, SEES_A1), (meeting_b1, SEES_B1)],
        "action-items": [
            (ActionItemFactory(one_on_one=meeting_a1, owner=a1), SEES_A1),
            (ActionItemFactory(one_on_one=meeting_b1, owner=b1), SEES_B1),
        ],
        "observations": [
            (shared_a1, SEES_A1),
            (unshared_a1, SEES_A1 - {"agent_a1"}),
            (shared_b1, SEES_B1),
        ],
        "coaching-sessions": [(session_a1, SEES_A1), (session_b1, SEES_B1)],
        "team-metric-values": [
            (
                TeamMetricValue.objects.create(team=team, metric=engagement, day=yesterday, value=70, sample_size=6),
                roles,
            )
            for team, roles in (
                (org.team_a, {"manager_a", "coach_a", "admin"}),
                (org.team_b, {"manager_b", "coach_b", "admin"}),
            )
        ],
    }
    assert goal_a1.status == GoalStatus.ACTIVE
    return world


@pytest.fixture
def api(world):
    """``api(role)``: a client signed in as ``role`` with a session; ``api(role, token=True)`` with an API token."""

    def client(role: str | None = None, *, token: bool = False) -> APIClient:
        api_client = APIClient()
        if role is None:
            return api_client
        user = world.people[role]
        if token:
            key = Token.objects.get_or_create(user=user)[0].key
            api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        else:
            api_client.force_login(user)
        return api_client

    return client
