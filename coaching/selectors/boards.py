"""Team boards: each team's KPIs and each current agent's KPIs side by side."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from .. import clock
from ..models import (
    ActionItem,
    Goal,
    GoalStatus,
    Metric,
    MetricValue,
    Observation,
    OneOnOne,
    Team,
    TeamMembership,
    User,
)
from .baselines import latest_team_values
from .goals import goal_projections
from .kpis import KpiCell, Window, kpi_row, kpi_snapshot
from .one_on_ones import unacknowledged_expectations


@dataclass
class AgentLine:
    """One agent on a board, with their KPI cells in metric order."""

    agent: User
    team: Team
    cells: list[KpiCell]
    coaching: "CoachingLine | None" = None

    def cell(self, metric: Metric) -> KpiCell | None:
        return next((cell for cell in self.cells if cell.metric.pk == metric.pk), None)


@dataclass
class TeamBoard:
    """One team: its rolled-up KPI cells and its current agents."""

    team: Team
    cells: list[KpiCell]
    agents: list[AgentLine] = field(default_factory=list)
    team_goals: list = field(default_factory=list)  # [(goal, projection)]


def team_boards(teams: QuerySet[Team], metrics: list[Metric], window: Window) -> list[TeamBoard]:
    """Boards for ``teams`` in a fixed number of queries, whatever their size."""
    teams = list(teams.order_by("name"))
    memberships = (
        TeamMembership.objects.current()
        .filter(team__in=teams)
        .select_related("agent", "team")
        .order_by("agent__first_name", "agent__last_name")
    )
    members = list(memberships)
    agent_cells = kpi_snapshot(
        MetricValue.objects.filter(agent__in=[m.agent_id for m in members]), metrics, window, group_by="agent_id"
    )
    team_cells = kpi_snapshot(MetricValue.objects.filter(team__in=teams), metrics, window, group_by="team_id")
    # The team-level pulse metrics (engagement, eNPS) beside the team's KPIs: employee beside customer.
    pulse = list(Metric.objects.per_team().filter(is_active=True))
    pulse_cells = latest_round_cells([team.pk for team in teams], pulse, today=window.end)
    boards = {
        team.pk: TeamBoard(
            team=team, cells=[*kpi_row(team_cells, team.pk, metrics), *kpi_row(pulse_cells, team.pk, pulse)]
        )
        for team in teams
    }
    for membership in members:
        boards[membership.team_id].agents.append(
            AgentLine(
                agent=membership.agent, team=membership.team, cells=kpi_row(agent_cells, membership.agent_id, metrics)
            )
        )
    return list(boards.values())


def latest_round_cells(team_ids: list[int], metrics: list[Metric], *, today) -> dict:
    """Each team's latest pulse figure against the round before, as KPI cells keyed like ``kpi_snapshot``'s.

    A figure stands until the next round closes, whatever the survey's schedule, so the
    cells compare rounds rather than the boards' day windows; one query.
    """
    by_id = {metric.pk: metric for metric in metrics}
    cells = {}
    for (team_id, metric_id), values in latest_team_values(team_ids, by_id, today=today, count=2).items():
        _day, latest = values[-1]
        previous = values[0][1] if len(values) == 2 else None
        cells[(team_id, metric_id)] = KpiCell(
            metric=by_id[metric_id],
            current=latest.value_sum,
            previous=previous.value_sum if previous else None,
            sample=latest.sample_sum,
        )
    return cells


def agents_to_observe(boards: list[TeamBoard], *, focus: Metric | None) -> list[AgentLine]:
    """Every agent on ``boards``, weakest on ``focus`` (the quality score) first.

    Agents with no focus value yet come first: nobody has looked at their work lately.
    Without a focus metric, the agents observed longest ago come first, those never
    observed at the top (the boards need their coaching lines for that).
    """
    lines = [line for board in boards for line in board.agents]
    if focus is None:
        return sorted(lines, key=_observed_longest_ago_first)

    def weakest_first(line: AgentLine):
        cell = line.cell(focus)
        if cell is None or cell.current is None:
            return (0, 0)
        return (1, cell.current if focus.higher_is_better else -cell.current)

    return sorted(lines, key=weakest_first)


def _observed_longest_ago_first(line: AgentLine):
    last = line.coaching.last_observation if line.coaching else None
    return (0,) if last is None else (1, last)


@dataclass
class CoachingLine:
    """One agent's place in the coaching cycle: goals, last conversations, what is still open."""

    goals: list = field(default_factory=list)  # [(goal, projection)]
    last_one_on_one: datetime.datetime | None = None
    last_observation: datetime.datetime | None = None
    open_actions: int = 0
    unacknowledged: int = 0
    stale: bool = True  # not observed within the configured number of days


def boards_add_coaching(boards: list[TeamBoard], *, today: datetime.date) -> list[TeamBoard]:
    """Fill in each board's team goals and each agent's coaching line.

    A fixed number of queries whatever the number of agents or goals.
    """
    agent_ids = [line.agent.pk for board in boards for line in board.agents]
    team_ids = [board.team.pk for board in boards]
    stale_after = clock.now() - datetime.timedelta(days=settings.COACHING_OBSERVATION_STALE_DAYS)
    lines = {agent_id: CoachingLine() for agent_id in agent_ids}
    goals = list(
        Goal.objects.filter(Q(agent_id__in=agent_ids) | Q(team_id__in=team_ids), status=GoalStatus.ACTIVE)
        .select_related("metric")
        .order_by("due_date")
    )
    projections = goal_projections(goals, today=today)
    boards_by_team = {board.team.pk: board for board in boards}
    for goal in goals:
        if goal.agent_id:
            lines[goal.agent_id].goals.append((goal, projections.get(goal.pk)))
        else:
            boards_by_team[goal.team_id].team_goals.append((goal, projections.get(goal.pk)))
    now = clock.now()
    for agent_id, last in (
        OneOnOne.objects.filter(agent_id__in=agent_ids, meeting_on__lte=now)
        .values_list("agent_id")
        .annotate(last=Max("meeting_on"))
        .order_by()
    ):
        lines[agent_id].last_one_on_one = last
    for agent_id, last in (
        Observation.objects.filter(agent_id__in=agent_ids)
        .values_list("agent_id")
        .annotate(last=Max("observed_at"))
        .order_by()
    ):
        lines[agent_id].last_observation = last
        lines[agent_id].stale = last < stale_after
    for agent_id, count in (
        ActionItem.objects.filter(one_on_one__agent_id__in=agent_ids, done_at__isnull=True)
        .values_list("one_on_one__agent_id")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        lines[agent_id].open_actions = count
    for agent_id, count in unacknowledged_expectations(agent_ids).items():
        lines[agent_id].unacknowledged = count
    for board in boards:
        for line in board.agents:
            line.coaching = lines[line.agent.pk]
    return boards
