"""Baselines: a metric's recent level for an agent or a team, weighted by sample size."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, ExpressionWrapper, F, QuerySet, Sum

from ..models import Metric, MetricValue, Team, User
from ..rules.rollup import Totals, rollup
from ..rules.trend import Trend, linear_trend


@dataclass(frozen=True)
class Baseline:
    """A rolled-up value over a window, with the window and the sample behind it."""

    value: Decimal | None
    start: datetime.date
    end: datetime.date
    sample: int
    days_with_data: int


def scope_values(metric: Metric, *, agent: User | None = None, team: Team | None = None) -> QuerySet[MetricValue]:
    """The metric's daily values of one agent, or attributed to one team."""
    values = MetricValue.objects.filter(metric=metric)
    return values.filter(agent=agent) if agent is not None else values.filter(team=team)


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
    days = days or settings.COACHING_BASELINE_DAYS
    start = end - datetime.timedelta(days=days - 1)
    weighted = ExpressionWrapper(
        F("value") * F("sample_size"), output_field=DecimalField(max_digits=24, decimal_places=4)
    )
    row = (
        scope_values(metric, agent=agent, team=team)
        .filter(day__gte=start, day__lte=end)
        .aggregate(
            weighted=Sum(weighted),
            sample=Sum("sample_size"),
            total=Sum("value"),
            count=Count("id"),
            days=Count("day", distinct=True),
        )
    )
    totals = Totals(Decimal(row["weighted"] or 0), int(row["sample"] or 0), Decimal(row["total"] or 0), row["count"])
    value = rollup(metric.aggregation, totals)
    # Stored beside the goal in a 4-decimal field.
    value = value.quantize(Decimal("0.0001")) if value is not None else None
    return Baseline(value, start, end, totals.sample_sum, row["days"])


def scope_trend(
    metric: Metric, *, agent: User | None = None, team: Team | None = None, end: datetime.date, days: int = 42
) -> Trend | None:
    """The least-squares trend of the scope's daily roll-ups over the last ``days`` days."""
    start = end - datetime.timedelta(days=days - 1)
    weighted = ExpressionWrapper(
        F("value") * F("sample_size"), output_field=DecimalField(max_digits=24, decimal_places=4)
    )
    rows = (
        scope_values(metric, agent=agent, team=team)
        .filter(day__gte=start, day__lte=end)
        .order_by()
        .values("day")
        .annotate(weighted=Sum(weighted), sample=Sum("sample_size"), total=Sum("value"), count=Count("id"))
    )
    points = []
    for row in rows:
        totals = Totals(
            Decimal(row["weighted"] or 0), int(row["sample"] or 0), Decimal(row["total"] or 0), row["count"]
        )
        value = rollup(metric.aggregation, totals)
        if value is not None:
            points.append((row["day"], float(value), max(totals.sample_sum, 1)))
    return linear_trend(points)
