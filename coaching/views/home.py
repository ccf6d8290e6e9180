"""The role-aware home page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models import Expectation, GoalStatus, MetricRole, MetricValue
from ..permissions import HomeKind, home_kind, teams_visible_to
from ..selectors.boards import agents_to_observe, boards_add_coaching, team_boards
from ..selectors.goals import agent_goals
from ..selectors.kpis import Window, active_metrics, kpi_row, kpi_snapshot, metric_playing
from ..selectors.org import configuration_overview, current_team_of, team_history
from ..selectors.pulse import pulse_open_rounds_for


@login_required
def home(request):
    """Send each role to what they come for: own KPIs, the team, agents to observe, set-up."""
    user = request.user
    kind = home_kind(user)
    if kind == HomeKind.ADMINISTRATOR:
        return render(request, "coaching/home/admin_home.html", configuration_overview())
    window = Window.recent()
    metrics = active_metrics()
    if kind == HomeKind.AGENT:
        context = agent_overview(user, metrics, window)
        context["goals"] = [
            item
            for item in agent_goals(user, today=window.end, since=window.start)
            if item[0].is_open or item[0].status == GoalStatus.ACHIEVED
        ]
        context["pulse_open_rounds"] = pulse_open_rounds_for(user)
        context["pending"] = Expectation.objects.filter(agent=user, acknowledged_at__isnull=True).select_related(
            "goal__metric"
        )
        return render(request, "coaching/home/agent_home.html", context)
    boards = boards_add_coaching(team_boards(teams_visible_to(user), metrics, window), today=window.end)
    context = {
        "boards": boards,
        "metrics": metrics,
        "window": window,
        "stale_days": settings.COACHING_OBSERVATION_STALE_DAYS,
    }
    if kind == HomeKind.COACH:
        focus = metric_playing(MetricRole.QUALITY_SCORE, metrics)
        context["focus"] = focus
        context["to_observe"] = agents_to_observe(boards, focus=focus)
        return render(request, "coaching/home/coach_home.html", context)
    return render(request, "coaching/home/manager_home.html", context)


def agent_overview(agent, metrics, window) -> dict:
    """An agent's own KPI cells beside their current team's."""
    team = current_team_of(agent)
    mine = kpi_snapshot(MetricValue.objects.filter(agent=agent), metrics, window)
    team_cells = kpi_snapshot(MetricValue.objects.filter(team=team), metrics, window) if team else {}
    return {
        "agent": agent,
        "team": team,
        "history": team_history(agent),
        "rows": list(zip(kpi_row(mine, None, metrics), kpi_row(team_cells, None, metrics), strict=True)),
        "window": window,
    }
