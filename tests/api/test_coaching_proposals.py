"""Coaching proposals over the API: who sees them, the filters, and accepting or dismissing one.

Agents get a 404 on every proposal endpoint, even for a proposal about themselves, and
nothing changes.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.models import (
    AlertAction,
    AlertCondition,
    AlertRule,
    AlertScope,
    CoachingProposal,
    CoachingSession,
    ProposalStatus,
)
from tests.factories import AgentFactory, BehaviourFactory, MembershipFactory, MetricFactory

pytestmark = pytest.mark.django_db

PROPOSALS = "/api/v1/coaching-proposals/"
PERIOD_END = datetime.date(2026, 11, 22)


def _rule(metric, name: str) -> AlertRule:
    return AlertRule.objects.create(
        name=name,
        metric=metric,
        scope=AlertScope.EACH_AGENT,
        condition=AlertCondition.RUN,
        action=AlertAction.COACHING_PROPOSAL,
    )


def _propose(rule, *, agent, coach, behaviours=(), **fields) -> CoachingProposal:
    proposal = CoachingProposal.objects.create(
        rule=rule, agent=agent, coach=coach, metric=rule.metric, period_end=PERIOD_END, **fields
    )
    proposal.behaviours.set(behaviours)
    return proposal


@pytest.fixture
def csat_rule(world):
    return _rule(world.metric, "CSAT run")


@pytest.fixture
def proposal_a1(world, csat_rule):
    """Made to coach_a about agent_a1 (team Alpha), with the behaviour that drives CSAT."""
    return _propose(
        csat_rule,
        agent=world.org.agent_a1,
        coach=world.org.coach_a,
        behaviours=[world.behaviour],
        trigger_data={"condition": "run", "latest_run": 8},
    )


@pytest.fixture
def proposal_b1(world, csat_rule):
    """Made to coach_b about agent_b1 (team Bravo)."""
    return _propose(csat_rule, agent=world.org.agent_b1, coach=world.people["coach_b"])


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def state(proposal):
    proposal.refresh_from_db()
    return proposal.status, proposal.dismiss_reason, proposal.decided_at, CoachingSession.objects.count()


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", {"a1", "b1"}),
        ("coach_a", {"a1"}),
        ("coach_b", {"b1"}),
        ("manager_a", {"a1"}),
        ("manager_b", {"b1"}),
    ],
)
def test_each_role_lists_and_opens_only_the_proposals_it_may_see(api, proposal_a1, proposal_b1, role, sees):
    client = api(role)
    proposals = {"a1": proposal_a1, "b1": proposal_b1}
    assert _ids(client.get(PROPOSALS)) == {proposals[key].pk for key in sees}
    for key, proposal in proposals.items():
        expected = 200 if key in sees else 404
        assert client.get(f"{PROPOSALS}{proposal.pk}/").status_code == expected, key


def test_detail_names_the_rule_people_metric_and_behaviours(api, world, proposal_a1):
    body = api("coach_a").get(f"{PROPOSALS}{proposal_a1.pk}/").json()
    org = world.org
    assert body == {
        "id": proposal_a1.pk,
        "rule": {"id": proposal_a1.rule_id, "name": "CSAT run"},
        "agent": {"id": org.agent_a1.pk, "name": str(org.agent_a1)},
        "coach": {"id": org.coach_a.pk, "name": str(org.coach_a)},
        "metric": {"id": world.metric.pk, "code": "CSAT"},
        "behaviours": [{"id": world.behaviour.pk, "name": "Active listening"}],
        "period_end": "2026-11-22",
        "trigger_data": {"condition": "run", "latest_run": 8},
        "status": "proposed",
        "dismiss_reason": "",
        "decided_at": None,
        "created_at": body["created_at"],
    }
    assert body["created_at"]


def test_the_coach_it_is_made_to_still_sees_and_decides_it_after_leaving_the_team(api, world, proposal_a1):
    world.org.team_a.coaches.remove(world.org.coach_a)
    client = api("coach_a")
    assert _ids(client.get(PROPOSALS)) == {proposal_a1.pk}
    response = client.post(f"{PROPOSALS}{proposal_a1.pk}/accept/")
    assert response.status_code == 200, response.content
    assert state(proposal_a1)[0] == ProposalStatus.ACCEPTED


@pytest.mark.parametrize("role", ["agent_a1", "agent_a2", "agent_b1"])
def test_agents_get_404_on_every_proposal_endpoint_and_nothing_changes(api, proposal_a1, role):
    client = api(role)
    before = state(proposal_a1)
    detail = f"{PROPOSALS}{proposal_a1.pk}/"
    assert client.get(PROPOSALS).status_code == 404
    assert client.get(detail).status_code == 404
    assert client.post(f"{detail}accept/").status_code == 404
    assert client.post(f"{detail}dismiss/", {"reason": "Not needed."}, format="json").status_code == 404
    assert state(proposal_a1) == before


@pytest.mark.parametrize("role", ["coach_b", "manager_b"])
def test_others_cannot_accept_or_dismiss_and_nothing_changes(api, proposal_a1, role):
    client = api(role)
    before = state(proposal_a1)
    detail = f"{PROPOSALS}{proposal_a1.pk}/"
    assert client.post(f"{detail}accept/").status_code == 404
    assert client.post(f"{detail}dismiss/", {"reason": "Not needed."}, format="json").status_code == 404
    assert state(proposal_a1) == before


def test_a_token_works_and_no_credentials_is_a_401(api, proposal_a1):
    assert _ids(api("coach_a", token=True).get(PROPOSALS)) == {proposal_a1.pk}
    response = api().get(PROPOSALS)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_list_filters_by_status_agent_team_and_metric(api, world, csat_rule, proposal_a1, proposal_b1):
    org = world.org
    aht_rule = _rule(MetricFactory(code="AHT"), "AHT run")
    aht_a1 = _propose(aht_rule, agent=org.agent_a1, coach=org.coach_a)
    dismissed_a2 = _propose(
        csat_rule,
        agent=org.agent_a2,
        coach=org.coach_a,
        status=ProposalStatus.DISMISSED,
        dismiss_reason="Coached last week.",
    )
    client = api("admin")
    assert _ids(client.get(PROPOSALS, {"status": "dismissed"})) == {dismissed_a2.pk}
    assert _ids(client.get(PROPOSALS, {"status": ["dismissed", "proposed"]})) == {
        proposal_a1.pk,
        proposal_b1.pk,
        aht_a1.pk,
        dismissed_a2.pk,
    }
    assert _ids(client.get(PROPOSALS, {"agent": org.agent_a1.pk})) == {proposal_a1.pk, aht_a1.pk}
    assert _ids(client.get(PROPOSALS, {"team": org.team_a.pk, "status": "proposed"})) == {proposal_a1.pk, aht_a1.pk}
    assert _ids(client.get(PROPOSALS, {"metric": aht_rule.metric_id})) == {aht_a1.pk}
    assert _ids(client.get(PROPOSALS, {"metric": world.metric.pk, "agent": org.agent_b1.pk})) == {proposal_b1.pk}


def test_filters_only_narrow_what_the_user_may_see(api, world, proposal_a1, proposal_b1):
    assert _ids(api("coach_a").get(PROPOSALS, {"agent": world.org.agent_b1.pk})) == set()


def test_an_unknown_status_is_a_400_naming_the_filter(api, proposal_a1):
    response = api("admin").get(PROPOSALS, {"status": "maybe"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["status"]


def test_list_is_paged_newest_first(api, world, csat_rule, proposal_a1, proposal_b1):
    response = api("admin").get(PROPOSALS, {"page_size": 1})
    body = response.json()
    assert (body["count"], len(body["results"]), body["results"][0]["id"]) == (2, 1, proposal_b1.pk)
    assert body["next"] and body["previous"] is None


@pytest.mark.parametrize("role", ["coach_a", "manager_a", "admin"])
def test_list_query_count_does_not_grow_with_rows(api, world, proposal_a1, role, django_assert_max_num_queries):
    client = api(role, token=True)
    client.get(PROPOSALS)
    with CaptureQueriesContext(connection) as few:
        assert client.get(PROPOSALS).json()["count"] == 1
    for index in range(8):
        agent = AgentFactory()
        MembershipFactory(agent=agent, team=world.org.team_a)
        extra = _rule(MetricFactory(code=f"X{index}"), f"Rule {index}")
        _propose(extra, agent=agent, coach=world.org.coach_a, behaviours=[world.behaviour, BehaviourFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(PROPOSALS).json()["count"] == 9


def test_the_coach_accepts_and_then_records_the_session_as_any_other(api, proposal_a1):
    sessions = CoachingSession.objects.count()
    response = api("coach_a", token=True).post(f"{PROPOSALS}{proposal_a1.pk}/accept/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["dismiss_reason"]) == ("accepted", "")
    assert body["decided_at"] and body["behaviours"]
    proposal_a1.refresh_from_db()
    assert proposal_a1.status == ProposalStatus.ACCEPTED and proposal_a1.decided_at is not None
    # Accepting records a decision only; the session itself is created through coaching-sessions/.
    assert CoachingSession.objects.count() == sessions


def test_a_manager_of_the_agent_dismisses_with_a_reason(api, proposal_a1):
    response = api("manager_a").post(
        f"{PROPOSALS}{proposal_a1.pk}/dismiss/", {"reason": "  Coached last week.  "}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["dismiss_reason"]) == ("dismissed", "Coached last week.")
    proposal_a1.refresh_from_db()
    assert (proposal_a1.status, proposal_a1.dismiss_reason) == (ProposalStatus.DISMISSED, "Coached last week.")
    assert proposal_a1.decided_at is not None


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_dismissing_without_a_reason_is_a_400_on_reason_and_nothing_changes(api, proposal_a1, body):
    before = state(proposal_a1)
    response = api("coach_a").post(f"{PROPOSALS}{proposal_a1.pk}/dismiss/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["reason"]
    assert state(proposal_a1) == before


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("accept", "accept"),
        ("accept", "dismiss"),
        ("dismiss", "accept"),
        ("dismiss", "dismiss"),
    ],
)
def test_deciding_a_decided_proposal_is_a_400_and_nothing_changes(api, proposal_a1, first, second):
    client = api("coach_a")
    detail = f"{PROPOSALS}{proposal_a1.pk}/"
    assert client.post(f"{detail}{first}/", {"reason": "First decision."}, format="json").status_code == 200
    before = state(proposal_a1)
    response = client.post(f"{detail}{second}/", {"reason": "Second decision."}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("invalid", "This proposal has already been decided.")
    assert "fields" not in error
    assert state(proposal_a1) == before


def test_the_schema_lists_the_proposal_endpoints(client, db, settings):
    settings.COACHING_PUBLIC_API_DOCS = True
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path in ("", "{id}/", "{id}/accept/", "{id}/dismiss/"):
        assert f"/api/v1/coaching-proposals/{path}" in paths
