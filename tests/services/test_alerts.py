"""The daily evaluation of alert rules: what it opens, for whom, never twice; and the investigation workflow."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from coaching.demo.alerts import seed_alerts
from coaching.demo.story import RISING_ABSENTEEISM_TEAM
from coaching.models import (
    AlertAction,
    AlertCondition,
    AlertRule,
    AlertScope,
    AssigneeChoice,
    CoachingProposal,
    Direction,
    Investigation,
    InvestigationStatus,
    MetricKind,
    MetricValue,
    ProposalStatus,
    Role,
    Team,
)
from coaching.selectors.alerts import alarm_history
from coaching.services import alerts as services
from coaching.services.alerts import alert_rules_evaluate
from coaching.services.org import agent_assign_team
from coaching.tasks.alerts import alerts_evaluate_task
from tests.demo_data import DEMO_MOMENT
from tests.factories import BehaviourFactory, ManagerFactory, MetricFactory

# Frozen on a Wednesday so that periods and projections are the same on every run.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(DEMO_MOMENT, tick=False),
]
LAST_MONDAY = datetime.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def sent(monkeypatch):
    """Notifications sent, captured instead of delivered."""
    calls = []
    import coaching.services.notifications as notifications

    monkeypatch.setattr(notifications, "notification_send", lambda **kwargs: calls.append(kwargs))
    return calls


@pytest.fixture
def absenteeism():
    return MetricFactory(code="ABS", direction=Direction.LOWER, kind=MetricKind.EMPLOYEE)


@pytest.fixture
def csat():
    return MetricFactory(code="CSAT", direction=Direction.HIGHER, kind=MetricKind.CUSTOMER)


def weekly(agent, metric, team, values, *, sample=10):
    """One value on the Monday of each week, the last on LAST_MONDAY's week."""
    for weeks_back, value in enumerate(reversed(values)):
        day = LAST_MONDAY - datetime.timedelta(weeks=weeks_back)
        MetricValue.objects.create(
            agent=agent, metric=metric, team=team, day=day, value=Decimal(str(value)), sample_size=sample
        )


def rule(**fields):
    defaults = {"name": "rule", "scope": AlertScope.ALL_TEAMS, "condition": AlertCondition.THRESHOLD}
    alert_rule = AlertRule(**{**defaults, **fields})
    alert_rule.full_clean()
    alert_rule.save()
    return alert_rule


def test_threshold_on_each_team_opens_one_investigation_for_the_worse_team(
    today, org, absenteeism, sent, django_capture_on_commit_callbacks
):
    weekly(org.agent_a1, absenteeism, org.team_a, [4, 12])
    weekly(org.agent_b1, absenteeism, org.team_b, [4, 5])
    rule(metric=absenteeism, threshold=Decimal(10), due_in_days=10)

    with django_capture_on_commit_callbacks(execute=True):
        summary = alert_rules_evaluate(today=today)

    investigation = Investigation.objects.get()
    assert (investigation.team, investigation.agent, investigation.assignee) == (org.team_a, None, org.manager_a)
    assert investigation.due_date == today + datetime.timedelta(days=10)
    assert investigation.status == InvestigationStatus.OPEN
    assert investigation.trigger_data["latest_value"] == 12
    assert investigation.trigger_data["threshold"] == 10
    assert investigation.period_end == datetime.date(2026, 11, 22)
    assert summary.investigations_opened == 1 and summary.scopes_checked == 2
    assert [call["recipient"] for call in sent] == [org.manager_a]
    assert sent[0]["kind"] == "investigation_assigned"


