"""EX beside CX: dashboards and the comparison view for each role, and their query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching import clock
from coaching.models import Aggregation, Direction, MetricKind
from coaching.selectors.ex import ex_dashboard, ex_window
from tests.factories import MetricFactory, MetricValueFactory, OneOnOneFactory


@pytest.fixture
def values(org):
    csat = MetricFactory(code="CSAT")
    absence = MetricFactory(
        code="ABS", kind=MetricKind.EMPLOYEE, direction=Direction.LOWER, aggregation=Aggregation.RATE
    )
    today = clock.today()
    for week in range(20):
        day = today - datetime.timedelta(weeks=week)
        for agent, team in ((org.agent_a1, org.team_a), (org.agent_a2, org.team_a), (org.agent_b1, org.team_b)):
            MetricValueFactory(agent=agent, team=team, metric=csat, day=day, value=Decimal(70 + week % 5))
            MetricValueFactory(agent=agent, team=team, metric=absence, day=day, value=Decimal(week % 4), sample_size=8)
    return csat, absence


@pytest.mark.parametrize(
    ("role", "team", "status"),
    [
        ("manager_a", "team_a", 200),
        ("manager_a", "team_b", 404),
        ("coach_a", "team_a", 200),
        ("coach_a", "team_b", 404),
        ("admin", "team_b", 200),
        ("agent_a1", "team_a", 404),
    ],
)
def test_team_dashboard_follows_the_visibility_policy(client, org, values, role, team, status):
    client.force_login(getattr(org, role))
    assert client.get(f"/ex/teams/{getattr(org, team).pk}/").status_code == status


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "coach_a", "admin"])
def test_organisation_page_for_every_role(client, org, values, role):
    client.force_login(getattr(org, role))
    page = client.get("/ex/")
    assert page.status_code == 200
    keys = [series["key"] for series in page.context["chart"]["series"]]
    if role == "admin":
        assert {"ABS", "CSAT", "ENG", "ENPS", "attrition", "mood"} <= set(keys)
    else:
        # Agents (and everyone but admins) see only the organisation's pulse metrics.
        assert keys == ["ENG", "ENPS"]


@pytest.mark.parametrize(("role", "status"), [("agent_a1", 404), ("manager_a", 200), ("coach_a", 200), ("admin", 200)])
def test_compare_view_by_role(client, org, values, role, status):
    client.force_login(getattr(org, role))
    page = client.get("/ex/compare/", {"x": "ABS", "y": "CSAT", "weeks": 26})
    assert page.status_code == status
    if status == 200:
        assert b"Correlation is not cause" in page.content
        comparison = page.context["comparison"]
        teams = {point["team"] for point in comparison.points}
        assert teams == ({"Alpha"} if role in ("manager_a", "coach_a") else {"Alpha", "Bravo"})
        assert comparison.correlation.points == len(comparison.points)


def test_mood_shows_only_for_weeks_with_enough_agents(org, values):
    today = clock.today()
    for agent in (org.agent_a1, org.agent_a2):
        OneOnOneFactory(agent=agent, manager=org.manager_a, mood=2, meeting_on=clock.now())
    start, end = ex_window(today=today, weeks=4)
    mood = next(series for series in ex_dashboard([org.team_a.pk], start, end) if series.key == "mood")
    assert mood.points == {}


def test_dashboard_queries_do_not_grow_with_weeks(org, values):
    today = clock.today()
    counts = []
    for weeks in (4, 52):
        start, end = ex_window(today=today, weeks=weeks)
        with CaptureQueriesContext(connection) as queries:
            ex_dashboard([org.team_a.pk, org.team_b.pk], start, end)
            ex_dashboard(None, start, end)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_attrition_counts_people_leaving_the_team(org):
    today = clock.today()
    membership = org.agent_a2.memberships.get()
    membership.end_date = today.replace(day=1)
    membership.save()
    start, end = ex_window(today=today, weeks=2)
    attrition = next(series for series in ex_dashboard([org.team_a.pk], start, end) if series.key == "attrition")
    assert attrition.points[today.replace(day=1)] == 50.0
