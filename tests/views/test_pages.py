"""Role home pages, agent and team pages, and who may open them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from coaching import clock
from coaching.models import Direction, Metric, MetricRole, MetricSource, MetricUnit, TeamMetricValue

from ..factories import AgentFactory, MembershipFactory, MetricFactory, MetricValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def csat(org):
    """A CSAT metric with yesterday's values for every agent of the fixture."""
    metric = MetricFactory(code="CSAT", name="Customer satisfaction")
    yesterday = clock.today() - datetime.timedelta(days=1)
    for agent, value in ((org.agent_a1, 91), (org.agent_a2, 71), (org.agent_b1, 55)):
        team = org.team_a if agent != org.agent_b1 else org.team_b
        MetricValueFactory(agent=agent, metric=metric, day=yesterday, value=Decimal(value), sample_size=10, team=team)
    return metric


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_agent_home_shows_own_kpis_and_team_average_but_no_colleague(client, org, csat):
    response = page(client, org.agent_a1, reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "My goals" in html
    assert "91.0 %" in html  # own CSAT
    assert "81.0 %" in html  # team Alpha: (91×10 + 71×10) / 20
    assert str(org.agent_a2) not in html
    assert "71.0 %" not in html


def test_manager_home_shows_their_team_board_only(client, org, csat):
    html = page(client, org.manager_a, reverse("home")).content.decode()
    assert "Alpha" in html and str(org.agent_a1) in html and str(org.agent_a2) in html
    assert "Bravo" not in html and str(org.agent_b1) not in html


def test_coach_home_lists_covered_agents_weakest_first(client, org, csat):
    qa = MetricFactory(code="QA", unit=MetricUnit.SCORE, role=MetricRole.QUALITY_SCORE)
    yesterday = clock.today() - datetime.timedelta(days=1)
    MetricValueFactory(agent=org.agent_a1, metric=qa, day=yesterday, value=Decimal(95), sample_size=1)
    MetricValueFactory(agent=org.agent_a2, metric=qa, day=yesterday, value=Decimal(62), sample_size=1)
    html = page(client, org.coach_a, reverse("home")).content.decode()
    assert "Agents to observe" in html
    assert html.index(str(org.agent_a2)) < html.index(str(org.agent_a1))
    assert str(org.agent_b1) not in html


def test_admin_home_shows_configuration_and_gaps(client, org, csat):
    AgentFactory(username="loner", first_name="Lone", last_name="Ranger")
    html = page(client, org.admin, reverse("home")).content.decode()
    assert "Configuration" in html
    assert "Team Bravo has no coach." in html
    assert "Agent Lone Ranger is not in a team." in html
    assert "CSAT" in html


@pytest.mark.parametrize("viewer", ["agent_a1", "manager_a", "coach_a", "admin"])
def test_those_who_may_see_an_agent_open_their_page(client, org, csat, viewer):
    response = page(client, getattr(org, viewer), reverse("agent-detail", args=[org.agent_a1.pk]))
    assert response.status_code == 200
    assert "91.0 %" in response.content.decode()


@pytest.mark.parametrize("viewer", ["agent_a2", "manager_b", "agent_b1"])
def test_others_asking_for_an_agent_by_id_get_404(client, org, csat, viewer):
    response = page(client, getattr(org, viewer), reverse("agent-detail", args=[org.agent_a1.pk]))
    assert response.status_code == 404
    assert "91.0 %" not in response.content.decode()


def test_a_coach_cannot_open_an_agent_of_a_team_they_do_not_cover(client, org, csat):
    assert page(client, org.coach_a, reverse("agent-detail", args=[org.agent_b1.pk])).status_code == 404


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("manager_a", 200),
        ("coach_a", 200),
        ("admin", 200),
        ("manager_b", 404),
        ("agent_a1", 404),
    ],
)
def test_team_board_visibility(client, org, csat, viewer, status):
    assert page(client, getattr(org, viewer), reverse("team-detail", args=[org.team_a.pk])).status_code == status