def test_rerun_is_safe_and_opens_no_duplicate(today, org, absenteeism, sent, django_capture_on_commit_callbacks):
    weekly(org.agent_a1, absenteeism, org.team_a, [12])
    rule(metric=absenteeism, threshold=Decimal(10))
    with django_capture_on_commit_callbacks(execute=True):
        alert_rules_evaluate(today=today)
        second = alert_rules_evaluate(today=today)
        next_day = alert_rules_evaluate(today=today + datetime.timedelta(days=1))
    assert Investigation.objects.count() == 1
    assert second.investigations_opened == 0 and second.already_open == 1
    assert next_day.investigations_opened == 0
    assert len(sent) == 1


def test_a_resolved_investigation_is_not_reopened_on_the_same_data_but_is_on_a_new_period(today, org, absenteeism):
    weekly(org.agent_a1, absenteeism, org.team_a, [12])
    rule(metric=absenteeism, threshold=Decimal(10))
    alert_rules_evaluate(today=today)
    services.investigation_resolve(
        investigation=Investigation.objects.get(), actor=org.manager_a, outcome="Flu wave.", actions="Watch."
    )
    alert_rules_evaluate(today=today)
    assert Investigation.objects.count() == 1
    MetricValue.objects.create(
        agent=org.agent_a1, metric=absenteeism, team=org.team_a, day=today, value=Decimal(20), sample_size=8
    )
    alert_rules_evaluate(today=today + datetime.timedelta(days=7))
    assert Investigation.objects.filter(status=InvestigationStatus.OPEN).count() == 1


def test_database_allows_one_open_investigation_per_rule_and_scope(today, org, absenteeism):
    weekly(org.agent_a1, absenteeism, org.team_a, [12])
    rule(metric=absenteeism, threshold=Decimal(10))
    alert_rules_evaluate(today=today)
    first = Investigation.objects.get()
    first.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


def test_higher_is_better_threshold_is_judged_downwards(today, org, csat):
    weekly(org.agent_a1, csat, org.team_a, [85])
    weekly(org.agent_b1, csat, org.team_b, [70])
    rule(metric=csat, threshold=Decimal(80))
    alert_rules_evaluate(today=today)
    assert list(Investigation.objects.values_list("team", flat=True)) == [org.team_b.pk]


def test_rising_trend_of_one_team_names_the_person_chosen(today, org, absenteeism):
    hr = ManagerFactory(username="hr")
    weekly(org.agent_a1, absenteeism, org.team_a, [3, 5, 7, 9, 11])
    weekly(org.agent_a2, absenteeism, org.team_a, [3, 5, 7, 9, 11])
    rule(
        metric=absenteeism,
        scope=AlertScope.TEAM,
        team=org.team_a,
        condition=AlertCondition.TREND,
        periods=5,
        assignee_choice=AssigneeChoice.PERSON,
        assignee=hr,
    )
    alert_rules_evaluate(today=today)
    investigation = Investigation.objects.get()
    assert investigation.assignee == hr
    assert [point["value"] for point in investigation.trigger_data["series"]] == [3, 5, 7, 9, 11]


def test_the_series_is_weighted_by_sample_size(today, org, csat):
    # Team A: 90 on 1 survey and 60 on 9 surveys = 63, under 80; a plain mean would say 75.
    MetricValue.objects.create(
        agent=org.agent_a1, metric=csat, team=org.team_a, day=LAST_MONDAY, value=90, sample_size=1
    )
    MetricValue.objects.create(
        agent=org.agent_a2, metric=csat, team=org.team_a, day=LAST_MONDAY, value=60, sample_size=9
    )
    rule(metric=csat, threshold=Decimal(64))
    alert_rules_evaluate(today=today)
    assert Investigation.objects.get().trigger_data["latest_value"] == pytest.approx(63)


def test_the_current_incomplete_week_is_not_judged(today, org, absenteeism):
    MetricValue.objects.create(
        agent=org.agent_a1, metric=absenteeism, team=org.team_a, day=today, value=100, sample_size=8
    )
    rule(metric=absenteeism, threshold=Decimal(10))
    assert alert_rules_evaluate(today=today).triggered == 0


