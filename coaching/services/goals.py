"""Writes for goals: create with a computed baseline, activate, adjust, close, templates."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import clock
from ..formatting import format_metric_value
from ..models import (
    Goal,
    GoalAdjustment,
    GoalStatus,
    GoalTemplate,
    Metric,
    TargetKind,
    Team,
    User,
    per_team_message,
)
from ..rules.smart import SmartResult, better, smart_check
from ..selectors.baselines import agents_baselines
from ..selectors.goals import baseline_end, goal_smart_check, peer_best_levels, smart_input, team_targets
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
def goal_template_create(
    *,
    goal: Goal,
    actor: User,
    name: str,
    target_kind: str = TargetKind.ABSOLUTE,
    improvement: Decimal | None = None,
) -> GoalTemplate:
    """Save a goal's metric, length, description and objective as a reusable template.

    The template keeps the goal's target for every agent (``TargetKind.ABSOLUTE``), asks
    each agent to improve their own baseline by ``improvement`` (``TargetKind.IMPROVEMENT``),
    or gives each agent the target of their team's live goal on the metric (``TargetKind.TEAM``).
    """
    if goal.metric.per_team:
        # Templates give each agent their own goal; a team-level metric has no value per agent.
        raise ValidationError(per_team_message(goal.metric))
    relative = target_kind == TargetKind.IMPROVEMENT
    if relative and (improvement is None or improvement <= 0):
        raise ValidationError({"improvement": _("Give the improvement on each agent's baseline, above zero.")})
    template = GoalTemplate(
        name=name.strip() or goal.title,
        metric=goal.metric,
        target_kind=target_kind,
        target=goal.target if target_kind == TargetKind.ABSOLUTE else None,
        improvement=improvement if relative else None,
        duration_days=(goal.due_date - goal.start_date).days,
        description=goal.description,
        objective=goal.objective,
        created_by=actor,
    )
    template.full_clean()
    template.save()
    return template


@dataclass(frozen=True)
class TemplateNote:
    """Why one agent's goal from a template is only a draft, or was not created at all (``goal`` is ``None``)."""

    agent: User
    reason: str
    goal: Goal | None = None


@dataclass(frozen=True)
class TemplateApplication:
    """What applying a template did: the goals created, the agents skipped, and why some are not live."""

    created: list[CreatedGoal]
    skipped: list[User]
    notes: list[TemplateNote] = field(default_factory=list)

    @property
    def active(self) -> int:
        return sum(1 for item in self.created if item.goal.status == GoalStatus.ACTIVE)

    @property
    def drafts(self) -> int:
        return len(self.created) - self.active

    @property
    def refused(self) -> list[TemplateNote]:
        """Agents who got no goal, with the reason."""
        return [note for note in self.notes if note.goal is None]


def template_target(
    template: GoalTemplate, baseline: Decimal | None, *, team_goal: Goal | None = None
) -> Decimal | None:
    """The target ``template`` sets for an agent at ``baseline``; ``None`` when it cannot set one.

    An improvement is counted in the metric's better direction, rounded to the metric's
    decimals and kept within its valid range. A team target is ``team_goal``'s, the live goal
    of the agent's team on the metric.
    """
    metric = template.metric
    if template.target_kind == TargetKind.ABSOLUTE:
        return template.target
    if template.target_kind == TargetKind.TEAM:
        return team_goal.target if team_goal is not None else None
    if baseline is None:
        return None
    step = template.improvement if metric.higher_is_better else -template.improvement
    target = (baseline + step).quantize(Decimal(1).scaleb(-metric.decimal_places))
    if metric.min_value is not None:
        target = max(target, metric.min_value)
    if metric.max_value is not None:
        target = min(target, metric.max_value)
    return target


def _no_target_reason(template: GoalTemplate, metric: Metric, team: Team | None) -> str:
    """Why ``template`` could set no target for an agent in ``team``."""
    if template.target_kind != TargetKind.TEAM:
        return _("No recent history to improve on, so no goal was created.")
    if team is None:
        return _("Not in a team on the start date, so there is no team target to reach: no goal was created.")
    return _("%(team)s has no live goal on %(metric)s, so there is no team target to reach: no goal was created.") % {
        "team": team,
        "metric": metric,
    }


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
    twice creates nothing new. A goal never goes live with a target that asks for no
    better than the agent's baseline: it is kept as a draft, with the reason in
    ``notes``; so is a goal whose SMART check fails. An improvement template cannot set
    a target for an agent without a baseline, nor a team-target template for an agent
    whose team has no live goal on the metric: that agent gets no goal, and a note.
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
    created, skipped, notes = [], [], []
    due_date = start_date + datetime.timedelta(days=template.duration_days)
    today = today or clock.today()
    metric = template.metric
    end = baseline_end(start_date, today)
    # Every agent's goal is compared with the same peers: read their history once.
    peers = peer_best_levels(metric, by="agent", window_days=template.duration_days, end=end)
    baselines = agents_baselines(metric, [agent.pk for agent in agents], end=end)
    by_team = template.target_kind == TargetKind.TEAM
    teams = team_targets(metric, [agent.pk for agent in agents], day=start_date) if by_team else {}
    for agent in agents:
        if agent.pk in already:
            skipped.append(agent)
            continue
        baseline = baselines[agent.pk].value if agent.pk in baselines else None
        team, team_goal = teams.get(agent.pk, (None, None))
        target = template_target(template, baseline, team_goal=team_goal)
        if target is None:
            notes.append(TemplateNote(agent, _no_target_reason(template, metric, team)))
            continue
        holds_back = baseline is not None and not better(target, baseline, metric.higher_is_better)
        item = goal_create(
            actor=actor,
            metric=metric,
            agent=agent,
            title=f"{template.name} · {agent}",
            description=template.description,
            objective=template.objective,
            target=target,
            start_date=start_date,
            due_date=due_date,
            template=template,
            today=today,
            peer_levels=peers,
            activate=not holds_back,
        )
        created.append(item)
        if holds_back:
            reason = _(
                "Already at %(baseline)s, as good as or better than the target %(target)s: kept as a draft. "
                "Give a more ambitious target before making it live."
            ) % {"baseline": format_metric_value(baseline, metric), "target": format_metric_value(target, metric)}
            notes.append(TemplateNote(agent, reason, item.goal))
        elif not item.check.passes:
            reasons = " ".join(f"{criterion.label}: {criterion.reason}" for criterion in item.check.failures)
            notes.append(TemplateNote(agent, reasons, item.goal))
    return TemplateApplication(created, skipped, notes)
