"""The false-alarm budget of an alert rule before it is saved: over the API, in the admin, and the backtest command."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.models import (
    Aggregation,
    AlertCondition,
    AlertRule,
    AlertScope,
    Direction,
    Investigation,
    MetricKind,
    MetricUnit,
    MetricValue,
)
from coaching.rules.alerts import FALSE_ALARMS_PER_SCOPE_YEAR
from tests.factories import AgentFactory, ManagerFactory, MembershipFactory, MetricFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]
RULES = "/api/v1/alert-rules/"
LAST_MONDAY = datetime.date(2026, 11, 16)
SHIFT_WEEKS = 6
WINDOW = ("--from", "2026-06-01", "--to", "2026-11-24")


@pytest.fixture
def absenteeism():
    return MetricFactory(
        code="ABS",
        direction=Direction.LOWER,
        kind=MetricKind.EMPLOYEE,
        unit=MetricUnit.PERCENT,
        aggregation=Aggregation.RATE,
    )


def absence_history(agent, metric, team, *, rising: bool, weeks: int = 60):
    """Five working days a week; one absent day in ten weeks, then (if ``rising``) three a week lately."""
    rows = []
    for weeks_back in range(weeks):
        monday = LAST_MONDAY - datetime.timedelta(weeks=weeks_back)
        absent_days = 3 if rising and weeks_back < SHIFT_WEEKS else (1 if weeks_back % 10 == 3 else 0)
        for offset in range(5):
            value = 100 if offset < absent_days else 0
            rows.append(
                MetricValue(
                    agent=agent, metric=metric, team=team, day=monday + datetime.timedelta(days=offset), value=value
                )
            )
    MetricValue.objects.bulk_create(rows)


@pytest.fixture
def history(world, absenteeism):
    org = world.org
    absence_history(org.agent_a1, absenteeism, org.team_a, rising=True)
    absence_history(org.agent_a2, absenteeism, org.team_a, rising=False)
    absence_history(org.agent_b1, absenteeism, org.team_b, rising=False)
    return absenteeism


def rule_body(metric, **fields):
    return {"name": "Absence shift", "metric": metric.pk, "scope": AlertScope.EACH_AGENT, **fields}


def test_admin_sees_the_budget_of_a_new_rule_and_nothing_is_saved(api, history):
    response = api("admin").post(f"{RULES}budget/", rule_body(history), format="json")
    assert response.status_code == 200, response.json()
    budget = response.json()
    assert budget["scopes"] == 3
    assert budget["expected_false_per_month"] == pytest.approx(3 * FALSE_ALARMS_PER_SCOPE_YEAR["cusum"] / 12)
    assert len(budget["months"]) == 12
    assert budget["months"][-1]["month"] == "2026-10-01"
    assert budget["backtest_total"] == sum(month["investigations"] for month in budget["months"])
    assert budget["backtest_total"] >= 1  # agent_a1's rising absence, in the last weeks
    assert not AlertRule.objects.exists() and not Investigation.objects.exists()


def test_the_budget_of_a_change_leaves_the_rule_as_it_was(api, history):
    rule = AlertRule.objects.create(
        name="Trend", metric=history, scope=AlertScope.EACH_AGENT, condition=AlertCondition.TREND, periods=4
    )
    response = api("admin").post(f"{RULES}{rule.pk}/budget/", {"condition": "cusum"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["expected_false_per_month"] == pytest.approx(3 * 0.05 / 12)
    trend = api("admin").post(f"{RULES}{rule.pk}/budget/", {}, format="json").json()
    assert trend["expected_false_per_month"] == pytest.approx(3 * 1.2 / 12)
    rule.refresh_from_db()
    assert rule.condition == AlertCondition.TREND and not Investigation.objects.exists()


def test_an_invalid_rule_has_no_budget(api, history):
    response = api("admin").post(f"{RULES}budget/", rule_body(history, baseline_periods=8), format="json")
    assert response.status_code == 400
    assert "baseline_periods" in json.dumps(response.json())


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "coach_a"])
def test_only_administrators_see_a_budget(api, history, role):
    rule = AlertRule.objects.create(name="Shift", metric=history, scope=AlertScope.EACH_AGENT)
    client = api(role)
    assert client.post(f"{RULES}budget/", rule_body(history), format="json").status_code == 403
    assert client.post(f"{RULES}{rule.pk}/budget/", {"condition": "trend"}, format="json").status_code == 403
    assert list(AlertRule.objects.values_list("name", "condition")) == [("Shift", "cusum")]
    assert not Investigation.objects.exists()


def test_the_budget_does_not_query_more_with_more_agents(api, history, world):
    client = api("admin")
    client.post(f"{RULES}budget/", rule_body(history), format="json")
    with CaptureQueriesContext(connection) as few:
        client.post(f"{RULES}budget/", rule_body(history), format="json")
    for _ in range(3):
        agent = AgentFactory()
        MembershipFactory(agent=agent, team=world.org.team_b)
        absence_history(agent, history, world.org.team_b, rising=False, weeks=30)
    with CaptureQueriesContext(connection) as many:
        response = client.post(f"{RULES}budget/", rule_body(history), format="json")
    assert response.json()["scopes"] == 6
    assert len(many) == len(few)


def test_a_new_rule_defaults_to_the_lasting_shift(api, history):
    response = api("admin").post(RULES, rule_body(history), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["condition"] == "cusum" and response.json()["baseline_periods"] == 52


# The admin form


@pytest.fixture
def superuser(world):
    world.org.admin.is_superuser = True
    world.org.admin.save()
    return world.org.admin


def admin_form(metric, **fields):
    return {
        "name": "Absence shift",
        "metric": metric.pk,
        "scope": AlertScope.EACH_AGENT,
        "condition": "cusum",
        "periods": 4,
        "run_length": 8,
        "baseline_periods": 52,
        "period": "week",
        "action": "investigation",
        "assignee_choice": "team_manager",
        "due_in_days": 14,
        "is_active": "on",
        **fields,
    }


def test_the_admin_form_shows_the_budget_before_saving(client, history, superuser):
    client.force_login(superuser)
    add = reverse("admin:coaching_alertrule_add")
    assert "_budget" in client.get(add).content.decode()
    response = client.post(add, {**admin_form(history), "_budget": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "false-alarm-budget" in page and "Teams or agents the rule watches today: 3." in page
    assert "0.01 false investigations a month" in page  # 3 agents × 0.05 a year / 12
    assert not AlertRule.objects.exists()
    first = client.post(add, admin_form(history))
    assert first.status_code == 200 and "Not saved yet" in first.content.decode()
    assert not AlertRule.objects.exists()  # a new rule's budget is always shown before it is saved
    saved = client.post(add, {**admin_form(history), "_budget_seen": first.context["settings_seen"]})
    assert saved.status_code == 302 and AlertRule.objects.get().condition == "cusum"


def test_settings_changed_after_their_budget_was_seen_show_it_again(client, history, superuser):
    client.force_login(superuser)
    add = reverse("admin:coaching_alertrule_add")
    seen = client.post(add, admin_form(history)).context["settings_seen"]
    again = client.post(add, {**admin_form(history, condition="trend"), "_budget_seen": seen})
    assert again.status_code == 200 and "0.30 false investigations a month" in again.content.decode()
    assert not AlertRule.objects.exists()


def test_renaming_a_rule_saves_at_once_but_changing_what_it_watches_shows_the_budget_first(client, history, superuser):
    rule = AlertRule.objects.create(name="Shift", metric=history, scope=AlertScope.EACH_AGENT)
    client.force_login(superuser)
    change = reverse("admin:coaching_alertrule_change", args=[rule.pk])
    renamed = client.post(change, admin_form(history, name="Lasting CSAT shift"))
    assert renamed.status_code == 302
    rule.refresh_from_db()
    assert rule.name == "Lasting CSAT shift"
    retuned = client.post(change, admin_form(history, name="Lasting CSAT shift", condition="trend"))
    assert retuned.status_code == 200 and "Not saved yet" in retuned.content.decode()
    rule.refresh_from_db()
    assert rule.condition == "cusum"


def test_the_admin_budget_of_a_change_saves_nothing(client, history, superuser):
    rule = AlertRule.objects.create(name="Shift", metric=history, scope=AlertScope.EACH_AGENT)
    client.force_login(superuser)
    change = reverse("admin:coaching_alertrule_change", args=[rule.pk])
    response = client.post(change, {**admin_form(history, condition="trend", name="Other"), "_budget": "1"})
    assert response.status_code == 200
    assert "0.30 false investigations a month" in response.content.decode()  # 3 agents × 1.2 a year / 12
    rule.refresh_from_db()
    assert (rule.name, rule.condition) == ("Shift", "cusum")


def test_a_staff_member_who_is_not_an_administrator_gets_no_budget(client, history):
    manager = ManagerFactory(is_staff=True)
    manager.user_permissions.add(*Permission.objects.filter(codename__in=["add_alertrule", "change_alertrule"]))
    client.force_login(manager)
    response = client.post(reverse("admin:coaching_alertrule_add"), {**admin_form(history), "_budget": "1"})
    assert response.status_code == 403
    assert not AlertRule.objects.exists()


# The backtest command


def backtest(*arguments):
    out = io.StringIO()
    call_command("alerts_backtest", *arguments, stdout=out)
    return out.getvalue()


def test_the_backtest_lists_the_investigations_the_default_detector_would_open(history, world):
    world.org.agent_a1.employee_id = "E1"
    world.org.agent_a1.save()
    found = json.loads(backtest("--metric", "ABS", "--scope", "each-agent", *WINDOW, "--json"))
    assert found, "agent_a1's rising absence is caught"
    assert {row["employee_id"] for row in found} == {"E1"}
    first = found[0]
    assert set(first) == {"metric", "employee_id", "period_start", "opened_on"}
    assert first["metric"] == "ABS"
    period_start = datetime.date.fromisoformat(first["period_start"])
    assert period_start >= LAST_MONDAY - datetime.timedelta(weeks=SHIFT_WEEKS - 1)
    assert datetime.date.fromisoformat(first["opened_on"]) == period_start + datetime.timedelta(days=7)
    assert not Investigation.objects.exists()


def test_the_backtest_of_teams_names_them(history, world):
    team = world.org.team_a
    found = json.loads(backtest("--metric", "ABS", "--scope", f"team:{team.pk}", *WINDOW, "--json"))
    assert found and {row["team"] for row in found} == {team.name}
    assert set(found[0]) == {"metric", "team", "period_start", "opened_on"}
    everyone = json.loads(backtest("--metric", "ABS", "--scope", "each-team", *WINDOW, "--json"))
    assert {row["team"] for row in everyone} == {team.name}


def test_the_backtest_replays_a_saved_rule(history):
    rule = AlertRule.objects.create(
        name="Trend", metric=history, scope=AlertScope.EACH_AGENT, condition=AlertCondition.TREND, periods=4
    )
    text = backtest("--rule", str(rule.pk), *WINDOW)
    assert text.strip().endswith("from 2026-06-01 to 2026-11-24.")
    assert not Investigation.objects.exists()