def test_agent_list_is_scoped_searchable_and_redirects_agents(client, org):
    html = page(client, org.manager_a, reverse("agent-list")).content.decode()
    assert str(org.agent_a1) in html and str(org.agent_b1) not in html
    searched = client.get(reverse("agent-list"), {"q": org.agent_a2.employee_id}).content.decode()
    assert str(org.agent_a2) in searched and str(org.agent_a1) not in searched
    response = page(client, org.agent_a1, reverse("agent-list"))
    assert response.status_code == 302
    assert response.url == reverse("agent-detail", args=[org.agent_a1.pk])


def test_agent_list_is_paginated(client, org):
    for number in range(30):
        MembershipFactory(agent=AgentFactory(username=f"bulk{number:02d}", first_name="Bulk"), team=org.team_a)
    first = page(client, org.manager_a, reverse("agent-list")).content.decode()
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in client.get(reverse("agent-list"), {"page": 2}).content.decode()


def test_lower_is_better_metric_shows_a_drop_as_an_improvement(client, org):
    aht = MetricFactory(
        code="AHT", unit=MetricUnit.SECONDS, direction=Direction.LOWER, decimal_places=0, min_value=0, max_value=7200
    )
    today = clock.today()
    MetricValueFactory(agent=org.agent_a1, metric=aht, day=today - datetime.timedelta(days=40), value=400)
    MetricValueFactory(agent=org.agent_a1, metric=aht, day=today - datetime.timedelta(days=1), value=330)
    html = page(client, org.agent_a1, reverse("home")).content.decode()
    assert "5:30" in html  # 330 s
    assert 'class="text-success small" title="improved"' in html
    assert "−1:10" in html


def test_system_status_is_for_administrators_only(client, org):
    for user in (org.agent_a1, org.manager_a, org.coach_a):
        assert page(client, user, reverse("system-status")).status_code == 404


def test_administrator_checks_the_worker_round_trip(client, org):
    client.force_login(org.admin)
    html = client.post(reverse("system-status"), HTTP_HX_REQUEST="true").content.decode()
    assert "answered at" in html


def test_home_query_count_does_not_grow_with_agents_or_days(client, org, csat, django_assert_max_num_queries):
    def manager_home_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(org.manager_a)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    before = manager_home_queries()
    for number in range(15):
        agent = AgentFactory(username=f"more{number}")
        MembershipFactory(agent=agent, team=org.team_a)
        for days_ago in range(1, 20):
            MetricValueFactory(agent=agent, metric=csat, day=clock.today() - datetime.timedelta(days=days_ago))
    assert manager_home_queries() == before
    with django_assert_max_num_queries(before):
        client.get(reverse("home"))


def test_page_links_keep_the_search(client, org):
    for number in range(30):
        MembershipFactory(agent=AgentFactory(username=f"bulk{number:02d}", first_name="Bulk"), team=org.team_a)
    client.force_login(org.manager_a)
    html = client.get(reverse("agent-list"), {"q": "Bulk", "page": 1}).content.decode()
    assert 'href="?q=Bulk&amp;page=2"' in html


def test_team_board_shows_engagement_beside_the_kpis_only_where_the_team_had_enough_answers(client, org, csat):
    engagement = Metric.objects.get(source=MetricSource.PULSE_ENGAGEMENT)
    today = clock.today()
    for team, value, days_ago in ((org.team_a, "62", 5), (org.team_a, "70", 40), (org.team_b, "33", 5)):
        TeamMetricValue.objects.create(
            team=team, metric=engagement, day=today - datetime.timedelta(days=days_ago), value=Decimal(value)
        )
    response = page(client, org.manager_a, reverse("home"))
    (board,) = response.context["boards"]
    cell = next(cell for cell in board.cells if cell.metric == engagement)
    assert (cell.current, cell.previous, cell.change) == (Decimal(62), Decimal(70), "worse")
    assert "33" not in [str(c.current) for c in board.cells]  # Bravo's figure is not Alpha's manager's
    enps = next(cell for cell in board.cells if cell.metric.source == MetricSource.PULSE_ENPS)
    assert enps.current is None  # no round reached the threshold: an empty card, never a guess
