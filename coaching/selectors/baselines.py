"""Baselines: a metric's recent level for an agent or a team, weighted by sample size."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, QuerySet

from ..models import Metric, MetricValue, Team, TeamMetricValue, User
from ..rules.rollup import Totals, rollup
from ..rules.trend import Trend, linear_trend
from .sums import rollup_sums, totals_of


@dataclass(frozen=True)
class Baseline:
    """A rolled-up value over a window, with the window and the sample behind it."""

    value: Decimal | None
    start: datetime.date
    end: datetime.date
    sample: int
    days_with_data: int


def daily_values(metric: Metric) -> QuerySet:
    """All of the metric's daily values: one per agent (``MetricValue``) or one per team (``TeamMetricValue``).

    Both have ``team``, ``day``, ``value`` and ``sample_size``, so every roll-up reads them alike.
    """
    if metric.per_team:
        return TeamMetricValue.objects.filter(metric=metric)
    return MetricValue.objects.filter(metric=metric)


def scope_values(metric: Metric, *, agent: User | None = None, team: Team | None = None) -> QuerySet:
    """The metric's daily values of one agent, or attributed to one team (a team-level metric has none per agent)."""
    values = daily_values(metric)
    if agent is not None:
        return values.none() if metric.per_team else values.filter(agent=agent)
    return values.filter(team=team)


def _baseline_window(end: datetime.date, days: int | None) -> tuple[datetime.date, datetime.date]:
    days = days or settings.COACHING_BASELINE_DAYS
    return end - datetime.timedelta(days=days - 1), end


def _baseline_of(metric: Metric, row: dict, start: datetime.date, end: datetime.date) -> Baseline:
    totals = totals_of(row)
    value = rollup(metric.aggregation, totals)
    # Stored beside the goal in a 4-decimal field.
    value = value.quantize(Decimal("0.0001")) if value is not None else None
    return Baseline(value, start, end, totals.sample_sum, row["days"])


def scope_baseline(
    metric: Metric,
    *,
    agent: User | None = None,
    team: Team | None = None,
    end: datetime.date,
    days: int | None = None,
) -> Baseline:
    """The metric's level over the ``days`` days ending on ``end`` for an agent or a team.

    ``days`` defaults to ``COACHING_BASELINE_DAYS`` (90).
    """
    start, end = _baseline_window(end, days)
    row = (
        scope_values(metric, agent=agent, team=team)
        .filter(day__gte=start, day__lte=end)
        .aggregate(**rollup_sums(), days=Count("day", distinct=True))
    )
    return _baseline_of(metric, row, start, end)


def agents_baselines(metric: Metric, agent_ids, *, end: datetime.date, days: int | None = None) -> dict[int, Baseline]:
    """``scope_baseline`` of many agents at once: agent id → baseline (missing agents had no data); one query."""
    start, end = _baseline_window(end, days)
    if metric.per_team:
        return {}
    rows = (
        MetricValue.objects.filter(metric=metric, agent_id__in=list(agent_ids), day__gte=start, day__lte=end)
        .order_by()
        .values("agent_id")
        .annotate(**rollup_sums(), days=Count("day", distinct=True))
    )
    return {row["agent_id"]: _baseline_of(metric, row, start, end) for row in rows}


def _trend_of(metric: Metric, rows) -> Trend | None:
    points = []
    for row in rows:
        totals = totals_of(row)
        value = rollup(metric.aggregation, totals)
        if value is not None:
            points.append((row["day"], float(value), max(totals.sample_sum, 1)))
    return linear_trend(points)


def agents_trends(metric: Metric, agent_ids, *, end: datetime.date, days: int = 42) -> dict[int, Trend | None]:
    """Each agent's least-squares trend of their daily values over the last ``days`` days; one query.

    Agent id → trend; an agent without data in the window is missing.
    """
    if metric.per_team:
        return {}
    start = end - datetime.timedelta(days=days - 1)
    rows = (
        MetricValue.objects.filter(metric=metric, agent_id__in=list(agent_ids), day__gte=start, day__lte=end)
        .order_by()
        .values("agent_id", "day")
        .annotate(**rollup_sums())
    )
    by_agent: dict[int, list] = {}
    for row in rows:
        by_agent.setdefault(row["agent_id"], []).append(row)
    return {agent_id: _trend_of(metric, agent_rows) for agent_id, agent_rows in by_agent.items()}


# Pulse rounds run weekly to monthly: a year back holds the last few rounds of any schedule.
LATEST_ROUNDS_LOOKBACK_DAYS = 400


def latest_team_values(
    team_ids, metric_ids, *, today: datetime.date, count: int
) -> dict[tuple[int, int], list[tuple[datetime.date, Totals]]]:
    """The last ``count`` values of each team and team-level metric up to ``today``, oldest first; one query.

    Counted in rounds, not days, so a monthly survey has as many points as a weekly one.
    """
    rows = (
        TeamMetricValue.objects.filter(
            team_id__in=list(team_ids),
            metric_id__in=list(metric_ids),
            day__gt=today - datetime.timedelta(days=LATEST_ROUNDS_LOOKBACK_DAYS),
            day__lte=today,
        )
        .order_by("team_id", "metric_id", "-day")
        .values("team_id", "metric_id", "day", "value", "sample_size")
    )
    latest: dict[tuple[int, int], list] = {}
    for row in rows:
        values = latest.setdefault((row["team_id"], row["metric_id"]), [])
        if len(values) < count:
            values.append((row["day"], Totals.of([(row["value"], row["sample_size"])])))
    return {key: values[::-1] for key, values in latest.items()}
