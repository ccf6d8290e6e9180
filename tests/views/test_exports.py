"""CSV exports: streamed, through the visibility policy, with spreadsheet formulas neutralised."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from coaching.rules.spreadsheet import spreadsheet_cell

from ..factories import GoalFactory, MetricFactory, MetricValueFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]

DAY = datetime.date(2026, 11, 23)  # two days before the frozen clock


@pytest.fixture
def values(org):
    metric = MetricFactory(code="AHT", unit="seconds", min_value=None, max_value=None)
    org.agent_a1.first_name, org.agent_a1.last_name = '=HYPERLINK("http://x")', "Smith"
    org.agent_a1.save()
    org.team_a.name = "+Alpha"
    org.team_a.save()
    for agent, team, value in (
        (org.agent_a1, org.team_a, -5),
        (org.agent_a2, org.team_a, 300),
        (org.agent_b1, org.team_b, 410),
    ):
        MetricValueFactory(agent=agent, metric=metric, day=DAY, value=Decimal(value), sample_size=10, team=team)
    org.metric = metric
    return org


def download(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+41 79", "'+41 79"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ana", "Ana"),
        (Decimal("-5.5"), Decimal("-5.5")),
        (-3, -3),
        (None, ""),
        (DAY, DAY.isoformat()),
    ],
)
def test_text_that_a_spreadsheet_would_evaluate_gets_an_apostrophe_and_numbers_stay_numbers(value, cell):
    assert spreadsheet_cell(value) == cell


def test_the_export_neutralises_formulas_in_names_and_keeps_negative_values_as_numbers(client, values):
    rows = download(client, values.admin, reverse("export-metric-values"), agent=values.agent_a1.pk)
    assert rows[0] == ["employee_id", "agent", "team", "metric_code", "day", "value", "sample_size"]
    (row,) = rows[1:]
    assert row[1] == '\'=HYPERLINK("http://x") Smith'
    assert row[2] == "'+Alpha"
    assert row[3:] == ["AHT", DAY.isoformat(), "-5.0000", "10"]


def test_an_agent_exports_only_their_own_values_even_when_asking_for_another_agent(client, values):
    own = download(client, values.agent_a2, reverse("export-metric-values"))
    other = download(client, values.agent_a2, reverse("export-metric-values"), agent=values.agent_a1.pk)
    assert [row[5] for row in own[1:]] == ["300.0000"]
    assert other[1:] == []


def test_a_manager_of_another_team_gets_nothing_of_this_team(client, values):
    asked = download(client, values.manager_b, reverse("export-metric-values"), team=values.team_a.pk)
    everything = download(client, values.manager_b, reverse("export-metric-values"))
    assert asked[1:] == []
    assert [row[5] for row in everything[1:]] == ["410.0000"]


def test_filters_narrow_by_team_metric_and_date_range(client, values):
    other_metric = MetricFactory(code="CSAT")
    MetricValueFactory(agent=values.agent_a2, metric=other_metric, day=DAY, team=values.team_a)
    url = reverse("export-metric-values")
    by_team = download(client, values.manager_a, url, team=values.team_a.pk, metric=values.metric.pk)
    in_range = download(client, values.admin, url, start=DAY.isoformat(), end=DAY.isoformat(), metric=values.metric.pk)
    too_late = download(client, values.admin, url, start=(DAY + datetime.timedelta(days=1)).isoformat())
    assert sorted(row[5] for row in by_team[1:]) == ["-5.0000", "300.0000"]
    assert len(in_range) == 4
    assert too_late[1:] == []


def test_goal_progress_lists_only_visible_goals_with_formulas_neutralised(client, values):
    GoalFactory(agent=values.agent_a1, metric=values.metric, title="=cmd|' /C calc'!A0", target=Decimal(280))
    GoalFactory(agent=values.agent_b1, metric=values.metric, title="Bravo goal", target=Decimal(380))
    rows = download(client, values.manager_a, reverse("export-goal-progress"))
    assert rows[0][:6] == ["goal", "scope", "metric_code", "status", "baseline", "target"]
    (goal,) = rows[1:]
    assert goal[0] == "'=cmd|' /C calc'!A0"
    assert goal[2] == "AHT" and goal[5] == "280.0000" and goal[8] == "no_data"
    assert download(client, values.agent_b1, reverse("export-goal-progress"))[1][0] == "Bravo goal"


def test_an_anonymous_visitor_cannot_export(client, values):
    response = client.get(reverse("export-metric-values"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_export_page_offers_both_downloads(client, values):
    client.force_login(values.agent_a1)
    html = client.get(reverse("export-index")).content.decode()
    assert reverse("export-metric-values") in html and reverse("export-goal-progress") in html
    assert str(values.agent_b1) not in html
