"""KPI snapshots: each metric rolled up over a recent window and the window before it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet

from .. import clock
from ..models import Metric, MetricValue
from ..rules.rollup import Change, change_direction, rollup
from .sums import rollup_sums, totals_of


@dataclass(frozen=True)
class Window:
    """A recent window of ``days`` days ending on ``end``, and the equal one before it."""

    end: datetime.date
    days: int

    @property
    def start(self) -> datetime.date:
        return self.end - datetime.timedelta(days=self.days - 1)

    @property
    def previous_start(self) -> datetime.date:
        return self.start - datetime.timedelta(days=self.days)

    @classmethod
    def recent(cls, days: int | None = None) -> "Window":
        """The window ending today, ``COACHING_RECENT_DAYS`` long unless told otherwise."""
        return cls(end=clock.today(), days=days or settings.COACHING_RECENT_DAYS)


@dataclass(frozen=True)
class KpiCell:
    """One metric rolled up for one group: now, before, and which way it moved."""

    metric: Metric
    current: Decimal | None
    previous: Decimal | None
    sample: int

    @property
    def change(self) -> Change:
        return change_direction(
            current=self.current, previous=self.previous, higher_is_better=self.metric.higher_is_better
        )

    @property
    def delta(self) -> Decimal | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous


def active_metrics() -> list[Metric]:
    """The metrics with a value per agent shown on KPI tables and boards, in display order."""
    return list(Metric.objects.per_agent().filter(is_active=True))


def metric_playing(role: str, metrics: list[Metric]) -> Metric | None:
    """The metric among ``metrics`` that plays ``role`` (a ``MetricRole``), if one does."""
    return next((metric for metric in metrics if metric.role == role), None)


def kpi_snapshot(
    values: QuerySet[MetricValue], metrics: list[Metric], window: Window, *, group_by: str | None = None
) -> dict:
    """Roll ``values`` up per metric (and per ``group_by`` field) for ``window``.

    Returns ``{(group_id, metric_id): KpiCell}`` (``group_id`` is ``None`` without
    ``group_by``), in one query whatever the number of groups, metrics or days.
    """
    by_id = {metric.pk: metric for metric in metrics}
    group_fields = ["metric_id"] + ([group_by] if group_by else [])
    current = Q(day__gte=window.start, day__lte=window.end)
    previous = Q(day__gte=window.previous_start, day__lt=window.start)
    rows = (
        values.filter(metric_id__in=by_id, day__gte=window.previous_start, day__lte=window.end)
        .order_by()
        .values(*group_fields)
        .annotate(**rollup_sums("cur_", current), **rollup_sums("prev_", previous))
    )
    cells = {}
    for row in rows:
        metric = by_id[row["metric_id"]]
        now_totals = totals_of(row, "cur_")
        cells[(row.get(group_by) if group_by else None, metric.pk)] = KpiCell(
            metric=metric,
            current=rollup(metric.aggregation, now_totals),
            previous=rollup(metric.aggregation, totals_of(row, "prev_")),
            sample=now_totals.sample_sum,
        )
    return cells


def kpi_row(cells: dict, group_id, metrics: list[Metric]) -> list[KpiCell]:
    """The cells of one group in metric order, with empty cells where there is no data."""
    return [
        cells.get((group_id, metric.pk)) or KpiCell(metric=metric, current=None, previous=None, sample=0)
        for metric in metrics
    ]