def test_run_of_eight_proposes_coaching_to_the_agents_coach_with_linked_behaviours(
    today, org, csat, sent, django_capture_on_commit_callbacks
):
    listening = BehaviourFactory(name="Listening")
    listening.metrics.add(csat)
    BehaviourFactory(name="Unrelated")
    baseline = [80, 82, 78, 81, 79, 80, 83, 77, 80, 81, 79, 80]
    weekly(org.agent_a1, csat, org.team_a, baseline + [75] * 8)
    weekly(org.agent_a2, csat, org.team_a, baseline + [85] * 8)
    weekly(org.agent_b1, csat, org.team_b, baseline + [75] * 8)  # team B has no coach
    rule(
        metric=csat,
        scope=AlertScope.EACH_AGENT,
        condition=AlertCondition.RUN,
        run_length=8,
        baseline_periods=12,
        action=AlertAction.COACHING_PROPOSAL,
    )
    with django_capture_on_commit_callbacks(execute=True):
        summary = alert_rules_evaluate(today=today)
    proposal = CoachingProposal.objects.get()
    assert (proposal.agent, proposal.coach, proposal.status) == (org.agent_a1, org.coach_a, ProposalStatus.PROPOSED)
    assert list(proposal.behaviours.all()) == [listening]
    # The coach hears of it, with the behaviours to work on.
    (told,) = sent
    assert (told["recipient"], told["kind"]) == (org.coach_a, "coaching_proposed")
    assert str(org.agent_a1) in told["title"] and "Listening" in told["body"]
    assert proposal.trigger_data["latest_run"] == 8
    assert summary.skipped_no_assignee == 1
    assert Investigation.objects.count() == 0
    alert_rules_evaluate(today=today)
    assert CoachingProposal.objects.count() == 1


def test_each_agent_series_is_read_in_one_query(today, org, csat, django_assert_num_queries):
    for agent, team in ((org.agent_a1, org.team_a), (org.agent_a2, org.team_a), (org.agent_b1, org.team_b)):
        weekly(agent, csat, team, [80, 81, 79])
    alert_rule = rule(metric=csat, scope=AlertScope.EACH_AGENT, condition=AlertCondition.TREND, periods=3)
    from coaching.selectors.alerts import rule_series

    with django_assert_num_queries(2):  # memberships, then every agent's values
        series = rule_series(alert_rule, today=today)
    assert len(series) == 3


def test_proposal_only_for_customer_or_operational_metrics_of_each_agent(absenteeism, csat):
    with pytest.raises(ValidationError) as error:
        AlertRule(
            name="x",
            metric=absenteeism,
            scope=AlertScope.EACH_AGENT,
            condition=AlertCondition.RUN,
            action=AlertAction.COACHING_PROPOSAL,
        ).full_clean()
    assert "action" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        AlertRule(
            name="y",
            metric=csat,
            scope=AlertScope.ALL_TEAMS,
            condition=AlertCondition.RUN,
            action=AlertAction.COACHING_PROPOSAL,
        ).full_clean()
    assert "scope" in error.value.message_dict


