"""Writes for goals: create with a computed baseline, activate, adjust, close, templates."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import clock
from ..models import Goal, GoalAdjustment, GoalStatus, GoalTemplate, Metric, Team, User, per_team_message
from ..rules.smart import SmartResult, smart_check
from ..selectors.goals import baseline_end, goal_smart_check, peer_best_levels, smart_input
from .recognition import recognition_celebrate_goal

CLOSING_STATUSES = (GoalStatus.ACHIEVED, GoalStatus.MISSED, GoalStatus.CANCELLED)


@dataclass(frozen=True)
class CreatedGoal:
    """A goal just created and the SMART check that decided its status."""

    goal: Goal
    check: SmartResult


@transaction.atomic
def goal_create(
    *,
    actor: User,
    metric: Metric,
    target: Decimal,
    start_date: datetime.date,
    due_date: datetime.date,
    title: str,
    objective: str,
    description: str = "",
    team: Team | None = None,
    agent: User | None = None,
    activate: bool = True,
    template: GoalTemplate | None = None,
    today: datetime.date | None = None,
    peer_levels: list[Decimal] | None = None,
) -> CreatedGoal:
    """Create a goal with its baseline computed from the scope's history.

    It goes live (active) when ``activate`` is asked and no SMART criterion fails;
    otherwise it stays a draft.
    """
    today = today or clock.today()
    check_input, baseline = smart_input(
        metric=metric,
        team=team,
        agent=agent,
        description=description,
        objective=objective,
        target=target,
        start_date=start_date,
        due_date=due_date,
        today=today,
        peer_levels=peer_levels,
    )
    check = smart_check(check_input)
    goal = Goal(
        metric=metric,
        team=team,
        agent=agent,
        title=title,
        description=description,
        objective=objective,
        target=target,
        start_date=start_date,
        due_date=due_date,
        baseline=baseline.value,
        baseline_start=baseline.start,
        baseline_end=baseline.end,
        baseline_sample=baseline.sample,
        status=GoalStatus.ACTIVE if activate and check.passes else GoalStatus.DRAFT,
        template=template,
        created_by=actor,
    )
    goal.full_clean()
    goal.save()
    return CreatedGoal(goal, check)


@transaction.atomic
def goal_activate(*, goal: Goal, actor: User, today: datetime.date | None = None) -> Goal:
    """Make a draft live, if no SMART criterion fails now."""
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if goal.status != GoalStatus.DRAFT:
        raise ValidationError(_("Only a draft can be made active."))
    check = goal_smart_check(goal, today=today or clock.today())
    if not check.passes:
        reasons = " ".join(f"{criterion.label}: {criterion.reason}" for criterion in check.failures)
        raise ValidationError(
            _("The goal stays a draft until every SMART criterion passes. %(reasons)s") % {"reasons": reasons}
        )
    _record(goal, actor, GoalAdjustment.Kind.STATUS, goal.status, GoalStatus.ACTIVE, _("Made active."))
    goal.status = GoalStatus.ACTIVE
    goal.save(update_fields=["status", "updated_at"])
    return goal


@transaction.atomic
def goal_adjust(
    *,
    goal: Goal,
    actor: User,
    reason: str,
    target: Decimal | None = None,
    due_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Goal:
    """Change an open goal's target and/or due date; the reason and both values are kept."""
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    today = today or clock.today()
    if not goal.is_open:
        raise ValidationError(_("A closed goal cannot be adjusted."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the goal changes; the reason stays in its history.")})
    changed = False
    if target is not None and target != goal.target:
        if not goal.metric.is_within_range(target):
            raise ValidationError({"target": _("The target is outside the metric's valid range.")})
        _record(goal, actor, GoalAdjustment.Kind.TARGET, _plain(goal.target), _plain(target), reason)
        goal.target = target
        changed = True
    if due_date is not None and due_date != goal.due_date:
        if due_date <= today or due_date <= goal.start_date:
            raise ValidationError({"due_date": _("The new due date must be in the future and after the start date.")})
        _record(goal, actor, GoalAdjustment.Kind.DUE_DATE, goal.due_date.isoformat(), due_date.isoformat(), reason)
        goal.due_date = due_date
        changed = True
    if not changed:
        raise ValidationError(_("Nothing to change: give a new target or a new due date."))
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_close(*, goal: Goal, actor: User, status: str, review_note: str) -> Goal:
    """Close an open goal as achieved, missed or cancelled, with a review note."""
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if status not in CLOSING_STATUSES:
        raise ValidationError({"status": _("Close a goal as achieved, missed or cancelled.")})
    if not goal.is_open:
        raise ValidationError(_("This goal is already closed."))
    if not review_note.strip():
        raise ValidationError({"review_note": _("Write a short review: what worked, what did not.")})
    _record(goal, actor, GoalAdjustment.Kind.STATUS, goal.status, status, review_note)
    goal.status = status
    goal.review_note = review_note
    goal.closed_at = clock.now()
    goal.save(update_fields=["status", "review_note", "closed_at", "updated_at"])
    if status == GoalStatus.ACHIEVED:
        recognition_celebrate_goal(goal=goal)
    return goal


def _plain(number: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 80, 78.5."""
    return format(number.normalize(), "f")


def _record(goal, actor, kind, old, new, reason):
    GoalAdjustment.objects.create(
        goal=goal, kind=kind, old_value=str(old), new_value=str(new), reason=reason, changed_by=actor
    )


@transaction.atomic
def goal_template_create(*, goal: Goal, actor: User, name: str) -> GoalTemplate:
    """Save a goal's metric, target, length, description and objective as a reusable template."""
    if goal.metric.per_team:
        # Templates give each agent their own goal; a team-level metric has no value per agent.
        raise ValidationError(per_team_message(goal.metric))
    template = GoalTemplate(
        name=name.strip() or goal.title,
        metric=goal.metric,
        target=goal.target,
        duration_days=(goal.due_date - goal.start_date).days,
        description=goal.description,
        objective=goal.objective,
        created_by=actor,
    )
    template.full_clean()
    template.save()
    return template


@dataclass(frozen=True)
class TemplateApplication:
    """What applying a template did: the goals created and the agents skipped."""

    created: list[CreatedGoal]
    skipped: list[User]

    @property
    def active(self) -> int:
        return sum(1 for item in self.created if item.goal.status == GoalStatus.ACTIVE)

    @property
    def drafts(self) -> int:
        return len(self.created) - self.active


@transaction.atomic
def goal_template_apply(
    *,
    template: GoalTemplate,
    actor: User,
    agents: list[User],
    start_date: datetime.date,
    today: datetime.date | None = None,
) -> TemplateApplication:
    """Give each agent their own goal from ``template``, each with their own baseline.

    Agents who already have an open goal from this template are skipped, so applying
    twice creates nothing new.
    """
    if template.metric.per_team:
        raise ValidationError(per_team_message(template.metric))
    if not agents:
        raise ValidationError({"agents": _("Choose at least one agent.")})
    already = set(
        Goal.objects.filter(
            template=template, agent__in=agents, status__in=[GoalStatus.DRAFT, GoalStatus.ACTIVE]
        ).values_list("agent_id", flat=True)
    )
    created, skipped = [], []
    due_date = start_date + datetime.timedelta(days=template.duration_days)
    today = today or clock.today()
    # Every agent's goal is compared with the same peers: read their history once.
    peers = peer_best_levels(
        template.metric, by="agent", window_days=template.duration_days, end=baseline_end(start_date, today)
    )
    for agent in agents:
        if agent.pk in already:
            skipped.append(agent)
            continue
        created.append(
            goal_create(
                actor=actor,
                metric=template.metric,
                agent=agent,
                title=f"{template.name} · {agent}",
                description=template.description,
                objective=template.objective,
                target=template.target,
                start_date=start_date,
                due_date=due_date,
                template=template,
                today=today,
                peer_levels=peers,
            )
        )
    return TemplateApplication(created, skipped)
