"""Agent pages: the list of agents a user may see and one agent's overview."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render

from ..models import TeamMembership
from ..permissions import agents_visible_to, can_coach, can_manage, get_agent_or_404, may_see_only_own_records
from ..selectors.agent_page import agent_page
from ..selectors.kpis import Window, active_metrics
from ..selectors.recognition import agent_recognitions
from .home import agent_overview

AGENTS_PER_PAGE = 25


@login_required
def agent_list(request):
    """Agents the user may see, searchable by name or employee id, paginated."""
    if may_see_only_own_records(request.user):
        return redirect("agent-detail", agent_id=request.user.pk)
    query = request.GET.get("q", "").strip()
    agents = agents_visible_to(request.user).order_by("first_name", "last_name")
    if query:
        agents = agents.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(username__icontains=query)
            | Q(employee_id__icontains=query)
        )
    page = Paginator(agents, AGENTS_PER_PAGE).get_page(request.GET.get("page"))
    teams = dict(
        TeamMembership.objects.current().filter(agent__in=page.object_list).values_list("agent_id", "team__name")
    )
    return render(
        request,
        "coaching/agents/agent_list.html",
        {"page": page, "query": query, "team_of": teams},
    )


@login_required
def agent_detail(request, agent_id):
    """One agent's cycle: KPI trends with targets and coaching events, behaviours, impact, goals."""
    agent = get_agent_or_404(request.user, agent_id)
    window = Window.recent()
    context = agent_overview(agent, active_metrics(), window)
    context["page"] = agent_page(request.user, agent, today=window.end)
    context["may_coach"] = can_coach(request.user, agent)
    context["may_manage"] = can_manage(request.user, agent)
    context["recognitions"] = agent_recognitions(request.user, agent)
    return render(request, "coaching/agents/agent_detail.html", context)
