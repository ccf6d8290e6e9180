"""Reads of alerts: the periods and the series a rule judges.

Who may see investigations and coaching proposals is the policy in ``permissions.alerts``.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models.functions import TruncMonth, TruncWeek

from ..models import (
    AlertAction,
    AlertCondition,
    AlertRule,
    AlertScope,
    CoachingProposal,
    Investigation,
    Role,
    RollupPeriod,
    Team,
    TeamMembership,
    User,
)
from ..rules.alerts import DEFAULT_BASELINE_PERIODS, PeriodValue, Quiet, expected_false_alarms_per_month, replay
from ..rules.periods import next_period_start, period_end, period_start, previous_period_start
from ..rules.rollup import rollup
from .baselines import daily_values
from .sums import rollup_sums, totals_of


def complete_periods(*, today: datetime.date, period: str, count: int) -> list[datetime.date]:
    """The starts of the last ``count`` periods that ended before ``today``, oldest first.

    The period holding ``today`` is left out: half a week judged against whole ones would
    raise false alarms.
    """
    starts = [previous_period_start(period_start(today, period), period)]
    while len(starts) < count:
        starts.append(previous_period_start(starts[-1], period))
    return starts[::-1]


def rule_series(
    rule: AlertRule, *, today: datetime.date, since: datetime.date | None = None
) -> dict[tuple[int, int | None], list[PeriodValue]]:
    """Each scope's series of the rule's metric over the periods it judges, in one query (two for each agent).

    Keys are ``(team_id, agent_id)``: ``agent_id`` is ``None`` for team scopes; for the
    scope "each agent", ``team_id`` is the agent's team today and an agent's series covers
    all their days, whichever team they were in. Values roll up weighted by sample size;
    periods without data are left out of a series. With ``since`` (a backtest), the series
    reach back far enough to judge every period from ``since`` on.
    """
    # Periods without data (an agent on holiday, a month without a survey round) are left out of a
    # series, so it reaches further back than the rule needs: a missing period does not silence it.
    needed = rule.periods_needed
    count = needed + max(2, needed // 2)
    if since is not None:
        count += _periods_between(since, today, rule.period)
    starts = complete_periods(today=today, period=rule.period, count=count)
    first, last = starts[0], period_end(starts[-1], rule.period)
    truncate = TruncMonth("day") if rule.period == RollupPeriod.MONTH else TruncWeek("day")
    values = daily_values(rule.metric).filter(day__gte=first, day__lte=last)
    if rule.scope == AlertScope.EACH_AGENT:
        if rule.metric.per_team:
            return {}  # refused by the rule's validation; nothing per agent to judge
        team_of = dict(
            TeamMembership.objects.on(today)
            .filter(team__is_active=True, agent__is_active=True, agent__role=Role.AGENT)
            .values_list("agent_id", "team_id")
        )
        values, group = values.filter(agent_id__in=list(team_of)), "agent_id"
    else:
        teams = Team.objects.filter(is_active=True)
        if rule.scope == AlertScope.TEAM:
            teams = teams.filter(pk=rule.team_id)
        values, group = values.filter(team__in=teams), "team_id"
    rows = values.order_by().annotate(period_start=truncate).values(group, "period_start").annotate(**rollup_sums())
    series = defaultdict(list)
    for row in rows:
        value = rollup(rule.metric.aggregation, totals_of(row))
        if value is None:
            continue
        start = row["period_start"]
        start = start.date() if isinstance(start, datetime.datetime) else start
        key = (team_of[row[group]], row[group]) if group == "agent_id" else (row[group], None)
        series[key].append(PeriodValue(start=start, value=value, sample=int(row["sample"] or 0)))
    return {key: sorted(points, key=lambda point: point.start) for key, points in series.items()}


def _periods_between(since: datetime.date, today: datetime.date, period: str) -> int:
    """How many periods start from ``since``'s period up to the one before ``today``'s."""
    count, start = 0, period_start(since, period)
    while start < period_start(today, period):
        count, start = count + 1, next_period_start(start, period)
    return count


@dataclass(frozen=True)
class AlarmHistory:
    """What a scope's earlier alarms leave for the next evaluation of a lasting shift."""

    restart_after: datetime.date | None
    quiet: tuple[Quiet, ...]


def alarm_history(rule: AlertRule, *, today: datetime.date) -> dict[int, AlarmHistory]:
    """Per agent (rule on each agent) or team: where the CUSUM starts again and what stays out of its baseline.

    Each earlier investigation (or coaching proposal) of the rule keeps the periods from the
    shift's first one until its resolution (today while it is open) out of the baseline, and
    the sum starts again after the data it was opened on. One query.
    """
    if rule.pk is None:
        return {}
    per_agent = rule.scope == AlertScope.EACH_AGENT
    if rule.action == AlertAction.COACHING_PROPOSAL:
        rows = CoachingProposal.objects.filter(rule=rule).values_list(
            "agent_id", "period_end", "trigger_data", "decided_at"
        )
    else:
        key = "agent_id" if per_agent else "team_id"
        rows = Investigation.objects.filter(rule=rule).values_list(key, "period_end", "trigger_data", "resolved_at")
    history: dict[int, AlarmHistory] = {}
    for key, last_day, data, closed_at in rows.order_by("period_end"):
        first = _date_or(data.get("run_start") if isinstance(data, dict) else None, last_day)
        until = closed_at.date() if closed_at else today
        earlier = history.get(key, AlarmHistory(None, ()))
        history[key] = AlarmHistory(last_day, (*earlier.quiet, Quiet(first, max(until, last_day))))
    return history


