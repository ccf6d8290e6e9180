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
    """Answers "which team was this agent in on this day" from their memberships.

    The team of a day is the agent's latest membership starting on or before it (the later
    one of two starting the same day), unless that membership had ended. Each agent's
    memberships become spans, each up to the next one's start; the span that answered
    last is tried first, since rows come agent after agent or day after day.
    """

    def __init__(self, agent_ids=None):
        """The memberships of ``agent_ids`` (of every agent if ``None``)."""
        # agent → [(start, next start or None, end or None, team)], in order of start
        self._spans: dict[int, list[tuple[datetime.date, datetime.date | None, datetime.date | None, int]]] = {}
        memberships = TeamMembership.objects.order_by("agent_id", "start_date", "id")
        if agent_ids is not None:
            memberships = memberships.filter(agent_id__in=set(agent_ids))
        rows = memberships.values_list("agent_id", "start_date", "end_date", "team_id")
        for agent_id, start, end, team_id in rows:
            spans = self._spans.setdefault(agent_id, [])
            if spans:
                previous_start, _next, previous_end, previous_team = spans[-1]
                spans[-1] = (previous_start, start, previous_end, previous_team)
            spans.append((start, None, end, team_id))
        self._last: dict[int, tuple[datetime.date, datetime.date | None, datetime.date | None, int]] = {}

    def spans(self, agent_id: int) -> list:
        """The agent's memberships as this calendar knows them (to tell whether they changed since)."""
        return self._spans.get(agent_id, [])

    def team_on(self, agent_id: int, day: datetime.date) -> int | None:
        span = self._last.get(agent_id)
        if span is None or day < span[0] or (span[1] is not None and day >= span[1]):
            spans = self._spans.get(agent_id, [])
            index = bisect_right([start for start, _next, _end, _team in spans], day) - 1
            if index < 0:
                return None
            span = self._last[agent_id] = spans[index]
        _start, _next, end, team_id = span
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
