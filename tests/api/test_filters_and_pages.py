"""Filters (team, agent, metric, day range, status), page-number pagination and deterministic order."""

import datetime

from coaching import clock
from coaching.models import GoalStatus, Metric, MetricSource, MetricValue, TeamMetricValue
from tests.factories import (
    AgentFactory,
    GoalFactory,
    MembershipFactory,
    MetricFactory,
    MetricValueFactory,
    ObservationFactory,
)

DAY = datetime.date(2026, 3, 2)


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_metric_values_filter_by_agent_team_metric_code_and_day_range(api, world):
    org = world.org
    aht = MetricFactory(code="AHT")
    values = {
        (agent.username, code, offset): MetricValueFactory(
            agent=agent, metric=metric, day=DAY + datetime.timedelta(days=offset), team=team
        )
        for agent, team in ((org.agent_a1, org.team_a), (org.agent_b1, org.team_b))
        for code, metric in (("CSAT", world.metric), ("AHT", aht))
        for offset in (0, 1, 2)
    }
    client = api("admin")
    url = "/api/v1/metric-values/"
    in_march = {"day_from": DAY.isoformat(), "day_to": (DAY + datetime.timedelta(days=1)).isoformat()}
    assert _ids(client.get(url, {**in_march, "agent": org.agent_a1.pk, "metric_code": "AHT"})) == [
        values["agent_a1", "AHT", 0].pk,
        values["agent_a1", "AHT", 1].pk,
    ]
    assert _ids(client.get(url, {**in_march, "team": org.team_b.pk, "metric": world.metric.pk})) == [
        values["agent_b1", "CSAT", 0].pk,
        values["agent_b1", "CSAT", 1].pk,
    ]
    assert len(_ids(client.get(url, {"day_from": (DAY + datetime.timedelta(days=2)).isoformat()}))) == 4 + 3


def test_metric_value_team_is_the_team_on_that_day_not_today(api, world):
    org = world.org
    old = MetricValueFactory(agent=org.agent_a1, metric=world.metric, day=DAY, team=org.team_b)
    assert _ids(api("admin").get("/api/v1/metric-values/", {"team": org.team_b.pk, "day_to": DAY.isoformat()})) == [
        old.pk
    ]


def test_goals_filter_by_status_team_agent_metric_and_due_date(api, world):
    org = world.org
    draft = GoalFactory(metric=world.metric, agent=org.agent_a2, status=GoalStatus.DRAFT)
    missed = GoalFactory(metric=world.metric, agent=org.agent_a1, status=GoalStatus.MISSED)
    client = api("manager_a")
    url = "/api/v1/goals/"
    assert set(_ids(client.get(url, {"status": ["draft", "missed"]}))) == {draft.pk, missed.pk}
    team_a_goals = {world.record("goals").pk, world.record("goals", 1).pk, draft.pk, missed.pk}
    assert set(_ids(client.get(url, {"team": org.team_a.pk}))) == team_a_goals
    assert set(_ids(client.get(url, {"agent": org.agent_a1.pk}))) == {world.record("goals").pk, missed.pk}
    other_metric = GoalFactory(metric=MetricFactory(code="FCR"), agent=org.agent_a1)
    assert _ids(client.get(url, {"metric": other_metric.metric_id})) == [other_metric.pk]
    due = other_metric.due_date.isoformat()
    assert other_metric.pk in _ids(client.get(url, {"day_from": due, "day_to": due}))
    assert _ids(client.get(url, {"day_to": (other_metric.due_date - datetime.timedelta(days=200)).isoformat()})) == []


def test_filters_never_widen_visibility(api, world):
    client = api("agent_a1")
    assert _ids(client.get("/api/v1/goals/", {"agent": world.org.agent_b1.pk})) == []
    assert _ids(client.get("/api/v1/metric-values/", {"team": world.org.team_b.pk})) == []