def _date_or(text, fallback: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return fallback


def rule_parameters(rule: AlertRule) -> dict:
    """The keyword arguments ``rules.alerts.check`` judges ``rule``'s series with."""
    return {
        "higher_is_better": rule.metric.higher_is_better,
        "threshold": rule.threshold,
        "periods": rule.periods,
        "baseline_periods": rule.baseline_periods,
        "run_length": rule.run_length,
        "aggregation": rule.metric.aggregation,
        # On every agent, a threshold counts only a period beyond it with confidence from its sample.
        "confident": rule.scope == AlertScope.EACH_AGENT,
    }


@dataclass(frozen=True)
class BacktestAlarm:
    """An investigation a rule would have opened on the stored data."""

    metric: str
    team: str
    employee_id: str | None  # for a rule on each agent
    period_start: datetime.date
    opened_on: datetime.date


def rule_backtest(rule: AlertRule, *, start: datetime.date, end: datetime.date) -> list[BacktestAlarm]:
    """The investigations ``rule`` would have opened judging the periods from ``start`` that ended by ``end``.

    Nothing is written. Each scope's earlier investigations are ignored: the replay begins
    afresh on ``start`` and takes each one it opens as resolved on its due date.
    """
    today = end + datetime.timedelta(days=1)
    series_by_scope = rule_series(rule, today=today, since=start)
    first = period_start(start, rule.period)
    if first < start:
        first = next_period_start(first, rule.period)
    last = previous_period_start(period_start(today, rule.period), rule.period)
    team_names = dict(Team.objects.filter(pk__in={team_id for team_id, _ in series_by_scope}).values_list("pk", "name"))
    employee_ids = dict(
        User.objects.filter(pk__in={agent for _, agent in series_by_scope if agent}).values_list("pk", "employee_id")
    )
    alarms = []
    for (team_id, agent_id), series in series_by_scope.items():
        for alarm in replay(
            rule.condition,
            series,
            period=rule.period,
            first=first,
            last=last,
            open_days=rule.due_in_days,
            **rule_parameters(rule),
        ):
            alarms.append(
                BacktestAlarm(
                    metric=rule.metric.code,
                    team=team_names.get(team_id, ""),
                    employee_id=(employee_ids.get(agent_id) or str(agent_id)) if agent_id else None,
                    period_start=alarm.period_start,
                    opened_on=alarm.opened_on,
                )
            )
    return sorted(alarms, key=lambda alarm: (alarm.opened_on, alarm.team, alarm.employee_id or ""))


@dataclass(frozen=True)
class MonthCount:
    """How many investigations a backtest opened in one calendar month."""

    month: datetime.date
    investigations: int


@dataclass(frozen=True)
class RuleBudget:
    """A rule's false-alarm budget: what steady scopes would open by chance, and its backtest by month."""

    scopes: int
    expected_false_per_month: float | None
    months: list[MonthCount]

    @property
    def backtest_total(self) -> int:
        return sum(month.investigations for month in self.months)


BUDGET_MONTHS = 12


def rule_budget(rule: AlertRule, *, today: datetime.date) -> RuleBudget:
    """The false investigations ``rule`` would open a month across its scopes, and its last 12 months replayed."""
    months = [period_start(today, RollupPeriod.MONTH)]
    while len(months) <= BUDGET_MONTHS:
        months.insert(0, previous_period_start(months[0], RollupPeriod.MONTH))
    months = months[:-1]
    alarms = rule_backtest(rule, start=months[0], end=today - datetime.timedelta(days=1))
    scopes = _scope_count(rule, today=today)
    counts = {month: 0 for month in months}
    for alarm in alarms:
        month = period_start(alarm.opened_on, RollupPeriod.MONTH)
        if month in counts:
            counts[month] += 1
    return RuleBudget(
        scopes=scopes,
        expected_false_per_month=expected_false_alarms_per_month(rule.condition, scopes=scopes, period=rule.period),
        months=[MonthCount(month, count) for month, count in counts.items()],
    )


def _scope_count(rule: AlertRule, *, today: datetime.date) -> int:
    if rule.scope == AlertScope.TEAM:
        return 1
    if rule.scope == AlertScope.EACH_AGENT:
        return (
            TeamMembership.objects.on(today)
            .filter(team__is_active=True, agent__is_active=True, agent__role=Role.AGENT)
            .values("agent_id")
            .distinct()
            .count()
        )
    return Team.objects.filter(is_active=True).count()


def default_rule(metric, *, scope: str, team: Team | None = None) -> AlertRule:
    """An unsaved rule with the default detector for ``metric`` on ``scope``: a lasting shift, weekly.

    A team-level metric comes once per survey round, so it is judged month by month.
    """
    return AlertRule(
        name="",
        metric=metric,
        scope=scope,
        team=team,
        condition=AlertCondition.CUSUM,
        baseline_periods=DEFAULT_BASELINE_PERIODS,
        period=RollupPeriod.MONTH if metric.per_team else RollupPeriod.WEEK,
    )