def test_rule_checks_in_the_database_too(csat):
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertRule.objects.create(
            name="x",
            metric=csat,
            scope=AlertScope.ALL_TEAMS,
            condition=AlertCondition.RUN,
            action=AlertAction.COACHING_PROPOSAL,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertRule.objects.create(name="y", metric=csat, condition=AlertCondition.THRESHOLD)


def test_investigations_are_never_assigned_to_agents(org, csat):
    with pytest.raises(ValidationError):
        AlertRule(
            name="x",
            metric=csat,
            condition=AlertCondition.THRESHOLD,
            threshold=1,
            assignee_choice=AssigneeChoice.PERSON,
            assignee=org.agent_a1,
        ).full_clean()


def test_note_moves_to_in_progress_and_resolve_needs_outcome_and_actions(today, org, absenteeism):
    weekly(org.agent_a1, absenteeism, org.team_a, [12])
    rule(metric=absenteeism, threshold=Decimal(10))
    alert_rules_evaluate(today=today)
    investigation = Investigation.objects.get()
    services.investigation_note_add(investigation=investigation, actor=org.manager_a, text="Talked to Ana.")
    investigation.refresh_from_db()
    assert investigation.status == InvestigationStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.investigation_resolve(investigation=investigation, actor=org.manager_a, outcome="x", actions=" ")
    with pytest.raises(PermissionDenied):
        services.investigation_resolve(investigation=investigation, actor=org.manager_b, outcome="x", actions="y")
    with pytest.raises(PermissionDenied):
        services.investigation_note_add(investigation=investigation, actor=org.agent_a1, text="me")
    services.investigation_resolve(investigation=investigation, actor=org.admin, outcome="Flu.", actions="None.")
    investigation.refresh_from_db()
    assert investigation.status == InvestigationStatus.RESOLVED and investigation.resolved_by == org.admin


def test_task_evaluates_and_beat_runs_it_daily(today, org, absenteeism):
    weekly(org.agent_a1, absenteeism, org.team_a, [12])
    rule(metric=absenteeism, threshold=Decimal(10))
    result = alerts_evaluate_task.delay(today.isoformat()).get()
    assert result["investigations_opened"] == 1
    entry = settings.CELERY_BEAT_SCHEDULE["coaching-alerts-evaluate-daily"]
    assert entry["task"] == "coaching.alerts_evaluate"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0}


def test_demo_opens_the_billing_absenteeism_investigation_only(demo_data):
    # The demo is built once per run, on the day this module's clock is frozen at; it runs the first evaluation.
    seed_alerts(today=DEMO_MOMENT.date())  # safe to repeat
    absenteeism = Investigation.objects.filter(metric__code="ABS")
    assert [(i.team.name, i.status) for i in absenteeism] == [(RISING_ABSENTEEISM_TEAM, InvestigationStatus.OPEN)]
    billing = Team.objects.get(name=RISING_ABSENTEEISM_TEAM)
    assert absenteeism.get().assignee in billing.managers.all()
    assert not Investigation.objects.exclude(team=billing).exists()


