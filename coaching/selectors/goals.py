"""Reads for goals: the SMART check's inputs, peers' sustained levels and projections in bulk."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, QuerySet

from ..formatting import format_metric_value
from ..models import Expectation, Goal, GoalStatus, Metric, MetricValue, Team, TeamMembership, User
from ..rules.projection import Projection, project_goal
from ..rules.rollup import Totals, rollup
from ..rules.smart import SmartInput, SmartResult, best_sustained_level, smart_check
from .baselines import daily_values, latest_team_values, scope_baseline
from .sums import rollup_sums, totals_of

PEER_HISTORY_DAYS = 365
TREND_DAYS = 42
CURRENT_DAYS = 14
TEAM_METRIC_TREND_ROUNDS = 6  # pulse figures come once per round: the trend is drawn through the last rounds
TEAM_METRIC_MIN_ROUNDS = 4  # and fewer points make one


def peer_best_levels(metric: Metric, *, by: str, window_days: int, end: datetime.date) -> list[Decimal]:
    """The best level each agent (``by="agent"``) or team (``by="team"``) sustained over ``window_days``.

    Looks back a year from ``end``; one query.
    """
    field = "agent_id" if by == "agent" else "team_id"
    if by == "agent" and metric.per_team:
        return []
    rows = (
        daily_values(metric)
        .filter(day__gt=end - datetime.timedelta(days=PEER_HISTORY_DAYS), day__lte=end)
        .exclude(**{f"{field}__isnull": True})
        .order_by()
        .values(field, "day")
        .annotate(**rollup_sums())
    )
    daily = defaultdict(list)
    for row in rows:
        totals = totals_of(row)
        daily[row[field]].append((row["day"], totals.weighted_sum, totals.sample_sum, totals.value_sum, totals.count))
    levels = (
        best_sustained_level(
            days,
            window_days=window_days,
            aggregation=metric.aggregation,
            higher_is_better=metric.higher_is_better,
        )
        for days in daily.values()
    )
    return [level for level in levels if level is not None]


def team_targets(metric: Metric, agent_ids: list[int], *, day: datetime.date) -> dict[int, tuple[Team, Goal | None]]:
    """Each agent's team on ``day`` and that team's live goal on ``metric`` (``None`` when it has none).

    Agents in no team on ``day`` are left out. Where a team has several live goals on the
    metric, the one due last counts.
    """
    teams = {
        membership.agent_id: membership.team
        for membership in TeamMembership.objects.on(day).filter(agent_id__in=agent_ids).select_related("team")
    }
    goals = {}
    for goal in Goal.objects.filter(
        metric=metric, agent__isnull=True, team__in={team.pk for team in teams.values()}, status=GoalStatus.ACTIVE
    ).order_by("due_date", "pk"):
        goals[goal.team_id] = goal
    return {agent_id: (team, goals.get(team.pk)) for agent_id, team in teams.items()}


def baseline_end(start_date: datetime.date | None, today: datetime.date) -> datetime.date:
    """The last day a goal's baseline covers: the day before it starts, and never after yesterday."""
    yesterday = today - datetime.timedelta(days=1)
    if start_date is None:
        return yesterday
    return min(start_date - datetime.timedelta(days=1), yesterday)


def smart_input(
    *,
    metric: Metric | None,
    team: Team | None,
    agent: User | None,
    description: str,
    objective: str,
    target: Decimal | None,
    start_date: datetime.date | None,
    due_date: datetime.date | None,
    today: datetime.date,
    format_value=None,
    peer_levels: list[Decimal] | None = None,
) -> tuple[SmartInput, object]:
    """Gather what the SMART check needs for a goal being written; also returns the baseline.

    ``peer_levels`` may pass in the peers' sustained levels when many goals of the same
    metric, length and dates are checked at once (they are the same for all of them).
    """
    if format_value is None:
        format_value = (lambda value: format_metric_value(value, metric)) if metric else str
    baseline = None
    peers: list[Decimal] = []
    if metric is not None and (team is not None or agent is not None):
        end = baseline_end(start_date, today)
        baseline = scope_baseline(metric, agent=agent, team=team, end=end)
        span = (due_date - start_date).days if start_date and due_date and due_date > start_date else 90
        by = "agent" if agent is not None else "team"
        peers = peer_levels if peer_levels is not None else peer_best_levels(metric, by=by, window_days=span, end=end)
    days = baseline.days_with_data if baseline else 0
    check_input = SmartInput(
        has_metric=metric is not None,
        description=description or "",
        objective=objective or "",
        target=target,
        baseline=baseline.value if baseline else None,
        baseline_days=days,
        baseline_sample_per_day=(baseline.sample / days) if baseline and days else 0,
        start_date=start_date,
        due_date=due_date,
        today=today,
        higher_is_better=metric.higher_is_better if metric else True,
        min_value=metric.min_value if metric else None,
        max_value=metric.max_value if metric else None,
        peer_best_levels=peers,
        format_value=format_value,
        measured_per_round=bool(metric and metric.per_team),
    )
    return check_input, baseline


