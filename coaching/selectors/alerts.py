"""Reads of alerts: the periods and the series a rule judges.

Who may see investigations and coaching proposals is the policy in ``permissions.alerts``.
"""

import datetime
from collections import defaultdict

from django.db.models.functions import TruncMonth, TruncWeek

from ..models import AlertRule, AlertScope, Role, RollupPeriod, Team, TeamMembership
from ..rules.alerts import PeriodValue
from ..rules.periods import period_end, period_start, previous_period_start
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


def rule_series(rule: AlertRule, *, today: datetime.date) -> dict[tuple[int, int | None], list[PeriodValue]]:
    """Each scope's series of the rule's metric over the periods it judges, in one query (two for each agent).

    Keys are ``(team_id, agent_id)``: ``agent_id`` is ``None`` for team scopes; for the
    scope "each agent", ``team_id`` is the agent's team today and an agent's series covers
    all their days, whichever team they were in. Values roll up weighted by sample size;
    periods without data are left out of a series.
    """
    # Periods without data (an agent on holiday, a month without a survey round) are left out of a
    # series, so it reaches further back than the rule needs: a missing period does not silence it.
    needed = rule.periods_needed
    starts = complete_periods(today=today, period=rule.period, count=needed + max(2, needed // 2))
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
