"""Team pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models import Team
from ..permissions import get_team_or_404
from ..selectors.boards import team_boards
from ..selectors.kpis import Window, active_metrics


@login_required
def team_detail(request, team_id):
    """One team's board: team KPIs and each current agent's."""
    team = get_team_or_404(request.user, team_id)
    window = Window.recent()
    metrics = active_metrics()
    (board,) = team_boards(Team.objects.filter(pk=team.pk), metrics, window)
    return render(request, "coaching/teams/team_detail.html", {"board": board, "metrics": metrics, "window": window})