def goal_smart_check(goal: Goal, *, today: datetime.date, format_value=None) -> SmartResult:
    """The SMART check of a saved goal, against today's data."""
    check_input, _baseline = smart_input(
        metric=goal.metric,
        team=goal.team,
        agent=goal.agent,
        description=goal.description,
        objective=goal.objective,
        target=goal.target,
        start_date=goal.start_date,
        due_date=goal.due_date,
        today=today,
        format_value=format_value,
    )
    # A saved goal keeps the baseline it was set with.
    check_input = SmartInput(**{**check_input.__dict__, "baseline": goal.baseline})
    return smart_check(check_input)


def goal_projections(goals: list[Goal], *, today: datetime.date) -> dict[int, Projection]:
    """Projection of each goal from its scope's recent trend, in two queries for any number of goals."""
    if not goals:
        return {}
    start = today - datetime.timedelta(days=TREND_DAYS)
    metrics = {goal.metric_id for goal in goals if not goal.metric.per_team}
    team_metrics = {goal.metric_id for goal in goals if goal.metric.per_team}
    recent = MetricValue.objects.filter(metric_id__in=metrics, day__gt=start, day__lte=today).order_by()
    series = defaultdict(list)  # (scope kind, scope id, metric id) -> [(day, Totals)]
    agent_ids = {goal.agent_id for goal in goals if goal.agent_id}
    team_ids = {goal.team_id for goal in goals if goal.team_id and goal.metric_id in metrics}
    if agent_ids:
        for row in (
            recent.filter(agent_id__in=agent_ids).values("agent_id", "metric_id", "day").annotate(**rollup_sums())
        ):
            series[("agent", row["agent_id"], row["metric_id"])].append((row["day"], totals_of(row)))
    if team_ids:
        for row in recent.filter(team_id__in=team_ids).values("team_id", "metric_id", "day").annotate(**rollup_sums()):
            series[("team", row["team_id"], row["metric_id"])].append((row["day"], totals_of(row)))
    if team_metrics:
        team_ids = {goal.team_id for goal in goals if goal.metric_id in team_metrics}
        for (team_id, metric_id), values in latest_team_values(
            team_ids, team_metrics, today=today, count=TEAM_METRIC_TREND_ROUNDS
        ).items():
            series[("team", team_id, metric_id)] = values
    projections = {}
    for goal in goals:
        key = ("agent", goal.agent_id, goal.metric_id) if goal.agent_id else ("team", goal.team_id, goal.metric_id)
        projections[goal.pk] = _project(goal, series.get(key, []), today)
    return projections


def _project(goal: Goal, days: list[tuple[datetime.date, Totals]], today: datetime.date) -> Projection:
    aggregation = goal.metric.aggregation
    points = []
    for day, totals in days:
        value = rollup(aggregation, totals)
        if value is not None:
            points.append((day, value, max(totals.sample_sum, 1)))
    if goal.metric.per_team:
        # A pulse figure stands until the next round closes: the current level is the latest one.
        recent_totals = [max(days, key=lambda item: item[0])[1]] if days else []
    else:
        current_from = today - datetime.timedelta(days=CURRENT_DAYS)
        recent_totals = [totals for day, totals in days if day > current_from]
    current = rollup(aggregation, Totals.added(recent_totals))
    return project_goal(
        points=points,
        current=current,
        target=goal.target,
        today=today,
        due_date=goal.due_date,
        higher_is_better=goal.metric.higher_is_better,
        min_value=goal.metric.min_value,
        max_value=goal.metric.max_value,
        current_days=CURRENT_DAYS,
        **({"min_points": TEAM_METRIC_MIN_ROUNDS, "per_round": True} if goal.metric.per_team else {}),
    )


def goals_with_relations(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """``goals`` with metric, team, agent and author loaded."""
    return goals.select_related("metric", "team", "agent", "created_by")


def agent_goals(agent: User, *, today: datetime.date, since: datetime.date):
    """``agent``'s own goals and their teams' goals due since ``since`` (cancelled ones left out).

    Returns ``[(goal, projection, expectation)]``, newest due date first; three queries.
    """
    teams = TeamMembership.objects.filter(agent=agent).values("team")
    goals = list(
        goals_with_relations(Goal.objects.filter(Q(agent=agent) | Q(team__in=teams)))
        .exclude(status=GoalStatus.CANCELLED)
        .filter(due_date__gte=since)
        .order_by("-due_date", "-pk")
    )
    expectations = {e.goal_id: e for e in Expectation.objects.filter(agent=agent, goal__in=[g.pk for g in goals])}
    projections = goal_projections([goal for goal in goals if goal.status == GoalStatus.ACTIVE], today=today)
    return [(goal, projections.get(goal.pk), expectations.get(goal.pk)) for goal in goals]
