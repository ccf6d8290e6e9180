"""Engagement and eNPS as team-level metrics: recorded when a round closes, above the threshold, used like any other."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coaching import clock
from coaching.models import (
    AlertCondition,
    AlertRule,
    AlertScope,
    Goal,
    Investigation,
    Metric,
    MetricSource,
    PulseSchedule,
    RollupPeriod,
    TeamMetricValue,
)
from coaching.selectors.ex import ex_comparison, ex_dashboard, ex_organisation_pulse
from coaching.selectors.goals import goal_projections
from coaching.services.alerts import alert_rules_evaluate
from coaching.services.expectations import expectations_create_for_team_goal
from coaching.services.goals import goal_create, goal_template_create
from coaching.services.imports import metric_values_import
from coaching.services.pulse import pulse_answer, pulse_rounds_open, pulse_survey_create
from coaching.services.pulse_metrics import pulse_metrics_record
from coaching.tasks.pulse import pulse_metrics_record_task
from coaching.tasks.schedule import BEAT_SCHEDULE
from tests.services.test_pulse import START, add_agents, answers_for, make_survey

# Frozen on a Wednesday so that periods and projections are the same on every run.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setattr("coaching.services.pulse.notification_send", lambda **kwargs: None)
    monkeypatch.setattr("coaching.services.notifications.notification_send", lambda **kwargs: None)


@pytest.fixture
def engagement():
    return Metric.objects.get(source=MetricSource.PULSE_ENGAGEMENT)


@pytest.fixture
def enps():
    return Metric.objects.get(source=MetricSource.PULSE_ENPS)


def answered_round(org, *, opens_on, team_a_answers, team_b_answers=(), survey=None):
    """A round of ``survey`` opened on ``opens_on``: Alpha answers (recommend, statement) pairs, then Bravo."""
    survey = survey or make_survey(org.admin, teams=[org.team_a, org.team_b])
    (pulse_round,) = [r for r in pulse_rounds_open(today=opens_on) if r.survey_id == survey.pk]
    for team, pairs, known in (
        (org.team_a, team_a_answers, [org.agent_a1, org.agent_a2]),
        (org.team_b, team_b_answers, [org.agent_b1]),
    ):
        agents = (known + add_agents(team, max(0, len(pairs) - len(known))))[: len(pairs)]
        for agent, (recommend, statement) in zip(agents, pairs, strict=True):
            pulse_answer(
                round=pulse_round,
                agent=agent,
                answers=answers_for(survey, recommend=recommend, statement=statement),
                today=opens_on,
            )
    return survey, pulse_round


FIVE = [(10, 5), (9, 4), (8, 4), (6, 3), (2, 4)]  # 2 promoters, 2 detractors; statements average 4 → 75


def test_nothing_is_written_while_a_round_is_open(org, engagement):
    _survey, pulse_round = answered_round(org, opens_on=START, team_a_answers=FIVE)
    assert pulse_metrics_record(today=pulse_round.closes_on) == 0
    assert not TeamMetricValue.objects.exists()


def test_a_closed_round_gives_each_team_above_the_threshold_its_engagement_and_enps(org, engagement, enps):
    _survey, pulse_round = answered_round(org, opens_on=START, team_a_answers=FIVE, team_b_answers=FIVE[:4])
    after_close = pulse_round.closes_on + datetime.timedelta(days=1)
    assert pulse_metrics_record(today=after_close) == 2
    values = {(v.team_id, v.metric_id): v for v in TeamMetricValue.objects.all()}
    assert set(values) == {(org.team_a.pk, engagement.pk), (org.team_a.pk, enps.pk)}  # Bravo: four answers, nothing
    assert values[(org.team_a.pk, engagement.pk)].value == Decimal("75.0000")
    assert values[(org.team_a.pk, engagement.pk)].sample_size == 5
    assert values[(org.team_a.pk, enps.pk)].value == Decimal("0.0000")
    assert values[(org.team_a.pk, engagement.pk)].day == pulse_round.closes_on


def test_recording_twice_changes_nothing_and_a_raised_threshold_removes_the_value(org, engagement, settings):
    _survey, pulse_round = answered_round(org, opens_on=START, team_a_answers=FIVE)
    after_close = pulse_round.closes_on + datetime.timedelta(days=1)
    pulse_metrics_record(today=after_close)
    first = list(TeamMetricValue.objects.values_list("pk", "value", "sample_size", "updated_at"))
    pulse_metrics_record(today=after_close)
    assert list(TeamMetricValue.objects.values_list("pk", "value", "sample_size", "updated_at")) == first
    settings.COACHING_PULSE_MIN_RESPONSES = 6
    assert pulse_metrics_record(today=after_close) == 0
    assert not TeamMetricValue.objects.exists()


def test_a_threshold_raised_later_removes_old_figures_and_an_upgrade_gets_the_whole_history(org, engagement, settings):
    _survey, pulse_round = answered_round(org, opens_on=START, team_a_answers=FIVE)
    months_later = pulse_round.closes_on + datetime.timedelta(days=200)
    # The first run after an upgrade records a round closed long ago.
    assert pulse_metrics_record(today=months_later) == 2
    settings.COACHING_PULSE_MIN_RESPONSES = 6
    assert pulse_metrics_record(today=months_later + datetime.timedelta(days=40)) == 0
    assert not TeamMetricValue.objects.exists()


def test_a_survey_without_statements_closing_the_same_day_adds_no_weight_to_engagement(org, engagement, enps):
    survey, pulse_round = answered_round(org, opens_on=START, team_a_answers=FIVE)
    recommend_only = pulse_survey_create(
        actor=org.admin,
        name="Recommend only",
        teams=[org.team_a],
        schedule=PulseSchedule.BIWEEKLY,
        starts_on=START,
        recommend_text="Would you recommend working here?",
        statements=[],
    )
    answered_round(org, opens_on=START, team_a_answers=FIVE, survey=recommend_only)
    pulse_metrics_record(today=pulse_round.closes_on + datetime.timedelta(days=1))
    assert TeamMetricValue.objects.get(metric=engagement).sample_size == 5  # the five who rated statements
    assert TeamMetricValue.objects.get(metric=enps).sample_size == 10  # both surveys asked to recommend


def test_an_inactive_pulse_metric_is_not_recorded(org, engagement, enps):
    engagement.is_active = False
    engagement.save()
    _survey, pulse_round = answered_round(org, opens_on=START, team_a_answers=FIVE)
    pulse_metrics_record(today=pulse_round.closes_on + datetime.timedelta(days=1))
    assert set(TeamMetricValue.objects.values_list("metric_id", flat=True)) == {enps.pk}


def test_beat_records_the_closed_rounds_before_the_alerts_are_evaluated(org, engagement, time_machine):
    entry = BEAT_SCHEDULE["pulse-metrics-record"]
    assert entry["task"] == pulse_metrics_record_task.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({5}, {30})
    _survey, pulse_round = answered_round(org, opens_on=START, team_a_answers=FIVE)
    day_after = pulse_round.closes_on + datetime.timedelta(days=1)
    # Beat's 05:30 is local time: the installation's time zone, whatever the server's.
    time_machine.move_to(timezone.make_aware(datetime.datetime.combine(day_after, datetime.time(5, 30))), tick=False)
    assert pulse_metrics_record_task.delay().get() == {"values": 2}


def recorded(org, metric, values, *, first_day=datetime.date(2026, 8, 2), step_days=14, team=None, sample=8):
    """Team-level values every ``step_days`` days from ``first_day`` (as closed rounds would leave them)."""
    for index, value in enumerate(values):
        TeamMetricValue.objects.create(
            team=team or org.team_a,
            metric=metric,
            day=first_day + datetime.timedelta(days=step_days * index),
            value=Decimal(value),
            sample_size=sample,
        )


def engagement_goal(org, engagement, *, target, days=84, **scope):
    """A goal on engagement from today, for Alpha unless ``agent=`` says otherwise."""
    scope = scope or {"team": org.team_a}
    today = clock.today()
    return goal_create(
        actor=org.manager_a,
        metric=engagement,
        title="Win back engagement",
        objective="People who feel equipped stay.",
        description="Pulse engagement",
        target=Decimal(target),
        start_date=today,
        due_date=today + datetime.timedelta(days=days),
        today=today,
        **scope,
    )


def test_a_team_goal_on_engagement_takes_its_baseline_and_projection_from_the_team_values(today, org, engagement):
    recorded(org, engagement, [70, 68, 66, 64, 62, 60, 58, 56])  # 2 Aug … 8 Nov, falling
    created = engagement_goal(org, engagement, target=65)
    goal = created.goal
    # The 90 days before the start: 6 Sep … 8 Nov, weighted equally (same answers each round).
    assert goal.baseline == Decimal("61.0000")
    assert goal.baseline_sample == 6 * 8
    projection = goal_projections([Goal.objects.select_related("metric").get(pk=goal.pk)], today=today)[goal.pk]
    assert projection.current == Decimal(56)  # the latest closed round
    assert projection.status == "off_track"


def test_engagement_is_never_a_goal_for_one_agent(org, engagement):
    with pytest.raises(ValidationError) as error:
        engagement_goal(org, engagement, target=80, agent=org.agent_a1)
    assert "team as a whole" in str(error.value.message_dict["metric"])


def test_no_personal_expectations_or_templates_from_a_team_engagement_goal(org, engagement):
    recorded(org, engagement, [60, 61, 62, 63, 64, 65, 66, 67])
    goal = engagement_goal(org, engagement, target=70).goal
    with pytest.raises(ValidationError, match="team as a whole"):
        expectations_create_for_team_goal(goal=goal, actor=org.manager_a, drafts=[])
    with pytest.raises(ValidationError, match="team as a whole"):
        goal_template_create(goal=goal, actor=org.manager_a, name="Engagement")


def test_an_engagement_alert_watches_teams_and_never_each_agent(today, org, engagement):
    with pytest.raises(ValidationError) as error:
        AlertRule(
            name="Engagement per agent",
            metric=engagement,
            scope=AlertScope.EACH_AGENT,
            condition=AlertCondition.THRESHOLD,
            threshold=Decimal(60),
        ).full_clean()
    assert "scope" in error.value.message_dict
    weekly = AlertRule(
        name="Engagement below 60",
        metric=engagement,
        scope=AlertScope.ALL_TEAMS,
        condition=AlertCondition.THRESHOLD,
        threshold=Decimal(60),
        periods=3,
        period=RollupPeriod.WEEK,
    )
    with pytest.raises(ValidationError) as error:
        weekly.full_clean()
    assert "month by month" in str(error.value.message_dict["period"])
    rule = weekly
    rule.period = RollupPeriod.MONTH
    rule.full_clean()
    rule.save()
    # Alpha's round closing in the last complete month (October) scored 55; Bravo's 72.
    recorded(org, engagement, ["55"], first_day=datetime.date(2026, 10, 20))
    recorded(org, engagement, ["72"], first_day=datetime.date(2026, 10, 20), team=org.team_b)
    alert_rules_evaluate(today=today)
    (investigation,) = Investigation.objects.all()
    assert investigation.team == org.team_a and investigation.assignee == org.manager_a


def test_importing_engagement_per_agent_is_refused_with_a_clear_error(org, engagement):
    org.agent_a1.employee_id = "E1"
    org.agent_a1.save()
    batch = metric_values_import(
        rows=[{"employee_id": "E1", "metric_code": "ENG", "day": "2026-11-01", "value": "70", "sample_size": 9}],
        actor=org.admin,
        source="api",
    )
    assert batch.errors == [
        {
            "row": 1,
            "column": "metric_code",
            "message": "“ENG” is measured for whole teams from pulse surveys; it is not imported per agent.",
        }
    ]
    assert not TeamMetricValue.objects.exists() and not org.agent_a1.metric_values.exists()


def test_dashboards_and_the_comparison_read_engagement_as_a_metric(today, org, engagement):
    recorded(org, engagement, ["70", "60"], first_day=datetime.date(2026, 11, 4))  # Wed 4 and 18 Nov
    recorded(org, engagement, ["50"], first_day=datetime.date(2026, 11, 18), team=org.team_b, sample=24)
    start, end = datetime.date(2026, 11, 2), today
    team_series = {series.key: series for series in ex_dashboard([org.team_a.pk], start, end)}
    assert team_series[engagement.code].points == {datetime.date(2026, 11, 2): 70.0, datetime.date(2026, 11, 16): 60.0}
    (organisation,) = [s for s in ex_organisation_pulse(start, end) if s.key == engagement.code]
    # Weighted by answers across teams: (60 × 8 + 50 × 24) / 32.
    assert organisation.points[datetime.date(2026, 11, 16)] == pytest.approx(52.5)
    comparison = ex_comparison([org.team_a, org.team_b], engagement.code, engagement.code, start, end)
    assert comparison.correlation.points == 3


def test_admin_shows_team_values_read_only_and_offers_no_pulse_metric_for_agent_values(client, org, engagement):
    recorded(org, engagement, ["64"])
    org.admin.is_superuser = True  # the Django admin runs on Django's permissions; the demo admin is a superuser
    org.admin.save()
    client.force_login(org.admin)
    changelist = client.get("/admin/coaching/teammetricvalue/")
    assert changelist.status_code == 200 and "Alpha" in changelist.content.decode()
    assert client.get("/admin/coaching/teammetricvalue/add/").status_code == 403
    value = TeamMetricValue.objects.get()
    assert client.post(f"/admin/coaching/teammetricvalue/{value.pk}/change/", {"value": "99"}).status_code == 403
    metric_choices = client.get("/admin/coaching/metricvalue/add/").context["adminform"].form.fields["metric"]
    assert engagement not in metric_choices.queryset
    # Where a metric's values come from is chosen once: switching would strand its goals, rules and values.
    assert (
        "source" not in client.get(f"/admin/coaching/metric/{engagement.pk}/change/").context["adminform"].form.fields
    )
    assert "source" in client.get("/admin/coaching/metric/add/").context["adminform"].form.fields
    client.force_login(org.manager_a)
    assert client.get("/admin/coaching/teammetricvalue/").status_code == 302  # not staff: to the admin sign-in


def test_a_monthly_survey_still_gives_a_goal_its_projection(today, org, engagement):
    recorded(org, engagement, [60, 58, 57, 55, 54, 52], first_day=datetime.date(2026, 5, 29), step_days=30)
    goal = engagement_goal(org, engagement, target=60, days=120).goal
    projection = goal_projections([Goal.objects.select_related("metric").get(pk=goal.pk)], today=today)[goal.pk]
    assert projection.trend_points == 6 and projection.status == "off_track"
