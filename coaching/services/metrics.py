"""Writes of metrics' roles and of metric values."""

import datetime
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Metric, MetricValue, TeamMembership, User
from ..permissions import may_configure_metrics
from .rollups import affected_periods, rollups_refresh


@dataclass(frozen=True)
class ValueRow:
    """One validated daily value to store."""

    agent_id: int
    metric_id: int
    day: datetime.date
    value: Decimal
    sample_size: int


class TeamCalendar:
    """Answers "which team was this agent in on this day" from their memberships."""

    def __init__(self, agent_ids):
        self._spans: dict[int, list[tuple[datetime.date, datetime.date | None, int]]] = {}
        memberships = TeamMembership.objects.filter(agent_id__in=set(agent_ids)).order_by("agent_id", "start_date")
        for agent_id, start, end, team_id in memberships.values_list("agent_id", "start_date", "end_date", "team_id"):
            self._spans.setdefault(agent_id, []).append((start, end, team_id))

    def team_on(self, agent_id: int, day: datetime.date) -> int | None:
        spans = self._spans.get(agent_id, [])
        index = bisect_right([start for start, _end, _team in spans], day) - 1
        if index < 0:
            return None
        _start, end, team_id = spans[index]
        return team_id if end is None or day <= end else None


@transaction.atomic
def metric_values_upsert(*, rows: list[ValueRow], batch_size: int = 5000, refresh_rollups: bool = True) -> int:
    """Insert or update daily values keyed by (agent, metric, day); returns rows written.

    Each value is attributed to the team its agent was in on its day, and the roll-ups of
    the weeks and months the rows fall in are recomputed (unless ``refresh_rollups`` is
    false: for a caller that refreshes them itself, once, after several calls).
    """
    calendar = TeamCalendar(row.agent_id for row in rows)
    objects = [
        MetricValue(
            agent_id=row.agent_id,
            metric_id=row.metric_id,
            day=row.day,
            value=row.value,
            sample_size=row.sample_size,
            team_id=calendar.team_on(row.agent_id, row.day),
        )
        for row in rows
    ]
    MetricValue.objects.bulk_create(
        objects,
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=["agent", "metric", "day"],
        update_fields=["value", "sample_size", "team", "updated_at"],
    )
    if refresh_rollups and rows:
        rollups_refresh(periods=affected_periods((row.agent_id, row.metric_id, row.day) for row in rows))
    return len(objects)


@transaction.atomic
def metric_set_role(*, actor: User, metric: Metric, role: str) -> Metric:
    """Give ``metric`` a role (``""`` for none); administrators only, and at most one metric plays each role."""
    if not may_configure_metrics(actor):
        raise PermissionDenied(_("Only administrators choose which metric plays which role."))
    metric = Metric.objects.select_for_update().get(pk=metric.pk)
    metric.role = role
    metric.full_clean()
    metric._history_user = actor
    metric.save(update_fields=["role"])
    return metric
