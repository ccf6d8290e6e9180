"""Team pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models import Team
from ..permissions import get_team_or_404
from ..selectors.boards import boards_add_coaching, team_boards
from ..selectors.kpis import Window, active_metrics


@login_required
def team_detail(request, team_id):
    """One team's board: team KPIs and each current agent's."""
    team = get_team_or_404(request.user, team_id)
    window = Window.recent()
    metrics = active_metrics()
    (board,) = boards_add_coaching(team_boards(Team.objects.filter(pk=team.pk), metrics, window), today=window.end)
    context = {
        "board": board,
        "metrics": metrics,
        "window": window,
        "stale_days": settings.COACHING_OBSERVATION_STALE_DAYS,
    }
    return render(request, "coaching/teams/team_detail.html", context)
