"""Step 1 pages: goals with their live SMART check, adjustments, closing, and templates."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import clock
from ..forms.goals import GoalAdjustForm, GoalCloseForm, GoalForm, TemplateApplyForm, TemplateNameForm
from ..models import GoalStatus, GoalTemplate, Metric
from ..permissions import can_set_goals_for, get_goal_or_404, goals_visible_to, may_set_goals
from ..rules.smart import smart_check
from ..selectors.charts import goal_chart
from ..selectors.goals import goal_projections, goal_smart_check, goals_with_relations, smart_input
from ..services import goals as goal_services
from .forms_util import first_error

GOALS_PER_PAGE = 25


@login_required
def goal_list(request):
    """Goals the user may see, filterable by status and metric, with their projection."""
    goals = goals_with_relations(goals_visible_to(request.user)).order_by("status", "due_date", "pk")
    status = request.GET.get("status", "open")
    if status == "open":
        goals = goals.filter(status__in=[GoalStatus.DRAFT, GoalStatus.ACTIVE])
    elif status in GoalStatus.values:
        goals = goals.filter(status=status)
    metric = request.GET.get("metric", "")
    if metric.isdigit():
        goals = goals.filter(metric_id=metric)
    page = Paginator(goals, GOALS_PER_PAGE).get_page(request.GET.get("page"))
    projections = goal_projections(list(page.object_list), today=clock.today())
    return render(
        request,
        "coaching/goals/goal_list.html",
        {
            "page": page,
            "rows": [(goal, projections.get(goal.pk)) for goal in page.object_list],
            "status": status,
            "statuses": GoalStatus.choices,
            "metric": metric,
            "metrics": Metric.objects.filter(is_active=True),
            "may_set_goals": may_set_goals(request.user),
        },
    )


@login_required
def goal_create(request):
    """A new goal, with the SMART check beside the form as the manager types."""
    if not may_set_goals(request.user):
        raise PermissionDenied(_("Only managers and administrators set goals."))
    form = GoalForm(request.POST or None, user=request.user, initial=_initial_from_query(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can_set_goals_for(request.user, team=data["team"], agent=data["agent"]):
            raise PermissionDenied(_("You cannot set goals for this team or agent."))
        created = goal_services.goal_create(
            actor=request.user,
            metric=data["metric"],
            team=data["team"],
            agent=data["agent"],
            title=data["title"],
            description=data["description"],
            objective=data["objective"],
            target=data["target"],
            start_date=data["start_date"],
            due_date=data["due_date"],
            activate=data["activate"],
        )
        if created.goal.status == GoalStatus.ACTIVE:
            messages.success(request, _("Goal created and active."))
        else:
            messages.warning(request, _("Goal saved as a draft: it goes live once every SMART criterion passes."))
        return redirect("goal-detail", goal_id=created.goal.pk)
    return render(request, "coaching/goals/goal_form.html", {"form": form, "check": _live_check(form, request.user)})


def _initial_from_query(request) -> dict:
    initial = {}
    for key in ("team", "agent"):
        if request.GET.get(key, "").isdigit():
            initial[key] = request.GET[key]
            initial["scope"] = key
    return initial


@login_required
@require_POST
def goal_smart_check_preview(request):
    """The SMART panel for the form as typed so far (htmx partial)."""
    if not may_set_goals(request.user):
        raise PermissionDenied
    form = GoalForm(request.POST, user=request.user)
    return render(request, "coaching/goals/smart_panel.html", {"check": _live_check(form, request.user, bound=True)})


def _live_check(form, user, bound=None):
    """Check whatever the form holds so far; fields that do not parse count as missing."""
    if not (bound if bound is not None else form.is_bound):
        return None
    form.is_valid()
    data = form.cleaned_data
    metric = data.get("metric")
    check_input, baseline = smart_input(
        metric=metric,
        team=data.get("team") if data.get("scope") == GoalForm.SCOPE_TEAM else None,
        agent=data.get("agent") if data.get("scope") == GoalForm.SCOPE_AGENT else None,
        description=data.get("description", ""),
        objective=data.get("objective", ""),
        target=data.get("target"),
        start_date=data.get("start_date"),
        due_date=data.get("due_date"),
        today=clock.today(),
    )
    return {"result": smart_check(check_input), "baseline": baseline, "metric": metric}


@login_required
def goal_detail(request, goal_id):
    """A goal: baseline, target, SMART check, projection, history and the manager's actions."""
    goal = get_goal_or_404(request.user, goal_id)
    goal = goals_with_relations(type(goal).objects.filter(pk=goal.pk)).get()
    today = clock.today()
    may_change = can_set_goals_for(request.user, team=goal.team, agent=goal.agent)
    check = goal_smart_check(goal, today=today)
    context = {
        "goal": goal,
        "check": check,
        "smart": {"result": check, "metric": goal.metric},
        "projection": goal_projections([goal], today=today)[goal.pk],
        "adjustments": goal.adjustments.select_related("changed_by"),
        "may_change": may_change,
        "chart": goal_chart(goal, today=today),
        "adjust_form": GoalAdjustForm(
            initial={
                "target": goal.target.quantize(Decimal(1).scaleb(-goal.metric.decimal_places)),
                "due_date": goal.due_date,
            }
        ),
        "close_form": GoalCloseForm(),
        "template_form": TemplateNameForm(initial={"name": goal.title, "improvement": _goal_step(goal)}),
    }
    return render(request, "coaching/goals/goal_detail.html", context)


