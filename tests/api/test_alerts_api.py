"""Alert rules and investigations over the API: administrators configure rules; agents never see investigations."""

import datetime
from decimal import Decimal

import pytest

from coaching.models import AlertCondition, AlertRule, Direction, Investigation, InvestigationNote, MetricKind
from tests.factories import MetricFactory

pytestmark = pytest.mark.django_db

RULES = "/api/v1/alert-rules/"
INVESTIGATIONS = "/api/v1/investigations/"


@pytest.fixture
def absenteeism():
    return MetricFactory(code="ABS", direction=Direction.LOWER, kind=MetricKind.EMPLOYEE)


@pytest.fixture
def investigation(world, absenteeism):
    rule = AlertRule.objects.create(
        name="Absenteeism", metric=absenteeism, condition=AlertCondition.THRESHOLD, threshold=Decimal(10)
    )
    return Investigation.objects.create(
        rule=rule,
        metric=absenteeism,
        team=world.org.team_a,
        assignee=world.org.manager_a,
        due_date=datetime.date(2026, 12, 9),
        period_end=datetime.date(2026, 11, 22),
        trigger_data={"condition": "threshold", "latest_value": 12.0},
    )


def state(investigation):
    investigation.refresh_from_db()
    return investigation.status, investigation.outcome, InvestigationNote.objects.count()


def test_admin_creates_and_changes_a_rule(api, absenteeism):
    client = api("admin")
    body = {"name": "Absenteeism above 10 %", "metric": absenteeism.pk, "condition": "threshold", "threshold": "10"}
    response = client.post(RULES, body, format="json")
    assert response.status_code == 201, response.json()
    rule_id = response.json()["id"]
    assert client.patch(f"{RULES}{rule_id}/", {"is_active": False}, format="json").status_code == 200
    assert AlertRule.objects.get(pk=rule_id).is_active is False


def test_an_invalid_rule_is_a_400_naming_the_field(api, absenteeism):
    body = {"name": "Proposal", "metric": absenteeism.pk, "condition": "run", "action": "coaching_proposal"}
    response = api("admin").post(RULES, body, format="json")
    assert response.status_code == 400
    assert not AlertRule.objects.exists()


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "coach_a"])
def test_only_admins_read_or_write_rules(api, absenteeism, role):
    client = api(role)
    assert client.get(RULES).status_code == 403
    body = {"name": "x", "metric": absenteeism.pk, "condition": "threshold", "threshold": "1"}
    assert client.post(RULES, body, format="json").status_code == 403
    assert not AlertRule.objects.exists()


@pytest.mark.parametrize("role", ["agent_a1", "agent_a2", "agent_b1"])
def test_agents_get_404_on_every_investigation_endpoint_and_nothing_changes(api, investigation, role):
    client = api(role)
    before = state(investigation)
    detail = f"{INVESTIGATIONS}{investigation.pk}/"
    assert client.get(INVESTIGATIONS).status_code == 404
    assert client.get(detail).status_code == 404
    assert client.post(f"{detail}notes/", {"text": "hi"}, format="json").status_code == 404
    assert client.post(f"{detail}resolve/", {"outcome": "x", "actions": "y"}, format="json").status_code == 404
    assert state(investigation) == before


@pytest.mark.parametrize("role", ["manager_b", "coach_a", "coach_b"])
def test_others_do_not_see_the_investigation(api, investigation, role):
    client = api(role)
    before = state(investigation)
    assert client.get(INVESTIGATIONS).json()["results"] == []
    assert client.get(f"{INVESTIGATIONS}{investigation.pk}/").status_code == 404
    assert client.post(f"{INVESTIGATIONS}{investigation.pk}/notes/", {"text": "x"}, format="json").status_code == 404
    assert state(investigation) == before


@pytest.mark.parametrize("role", ["manager_a", "admin"])
def test_manager_and_admin_work_on_it(api, investigation, role):
    client = api(role, token=True)
    assert [row["id"] for row in client.get(INVESTIGATIONS).json()["results"]] == [investigation.pk]
    detail = f"{INVESTIGATIONS}{investigation.pk}/"
    noted = client.post(f"{detail}notes/", {"text": "Talked to the team."}, format="json")
    assert noted.status_code == 200 and noted.json()["status"] == "in_progress"
    assert noted.json()["notes"][0]["text"] == "Talked to the team."
    assert client.post(f"{detail}resolve/", {"outcome": "Flu"}, format="json").status_code == 400
    resolved = client.post(f"{detail}resolve/", {"outcome": "Flu", "actions": "Watch"}, format="json")
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
