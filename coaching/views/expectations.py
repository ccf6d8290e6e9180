"""Step 2 pages: expectations set from team goals, and the agent's acknowledgement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import clock
from ..forms.one_on_ones import AcknowledgeForm, TeamGoalExpectationsForm
from ..models import Expectation, GoalStatus
from ..permissions import (
    can_set_goals_for,
    expectations_visible_to,
    get_goal_or_404,
    get_record_or_404,
    goals_visible_to,
    may_see_only_own_records,
)
from ..selectors.one_on_ones import team_goal_expectation_plan, team_goals_open_for_expectations
from ..services.expectations import expectation_acknowledge as acknowledge
from ..services.expectations import expectations_create_for_team_goal
from .forms_util import add_service_error

EXPECTATIONS_PER_PAGE = 25
STATUSES = ("pending", "acknowledged")


@login_required
def expectation_list(request):
    """An agent's own expectations, pending first; everyone else's that the user may see, by goal and status."""
    user = request.user
    is_agent = may_see_only_own_records(user)
    goal = get_goal_or_404(user, request.GET["goal"]) if request.GET.get("goal") else None
    expectations = expectations_visible_to(user, goal=goal)
    status = request.GET.get("status", "")
    status = status if status in STATUSES else ""
    if status:
        expectations = expectations.filter(acknowledged_at__isnull=(status == "pending"))
    context = {
        "page": Paginator(expectations, EXPECTATIONS_PER_PAGE).get_page(request.GET.get("page")),
        "is_agent": is_agent,
        "goal": goal,
        "status": status,
        "goals": None if is_agent else goals_visible_to(user).filter(expectations__isnull=False).distinct(),
        "team_goals": team_goals_open_for_expectations(user),
        "acknowledge_form": AcknowledgeForm() if is_agent else None,
    }
    return render(request, "coaching/expectations/expectation_list.html", context)


@login_required
def expectation_goal_create(request, goal_id):
    """A team goal made personal: a suggested target per current agent, set for all or chosen agents at once.

    The same page shows who has not acknowledged their expectation yet.
    """
    goal = get_goal_or_404(request.user, goal_id)
    if goal.team_id is None or goal.metric.per_team:
        raise Http404(_("Expectations are set from team goals on metrics measured per agent."))
    if not can_set_goals_for(request.user, team=goal.team):
        raise PermissionDenied(_("Only the team's managers and administrators set expectations."))
    plan = team_goal_expectation_plan(goal, today=clock.today())
    form = None
    if goal.status == GoalStatus.ACTIVE and plan.open_rows:
        form = TeamGoalExpectationsForm(request.POST if request.method == "POST" else None, rows=plan.open_rows)
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Every agent of the team already has an expectation for this goal."))
            return redirect("expectation-goal-create", goal_id=goal.pk)
        if form.is_valid():
            try:
                created = expectations_create_for_team_goal(
                    goal=goal,
                    actor=request.user,
                    drafts=form.drafts(),
                    individual_motivator=form.cleaned_data["individual_motivator"],
                    team_motivator=form.cleaned_data["team_motivator"],
                    reward_timing=form.cleaned_data["reward_timing"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Expectations set for %(count)s agents; each sees theirs and acknowledges it.")
                    % {"count": len(created)},
                )
                return redirect("expectation-goal-create", goal_id=goal.pk)
    return render(request, "coaching/expectations/expectation_goal_form.html", {"plan": plan, "form": form})


@login_required
@require_POST
def expectation_acknowledge(request, expectation_id):
    """The agent acknowledges their own expectation, optionally with a comment."""
    expectation = get_record_or_404(request.user, Expectation.objects.select_related("goal"), expectation_id)
    if request.user.pk != expectation.agent_id:
        raise PermissionDenied(_("Only the agent acknowledges their own expectation."))
    form = AcknowledgeForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        acknowledge(expectation=expectation, actor=request.user, comment=comment)
    except ValidationError as error:
        messages.error(request, next(iter(error.messages), str(error)))
    else:
        messages.success(
            request, _("Thank you: your manager sees that you acknowledged “%(goal)s”.") % {"goal": expectation.goal}
        )
    return redirect("expectation-list")