def _goal_step(goal) -> Decimal | None:
    """The size of the change the goal asks for, to offer as a template's improvement."""
    if goal.baseline is None:
        return None
    return abs(goal.target - goal.baseline).quantize(Decimal(1).scaleb(-goal.metric.decimal_places))


def _changeable_goal(request, goal_id):
    goal = get_goal_or_404(request.user, goal_id)
    if not can_set_goals_for(request.user, team=goal.team, agent=goal.agent):
        raise PermissionDenied(_("Only the team's managers and administrators change this goal."))
    return goal


def _goal_action(request, goal_id, action, success: str, form_class=None):
    """Run one goal service on a POST: form errors and refusals become messages; back to the goal."""
    goal = _changeable_goal(request, goal_id)
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, first_error(ValidationError(form.errors)))
            return redirect("goal-detail", goal_id=goal.pk)
        data = form.cleaned_data
    try:
        action(goal=goal, actor=request.user, **data)
        messages.success(request, success)
    except ValidationError as error:
        messages.error(request, first_error(error))
    return redirect("goal-detail", goal_id=goal.pk)


@login_required
@require_POST
def goal_activate(request, goal_id):
    """Make a draft goal live."""
    return _goal_action(request, goal_id, goal_services.goal_activate, _("The goal is active."))


@login_required
@require_POST
def goal_adjust(request, goal_id):
    """Change the target or due date, with a reason."""
    return _goal_action(
        request, goal_id, goal_services.goal_adjust, _("Goal adjusted; the change is in its history."), GoalAdjustForm
    )


@login_required
@require_POST
def goal_close(request, goal_id):
    """Close the goal as achieved, missed or cancelled."""
    return _goal_action(request, goal_id, goal_services.goal_close, _("Goal closed."), GoalCloseForm)


@login_required
@require_POST
def goal_save_template(request, goal_id):
    """Save the goal as a template to apply to a team or chosen agents."""
    goal = _changeable_goal(request, goal_id)
    form = TemplateNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(ValidationError(form.errors)))
        return redirect("goal-detail", goal_id=goal.pk)
    try:
        template = goal_services.goal_template_create(goal=goal, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, first_error(error))
        return redirect("goal-detail", goal_id=goal.pk)
    messages.success(request, _("Saved as template “%(name)s”.") % {"name": template.name})
    return redirect("goal-template-apply", template_id=template.pk)


@login_required
def template_list(request):
    """Goal templates, to apply to a team or chosen agents."""
    if not may_set_goals(request.user):
        raise PermissionDenied(_("Only managers and administrators set goals."))
    templates = GoalTemplate.objects.select_related("metric", "created_by")
    return render(request, "coaching/goals/template_list.html", {"templates": templates})


@login_required
def template_apply(request, template_id):
    """Apply a template: one goal per agent, each with its own baseline, in one step."""
    if not may_set_goals(request.user):
        raise PermissionDenied(_("Only managers and administrators set goals."))
    try:
        template = GoalTemplate.objects.select_related("metric").get(pk=template_id)
    except GoalTemplate.DoesNotExist:
        raise Http404(_("No such template.")) from None
    form = TemplateApplyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        application = goal_services.goal_template_apply(
            template=template,
            actor=request.user,
            agents=form.chosen_agents(),
            start_date=form.cleaned_data["start_date"],
        )
        messages.success(
            request,
            _("%(created)s goals created (%(active)s active, %(drafts)s drafts); %(skipped)s agents already had one.")
            % {
                "created": len(application.created),
                "active": application.active,
                "drafts": application.drafts,
                "skipped": len(application.skipped),
            },
        )
        for note in application.notes:
            messages.warning(request, f"{note.agent}: {note.reason}")
        return redirect(f"{reverse('goal-list')}?status=open&metric={template.metric_id}")
    return render(request, "coaching/goals/template_apply.html", {"template": template, "form": form})
