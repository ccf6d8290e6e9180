"""The demo organisation that ``manage.py seed_demo`` loads, made through the services users' actions go through.

``seed_demo(today=...)`` builds it in one transaction, every date counted from ``today``.
Deterministic (every random draw is seeded by a natural key such as the agent's employee
id) and safe to run twice: each module matches its records on natural keys and leaves a
record that exists already as it is.

The modules, in the order they run: ``org`` (teams and people), ``metrics`` (KPI
definitions and six months of daily values), ``goals``, ``one_on_ones`` (and
expectations), ``observations`` (and coaching sessions), ``pulse``, ``recognition`` (and
a few notifications) and ``alerts``; ``story`` holds what they share.
"""

import datetime

from django.db import transaction

from ..models import (
    CoachingSession,
    Expectation,
    Goal,
    Metric,
    MetricValue,
    Observation,
    OneOnOne,
    Role,
    Team,
    User,
)
from ..selectors.org import members_on
from ..services.pulse import pulse_rounds_open
from ..services.pulse_metrics import pulse_metrics_record
from .alerts import seed_alerts
from .goals import seed_engagement_goal, seed_goals
from .metrics import seed_metric_roles, seed_metric_values, seed_metrics
from .observations import seed_observations
from .one_on_ones import seed_one_on_ones
from .org import DEMO_PASSWORD, seed_org
from .pulse import seed_pulse
from .recognition import seed_recognition

__all__ = ["DEMO_PASSWORD", "seed_demo"]


def seed_demo(*, today: datetime.date) -> dict:
    """Create or refresh the demo organisation and its history up to ``today``; returns counts."""
    with transaction.atomic():
        metrics = seed_metrics()
        org = seed_org(today=today)
        seed_metric_roles(metrics)
        seed_metric_values(metrics=metrics, agents=org.agents, today=today)
        goals = seed_goals(
            metrics=metrics, teams=org.teams, agents={agent.username: agent for agent, _ in org.agents}, today=today
        )
        seed_one_on_ones(
            today=today,
            managers_agents={
                manager: members_on(team, day=today) for team in org.teams.values() for manager in team.managers.all()
            },
            team_goals=[goal for goal in goals if goal.team_id and goal.is_open],
        )
        seed_observations(today=today)
        seed_pulse(today=today)
        pulse_metrics_record(today=today)
        # Today's round opens as beat would open it, so agents find a survey waiting.
        pulse_rounds_open(today=today)
        seed_engagement_goal(teams=org.teams, today=today)
        seed_recognition(today=today)
        # The first evaluation, so the demo shows the investigation Billing Support opens.
        seed_alerts(today=today)
    return {
        "teams": Team.objects.count(),
        "agents": User.objects.filter(role=Role.AGENT).count(),
        "metrics": Metric.objects.count(),
        "values": MetricValue.objects.count(),
        "goals": Goal.objects.count(),
        "one_on_ones": OneOnOne.objects.count(),
        "expectations": Expectation.objects.count(),
        "observations": Observation.objects.count(),
        "sessions": CoachingSession.objects.count(),
    }
