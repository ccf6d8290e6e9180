"""Writes for expectations: a team goal made personal for each agent, and the agent's acknowledgement."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import clock
from ..models import Expectation, Goal, GoalStatus, OneOnOne, User, per_team_message
from ..permissions import can_set_goals_for
from ..rules.expectations import target_needs_reason
from ..selectors.org import current_members
from .notifications import notify_expectations_created

DRAFT_MESSAGE = _lazy(
    "This goal is still a draft: activate it (its SMART check must pass) before agents are asked to commit to it."
)


@dataclass(frozen=True)
class ExpectationDraft:
    """What the manager sets for one agent: the target, the suggestion it came from and why they differ."""

    agent: User
    target: Decimal
    suggested_target: Decimal | None = None
    target_reason: str = ""
    one_on_one: OneOnOne | None = None


@transaction.atomic
def expectations_create_for_team_goal(
    *,
    goal: Goal,
    actor: User,
    drafts: list[ExpectationDraft],
    individual_motivator: str = "",
    team_motivator: str = "",
    reward_timing: str = "",
) -> list[Expectation]:
    """Turn a team goal into one expectation per chosen agent of the team, all or none.

    Each agent must be in the goal's team today and have no expectation for the goal yet;
    a target that differs from the suggestion needs a reason; the one-on-one it was
    agreed in, if given, must be that agent's.
    """
    if goal.team_id is None:
        raise ValidationError(_("Expectations are set from team goals; this goal is for one agent."))
    if goal.metric.per_team:
        raise ValidationError(per_team_message(goal.metric))
    if not can_set_goals_for(actor, team=goal.team):
        raise PermissionDenied(_("Only the team's managers and administrators set expectations."))
    if not goal.is_open:
        raise ValidationError(_("This goal is closed; expectations can no longer be set."))
    if goal.status == GoalStatus.DRAFT:
        raise ValidationError(DRAFT_MESSAGE)
    if not drafts:
        raise ValidationError(_("Choose at least one agent."))
    members = set(current_members(goal.team).values_list("pk", flat=True))
    already = set(goal.expectations.values_list("agent_id", flat=True))
    expectations = []
    for draft in drafts:
        if draft.agent.pk not in members:
            raise ValidationError(
                _("%(agent)s is not in team %(team)s today.") % {"agent": draft.agent, "team": goal.team}
            )
        if draft.agent.pk in already:
            raise ValidationError(_("%(agent)s already has an expectation for this goal.") % {"agent": draft.agent})
        if (
            target_needs_reason(target=draft.target, suggested=draft.suggested_target)
            and not draft.target_reason.strip()
        ):
            raise ValidationError(
                _("Say why %(agent)s's target differs from the suggested one.") % {"agent": draft.agent}
            )
        if not goal.metric.is_within_range(Decimal(draft.target)):
            raise ValidationError(
                _("%(agent)s's target is outside the valid range of %(metric)s.")
                % {"agent": draft.agent, "metric": goal.metric}
            )
        if draft.one_on_one is not None and draft.one_on_one.agent_id != draft.agent.pk:
            raise ValidationError(
                _("The one-on-one chosen for %(agent)s was held with someone else.") % {"agent": draft.agent}
            )
        expectation = Expectation(
            goal=goal,
            agent=draft.agent,
            target=draft.target,
            suggested_target=draft.suggested_target,
            target_reason=draft.target_reason.strip(),
            individual_motivator=individual_motivator.strip(),
            team_motivator=team_motivator.strip(),
            reward_timing=reward_timing.strip(),
            one_on_one=draft.one_on_one,
            created_by=actor,
        )
        expectation.full_clean()
        expectation.save()
        already.add(draft.agent.pk)
        expectations.append(expectation)
    notify_expectations_created(expectations)
    return expectations


@transaction.atomic
def expectation_acknowledge(*, expectation: Expectation, actor: User, comment: str = "") -> Expectation:
    """The agent confirms they have read and understood their expectation, with an optional comment.

    Only the agent themself acknowledges, and only once.
    """
    if actor.pk != expectation.agent_id or not actor.is_active:
        raise PermissionDenied(_("Only the agent acknowledges their own expectation."))
    # Re-read under a lock so a double click cannot acknowledge twice.
    current = Expectation.objects.select_for_update().get(pk=expectation.pk)
    if current.acknowledged_at is not None:
        raise ValidationError(
            _("You already acknowledged this expectation on %(date)s.")
            % {"date": formats.date_format(timezone.localtime(current.acknowledged_at), "DATE_FORMAT")}
        )
    current.acknowledged_at = clock.now()
    current.agent_comment = comment.strip()
    current.full_clean()
    current.save(update_fields=["acknowledged_at", "agent_comment"])
    expectation.acknowledged_at, expectation.agent_comment = current.acknowledged_at, current.agent_comment
    return expectation
