"""Investigation and coaching-proposal pages: who sees them, and the workflow (note, resolve, accept, dismiss).

Agents get a 404 on every page, and nothing changes.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from coaching.models import (
    AlertAction,
    AlertCondition,
    AlertRule,
    AlertScope,
    CoachingProposal,
    Direction,
    Investigation,
    InvestigationNote,
    InvestigationStatus,
    MetricKind,
    ProposalStatus,
)
from tests.factories import CoachFactory, ManagerFactory, MetricFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def investigation(org):
    metric = MetricFactory(code="ABS", direction=Direction.LOWER, kind=MetricKind.EMPLOYEE)
    rule = AlertRule.objects.create(
        name="Absenteeism", metric=metric, condition=AlertCondition.THRESHOLD, threshold=Decimal(10)
    )
    return Investigation.objects.create(
        rule=rule,
        metric=metric,
        team=org.team_a,
        assignee=org.manager_a,
        due_date=datetime.date(2026, 12, 9),
        period_end=datetime.date(2026, 11, 22),
        trigger_data={
            "condition": "threshold",
            "threshold": 10.0,
            "series": [{"period": "2026-11-16", "value": 12.0, "sample": 80}],
        },
    )


@pytest.fixture
def proposal(org):
    metric = MetricFactory(code="CSAT")
    rule = AlertRule.objects.create(
        name="CSAT run",
        metric=metric,
        scope=AlertScope.EACH_AGENT,
        condition=AlertCondition.RUN,
        action=AlertAction.COACHING_PROPOSAL,
    )
    return CoachingProposal.objects.create(
        rule=rule, agent=org.agent_a1, coach=org.coach_a, metric=metric, period_end=datetime.date(2026, 11, 22)
    )


def pages(investigation):
    return [
        ("get", reverse("investigation-list"), {}),
        ("get", reverse("investigation-detail", args=[investigation.pk]), {}),
        ("post", reverse("investigation-note-add", args=[investigation.pk]), {"text": "Talked."}),
        ("post", reverse("investigation-resolve", args=[investigation.pk]), {"outcome": "x", "actions": "y"}),
    ]


def state(investigation):
    investigation.refresh_from_db()
    return investigation.status, investigation.outcome, InvestigationNote.objects.count()


@pytest.mark.parametrize("who", ["agent_a1", "agent_a2", "agent_b1"])
def test_agents_get_404_on_every_investigation_page_and_nothing_changes(client, org, investigation, who):
    client.force_login(getattr(org, who))
    before = state(investigation)
    for method, url, data in pages(investigation):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert client.get(reverse("proposal-list")).status_code == 404
    assert state(investigation) == before


@pytest.mark.parametrize("who", ["manager_b", "coach_a"])
def test_others_get_404_on_someone_elses_investigation_and_nothing_changes(client, org, investigation, who):
    client.force_login(getattr(org, who))
    before = state(investigation)
    for method, url, data in pages(investigation)[1:]:
        assert getattr(client, method)(url, data).status_code == 404, url
    response = client.get(reverse("investigation-list"))
    assert response.status_code == 200 and investigation.rule.name not in response.content.decode()
    assert state(investigation) == before


@pytest.mark.parametrize("who", ["manager_a", "admin"])
def test_team_manager_and_admin_see_it(client, org, investigation, who):
    client.force_login(getattr(org, who))
    assert investigation.rule.name in client.get(reverse("investigation-list")).content.decode()
    detail = client.get(reverse("investigation-detail", args=[investigation.pk])).content.decode()
    assert str(org.manager_a) in detail and "12.00" in detail


def test_a_named_assignee_outside_the_team_sees_it(client, org, investigation):
    hr = ManagerFactory(username="hr")
    Investigation.objects.filter(pk=investigation.pk).update(assignee=hr)
    client.force_login(hr)
    assert client.get(reverse("investigation-detail", args=[investigation.pk])).status_code == 200


def test_note_then_resolve(client, org, investigation):
    client.force_login(org.manager_a)
    response = client.post(reverse("investigation-note-add", args=[investigation.pk]), {"text": "Talked to Ana."})
    assert response.status_code == 302
    assert investigation.notes.get().author == org.manager_a
    assert state(investigation)[0] == InvestigationStatus.IN_PROGRESS
    missing = client.post(reverse("investigation-resolve", args=[investigation.pk]), {"outcome": "Flu", "actions": ""})
    assert missing.status_code == 400 and state(investigation)[0] == InvestigationStatus.IN_PROGRESS
    client.post(reverse("investigation-resolve", args=[investigation.pk]), {"outcome": "Flu", "actions": "Watch"})
    assert state(investigation)[:2] == (InvestigationStatus.RESOLVED, "Flu")
    assert "Watch" in client.get(reverse("investigation-detail", args=[investigation.pk])).content.decode()


def test_coach_accepts_a_proposal_and_goes_to_record_the_session(client, org, proposal):
    client.force_login(org.coach_a)
    assert str(org.agent_a1) in client.get(reverse("proposal-list")).content.decode()
    response = client.post(reverse("proposal-accept", args=[proposal.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('session-create')}?agent={org.agent_a1.pk}"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_dismissing_needs_a_reason(client, org, proposal):
    client.force_login(org.coach_a)
    client.post(reverse("proposal-dismiss", args=[proposal.pk]), {"reason": ""})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    client.post(reverse("proposal-dismiss", args=[proposal.pk]), {"reason": "Already coached last week."})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.dismiss_reason) == (ProposalStatus.DISMISSED, "Already coached last week.")


def test_a_coach_of_another_team_cannot_decide_a_proposal(client, org, proposal):
    other = CoachFactory(username="coach_b")
    org.team_b.coaches.add(other)
    client.force_login(other)
    assert client.post(reverse("proposal-accept", args=[proposal.pk])).status_code == 404
    assert client.post(reverse("proposal-dismiss", args=[proposal.pk]), {"reason": "no"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_a_lasting_shift_says_how_strong_the_evidence_is(client, org, investigation, django_assert_max_num_queries):
    client.force_login(org.manager_a)
    url = reverse("investigation-detail", args=[investigation.pk])
    with django_assert_max_num_queries(50) as threshold_page:
        client.get(url)
    investigation.trigger_data = {
        "condition": "cusum",
        "baseline_mean": 4.1,
        "baseline_first": "2025-11-17",
        "baseline_last": "2026-11-02",
        "detectors": [{"shift_sd": 1.0, "sum": 7.42, "limit": 7.0}, {"shift_sd": 2.0, "sum": 5.1, "limit": 8.0}],
        "series": [{"period": "2026-11-09", "value": 12.0, "sample": 80}],
    }
    investigation.save()
    with django_assert_max_num_queries(len(threshold_page.captured_queries)):
        page = client.get(url).content.decode()
    assert "Usual level: the periods from 2025-11-17 to 2026-11-02." in page
    assert "Evidence of a shift (the sum for 1 SD): 7.4; an investigation opens at 7.0." in page
