"""Reads of weekly and monthly roll-ups: long KPI series for agents and teams in one query each.

Dashboards use these for ranges where daily values would be too many points; the sums
are kept by the import (see ``coaching.services.rollups``).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from ..models import Metric, MetricRollup, Team, User
from ..rules.periods import period_start
from ..rules.rollup import Totals, rollup

# Sums of stored sums, named as ``_point`` reads them ("count" would clash with the field).
_SUMS = {"weighted": Sum("weighted_sum"), "sample": Sum("sample_sum"), "total": Sum("value_sum"), "n": Sum("count")}


@dataclass(frozen=True)
class RollupPoint:
    """One period of a series: its first day, its sums and the rolled-up value."""

    period_start: datetime.date
    totals: Totals
    value: Decimal | None


def agent_rollup_series(
    agent: User, metric: Metric, *, period: str, start: datetime.date, end: datetime.date
) -> list[RollupPoint]:
    """``agent``'s ``metric`` by week or month over the periods touching ``start``..``end``, whatever their team."""
    rows = _rollups(metric, period, start, end).filter(agent=agent)
    return _series(metric, rows)


def team_rollup_series(
    team: Team, metric: Metric, *, period: str, start: datetime.date, end: datetime.date
) -> list[RollupPoint]:
    """``team``'s ``metric`` by week or month: the values of the agents on the days they were in it."""
    rows = _rollups(metric, period, start, end).filter(team=team)
    return _series(metric, rows)


def teams_rollup_series(
    teams, metric: Metric, *, period: str, start: datetime.date, end: datetime.date
) -> dict[int, list[RollupPoint]]:
    """Series of several teams at once (team id → points), in one query."""
    rows = (
        _rollups(metric, period, start, end)
        .filter(team__in=teams)
        .values("team_id", "period_start")
        .annotate(**_SUMS)
        .order_by("team_id", "period_start")
    )
    series: dict[int, list[RollupPoint]] = {}
    for row in rows:
        series.setdefault(row["team_id"], []).append(_point(metric, row))
    return series


def _rollups(metric: Metric, period: str, start: datetime.date, end: datetime.date):
    return MetricRollup.objects.filter(
        metric=metric, period=period, period_start__gte=period_start(start, period), period_start__lte=end
    )


def _series(metric: Metric, rows) -> list[RollupPoint]:
    grouped = rows.values("period_start").annotate(**_SUMS).order_by("period_start")
    return [_point(metric, row) for row in grouped]


def _point(metric: Metric, row: dict) -> RollupPoint:
    totals = Totals(Decimal(row["weighted"]), int(row["sample"]), Decimal(row["total"]), int(row["n"]))
    return RollupPoint(row["period_start"], totals, rollup(metric.aggregation, totals))
