"""Team boards: each team's KPIs and each current agent's KPIs side by side."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from ..models import Metric, MetricValue, Team, TeamMembership, User
from .kpis import KpiCell, Window, kpi_row, kpi_snapshot


@dataclass
class AgentLine:
    """One agent on a board, with their KPI cells in metric order."""

    agent: User
    team: Team
    cells: list[KpiCell]

    def cell(self, code: str) -> KpiCell | None:
        return next((cell for cell in self.cells if cell.metric.code == code), None)


@dataclass
class TeamBoard:
    """One team: its rolled-up KPI cells and its current agents."""

    team: Team
    cells: list[KpiCell]
    agents: list[AgentLine] = field(default_factory=list)


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
    boards = {team.pk: TeamBoard(team=team, cells=kpi_row(team_cells, team.pk, metrics)) for team in teams}
    for membership in members:
        boards[membership.team_id].agents.append(
            AgentLine(
                agent=membership.agent, team=membership.team, cells=kpi_row(agent_cells, membership.agent_id, metrics)
            )
        )
    return list(boards.values())


def agents_to_observe(boards: list[TeamBoard], *, focus_code: str = "QA") -> list[AgentLine]:
    """Every agent on ``boards``, weakest on the focus metric (QA score) first.

    Agents with no focus value yet come first: nobody has looked at their work lately.
    """
    lines = [line for board in boards for line in board.agents]

    def weakest_first(line: AgentLine):
        cell = line.cell(focus_code)
        if cell is None or cell.current is None:
            return (0, 0)
        return (1, cell.current if cell.metric.higher_is_better else -cell.current)

    return sorted(lines, key=weakest_first)