def test_action_items_and_expectations_filter_by_status(api, world):
    client = api("agent_a1")
    item = world.record("action-items")
    assert _ids(client.get("/api/v1/action-items/", {"status": "open"})) == [item.pk]
    assert _ids(client.get("/api/v1/action-items/", {"status": "done"})) == []
    expectation = world.record("expectations")
    assert _ids(client.get("/api/v1/expectations/", {"status": "pending"})) == [expectation.pk]
    assert _ids(client.get("/api/v1/expectations/", {"status": "acknowledged"})) == []


def test_observations_filter_by_team_behaviour_and_observed_day(api, world):
    org = world.org
    old = ObservationFactory(
        agent=org.agent_a1, observer=org.coach_a, observed_at=clock.now() - datetime.timedelta(days=40)
    )
    client = api("admin")
    recent = {"day_from": (clock.today() - datetime.timedelta(days=1)).isoformat()}
    a_recent = set(_ids(client.get("/api/v1/observations/", {**recent, "team": org.team_a.pk})))
    assert a_recent == {world.record("observations").pk, world.record("observations", 1).pk}
    rated = set(_ids(client.get("/api/v1/observations/", {"behaviour": world.behaviour.pk})))
    assert old.pk not in rated and len(rated) == 3


def test_agents_filter_by_team_today(api, world):
    org = world.org
    assert set(_ids(api("admin").get("/api/v1/agents/", {"team": org.team_a.pk}))) == {
        org.agent_a1.pk,
        org.agent_a2.pk,
    }


def test_pages_have_a_size_parameter_and_walk_every_row_once_in_a_fixed_order(api, world):
    org = world.org
    for offset in range(7):
        MetricValueFactory(agent=org.agent_a1, metric=world.metric, day=DAY + datetime.timedelta(days=offset))
    client = api("agent_a1", token=True)
    first = client.get("/api/v1/metric-values/", {"page_size": 3}).json()
    assert first["count"] == 8 and len(first["results"]) == 3 and first["previous"] is None
    seen, url = [], "/api/v1/metric-values/?page_size=3"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    expected = list(
        MetricValue.objects.filter(agent=org.agent_a1)
        .order_by("day", "agent_id", "metric_id")
        .values_list("pk", flat=True)
    )
    assert seen == expected


def test_page_size_goes_up_to_500_and_more_is_refused(api, world):
    agent = AgentFactory()
    MembershipFactory(agent=agent, team=world.org.team_a)
    MetricValue.objects.bulk_create(
        MetricValue(agent=agent, metric=world.metric, day=DAY - datetime.timedelta(days=n), value=80, sample_size=1)
        for n in range(505)
    )
    too_many = api("admin").get("/api/v1/metric-values/", {"page_size": 1000, "agent": agent.pk})
    assert too_many.status_code == 400 and list(too_many.json()["error"]["fields"]) == ["page_size"]
    page = api("admin").get("/api/v1/metric-values/", {"page_size": 500, "agent": agent.pk}).json()
    assert page["count"] == 505 and len(page["results"]) == 500
    assert len(api("admin").get("/api/v1/metric-values/", {"agent": agent.pk}).json()["results"]) == 50


def test_team_metric_values_filter_by_team_metric_code_and_day_range(api, world):
    org = world.org
    enps = Metric.objects.get(source=MetricSource.PULSE_ENPS)
    values = {
        (team.name, metric.code, offset): TeamMetricValue.objects.create(
            team=team, metric=metric, day=DAY + datetime.timedelta(days=offset), value=10, sample_size=6
        )
        for team in (org.team_a, org.team_b)
        for metric in (enps, Metric.objects.get(source=MetricSource.PULSE_ENGAGEMENT))
        for offset in (0, 14)
    }
    url = "/api/v1/team-metric-values/"
    first_round = {"day_from": DAY.isoformat(), "day_to": DAY.isoformat(), "metric_code": enps.code}
    assert _ids(api("admin").get(url, {**first_round, "team": org.team_b.pk})) == [values["Bravo", "ENPS", 0].pk]
    # A manager's filter only narrows their own teams: Bravo's values stay out of reach.
    assert _ids(api("manager_a").get(url, {**first_round, "team": org.team_b.pk})) == []
    assert _ids(api("manager_a").get(url, first_round)) == [values["Alpha", "ENPS", 0].pk]