def test_an_agent_who_changes_team_keeps_one_investigation_per_rule(today, org, absenteeism):
    # On each agent a threshold needs three of the last four weeks beyond it (no sampling model here).
    weekly(org.agent_a1, absenteeism, org.team_a, [12, 12, 12])
    rule(metric=absenteeism, threshold=Decimal(10), scope=AlertScope.EACH_AGENT)
    alert_rules_evaluate(today=today)
    first = Investigation.objects.get()
    assert (first.agent, first.team, first.assignee) == (org.agent_a1, org.team_a, org.manager_a)
    # The next day the agent moves to Bravo; their series (all their days) is judged again.
    agent_assign_team(agent=org.agent_a1, team=org.team_b, start_date=today + datetime.timedelta(days=1))
    summary = alert_rules_evaluate(today=today + datetime.timedelta(days=1))
    assert Investigation.objects.count() == 1 and summary.already_open == 1
    # The database says the same, whatever team a second one would name.
    twin = Investigation(
        rule=first.rule,
        metric=absenteeism,
        team=org.team_b,
        agent=org.agent_a1,
        assignee=org.manager_b,
        due_date=today,
        period_end=first.period_end,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_manager_who_left_does_not_block_the_assignment(today, org, absenteeism):
    org.manager_a.is_active = False
    org.manager_a.save()
    stand_in = ManagerFactory(username="stand_in")
    org.team_a.managers.add(stand_in)
    weekly(org.agent_a1, absenteeism, org.team_a, [12])
    rule(metric=absenteeism, threshold=Decimal(10))
    alert_rules_evaluate(today=today)
    assert Investigation.objects.get().assignee == stand_in


def test_a_named_person_who_has_since_become_an_agent_is_never_assigned_nor_told(today, org, absenteeism, sent):
    hr = ManagerFactory(username="hr")
    weekly(org.agent_a1, absenteeism, org.team_a, [12])
    rule(metric=absenteeism, threshold=Decimal(10), assignee_choice=AssigneeChoice.PERSON, assignee=hr)
    hr.role = Role.AGENT
    hr.save()
    summary = alert_rules_evaluate(today=today)
    assert not Investigation.objects.exists() and summary.skipped_no_assignee == 1
    assert sent == []


def test_a_note_from_a_page_loaded_before_the_resolve_does_not_reopen_it(today, org, absenteeism):
    weekly(org.agent_a1, absenteeism, org.team_a, [12])
    rule(metric=absenteeism, threshold=Decimal(10))
    alert_rules_evaluate(today=today)
    stale = Investigation.objects.get()
    services.investigation_resolve(
        investigation=Investigation.objects.get(), actor=org.admin, outcome="Flu season.", actions="None."
    )
    with pytest.raises(ValidationError):
        services.investigation_note_add(investigation=stale, actor=org.manager_a, text="Talked to Ana.")
    assert Investigation.objects.get().status == InvestigationStatus.RESOLVED


def test_a_week_without_data_does_not_silence_a_run_rule(today, org, absenteeism):
    weekly(org.agent_a1, absenteeism, org.team_a, [4, 4, 4, 4, 4, 9, 9, 9])
    holiday = LAST_MONDAY - datetime.timedelta(weeks=5)
    MetricValue.objects.filter(agent=org.agent_a1, day=holiday).delete()
    rule(
        metric=absenteeism,
        scope=AlertScope.EACH_AGENT,
        condition=AlertCondition.RUN,
        baseline_periods=4,
        run_length=3,
    )
    assert alert_rules_evaluate(today=today).investigations_opened == 1


@pytest.fixture
def absence_rate():
    return MetricFactory(
        code="ABSR", direction=Direction.LOWER, kind=MetricKind.EMPLOYEE, unit="percent", aggregation="rate"
    )


def test_a_lasting_shift_opens_one_investigation_and_stays_out_of_the_next_baseline(today, org, absence_rate):
    steady = [0, 10, 0, 0, 10, 0, 0, 0, 10, 0] * 4  # about 3 % of ten scheduled days a week
    weekly(org.agent_a1, absence_rate, org.team_a, [*steady, 50, 60, 50, 60])
    weekly(org.agent_b1, absence_rate, org.team_b, [*steady, 0, 10, 0, 0])
    alert_rule = rule(metric=absence_rate, condition=AlertCondition.CUSUM)
    summary = alert_rules_evaluate(today=today)
    investigation = Investigation.objects.get()
    assert investigation.team == org.team_a and summary.investigations_opened == 1
    data = investigation.trigger_data
    assert data["condition"] == "cusum" and data["family"] == "binomial"
    assert data["run_start"] >= (LAST_MONDAY - datetime.timedelta(weeks=4)).isoformat()
    assert any(detector["sum"] >= detector["limit"] for detector in data["detectors"])
    services.investigation_resolve(investigation=investigation, actor=org.manager_a, outcome="Flu.", actions="Watch.")
    # Resolved: the shift's weeks stay out of the usual level, and the sum starts again after them.
    history = alarm_history(alert_rule, today=today)[org.team_a.pk]
    assert history.restart_after == investigation.period_end
    assert history.quiet[0].first.isoformat() == data["run_start"]
    next_week = today + datetime.timedelta(weeks=1)
    MetricValue.objects.create(
        agent=org.agent_a1,
        metric=absence_rate,
        team=org.team_a,
        day=LAST_MONDAY + datetime.timedelta(weeks=1),
        value=Decimal(0),
        sample_size=10,
    )
    assert alert_rules_evaluate(today=next_week).investigations_opened == 0
    assert Investigation.objects.count() == 1
