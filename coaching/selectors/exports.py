"""Reads for CSV exports: metric values and goal progress, through the visibility policy, in chunks.

Both return iterators of plain rows (a header first), so an export of any size is
streamed without holding it in memory.
"""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet

from ..models import Metric, MetricValue, Team, User
from ..permissions import agents_visible_to, can_filter_records_by_team, goals_visible_to, records_visible_to
from .goals import goal_projections, goals_with_relations

CHUNK = 2000


def metric_values_for_export(
    user: User,
    *,
    team: Team | None = None,
    agent: User | None = None,
    metric: Metric | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[MetricValue]:
    """The daily values ``user`` may see, narrowed by team (the team on the day), agent, metric and days.

    A team or agent outside ``user``'s view gives nothing rather than an error.
    """
    values = records_visible_to(user, MetricValue.objects.all())
    if team is not None:
        if not can_filter_records_by_team(user, team):
            return values.none()
        values = values.filter(team=team)
    if agent is not None:
        if not agents_visible_to(user).filter(pk=agent.pk).exists():
            return values.none()
        values = values.filter(agent=agent)
    if metric is not None:
        values = values.filter(metric=metric)
    if start is not None:
        values = values.filter(day__gte=start)
    if end is not None:
        values = values.filter(day__lte=end)
    return values.order_by("day", "agent_id", "metric_id")


def metric_value_rows(values: QuerySet[MetricValue]) -> Iterator[list]:
    """A header, then one row per daily value.

    Column names are fixed identifiers, the same in every language, so files open the same
    way in every spreadsheet and script (and match the import's column names).
    """
    yield [
        "employee_id",
        "agent",
        "team",
        "metric_code",
        "day",
        "value",
        "sample_size",
    ]
    columns = (
        "agent__employee_id",
        "agent__first_name",
        "agent__last_name",
        "agent__username",
        "team__name",
        "metric__code",
        "day",
        "value",
        "sample_size",
    )
    for employee_id, first, last, username, team, code, day, value, sample in values.values_list(*columns).iterator(
        chunk_size=CHUNK
    ):
        name = f"{first} {last}".strip() or username
        yield [employee_id, name, team or "", code, day, value, sample]


def goal_progress_rows(user: User, *, today: datetime.date) -> Iterator[list]:
    """A header (fixed identifiers), then one row per goal ``user`` may see."""
    yield [
        "goal",
        "scope",
        "metric_code",
        "status",
        "baseline",
        "target",
        "current",
        "projected",
        "projection",
        "chance_of_meeting_target",
        "start_date",
        "due_date",
    ]
    goals = goals_with_relations(goals_visible_to(user)).order_by("pk")
    last_pk = 0
    while True:
        chunk = list(goals.filter(pk__gt=last_pk)[:CHUNK])
        if not chunk:
            return
        projections = goal_projections(chunk, today=today)
        for goal in chunk:
            projection = projections.get(goal.pk)
            scope = str(goal.agent) if goal.agent_id else str(goal.team)
            yield [
                goal.title,
                scope,
                goal.metric.code,
                goal.get_status_display(),
                goal.baseline,
                goal.target,
                projection.current if projection else None,
                projection.projected if projection else None,
                projection.status if projection else "",
                round(projection.probability, 2) if projection and projection.probability is not None else None,
                goal.start_date,
                goal.due_date,
            ]
        last_pk = chunk[-1].pk
