"""The daily alert evaluation end to end: sent through Redis to a worker process on the test database."""

import datetime
from decimal import Decimal

import pytest
from celery import Celery

from coaching import clock
from coaching.models import AlertCondition, AlertRule, AlertScope, Direction, Investigation, MetricKind, MetricValue

from .factories import MetricFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_the_daily_evaluation_runs_on_a_worker_and_opens_the_investigation(redis_url, worker_database, worker, org):
    absenteeism = MetricFactory(code="ABS", direction=Direction.LOWER, kind=MetricKind.EMPLOYEE)
    today = clock.today()
    last_week = today - datetime.timedelta(days=today.weekday() + 7)  # Monday of the last complete week
    for agent, team, value in ((org.agent_a1, org.team_a, 14), (org.agent_b1, org.team_b, 3)):
        MetricValue.objects.create(
            agent=agent, metric=absenteeism, team=team, day=last_week, value=Decimal(value), sample_size=8
        )
    AlertRule.objects.create(
        name="Absenteeism above 10 %",
        metric=absenteeism,
        scope=AlertScope.ALL_TEAMS,
        condition=AlertCondition.THRESHOLD,
        threshold=Decimal(10),
    )

    client = Celery("alerts-probe", broker=redis_url, backend=redis_url)
    first = client.send_task("coaching.alerts_evaluate", args=[today.isoformat()], queue=worker).get(timeout=90)
    again = client.send_task("coaching.alerts_evaluate", args=[today.isoformat()], queue=worker).get(timeout=90)

    assert first["investigations_opened"] == 1 and again["investigations_opened"] == 0
    investigation = Investigation.objects.get()
    assert (investigation.team, investigation.assignee) == (org.team_a, org.manager_a)
