"""Writes of recognition: a person recognises an agent for a company value; the app celebrates reached goals.

Both land on the agent's team wall and in the agent's own view, and tell the agent
through ``notification_send``, in the agent's own language.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ..i18n import in_language_of
from ..models import CompanyValue, Goal, GoalStatus, NotificationKind, Recognition, Role, User
from ..permissions import can_recognise
from ..selectors.org import current_members, current_team_of
from .notifications import notification_send


@transaction.atomic
def recognition_give(
    *, actor: User, agent: User, value: CompanyValue, message: str, given_at: datetime.datetime | None = None
) -> Recognition:
    """``actor`` recognises ``agent`` for living ``value``, in their own words.

    ``given_at`` (default: now) records a recognition given earlier; it takes that place on the walls.
    """
    if agent.role != Role.AGENT:
        raise ValidationError({"agent": _("Recognition is given to agents.")})
    if actor.pk == agent.pk:
        raise ValidationError({"agent": _("Recognise a colleague, not yourself.")})
    if not can_recognise(actor, agent):
        raise PermissionDenied(_("You can recognise the agents of your own teams."))
    if not value.is_active:
        raise ValidationError({"value": _("Choose one of the company's current values.")})
    if not message.strip():
        raise ValidationError({"message": _("Say what they did.")})
    recognition = Recognition(
        agent=agent,
        team=current_team_of(agent),
        given_by=actor,
        value=value,
        message=message.strip(),
    )
    recognition.full_clean()
    recognition.save()
    if given_at is not None:
        # ``created_at`` is stamped on insert; the walls order by it, so the earlier moment replaces it.
        Recognition.objects.filter(pk=recognition.pk).update(created_at=given_at)
        recognition.created_at = given_at
    with in_language_of(agent):
        notification_send(
            recipient=agent,
            kind=NotificationKind.RECOGNITION_RECEIVED,
            title=_("%(person)s recognised you for “%(value)s”") % {"person": actor, "value": value},
            body=recognition.message,
            url=reverse("recognition-wall"),
        )
    return recognition


@transaction.atomic
def recognition_celebrate_goal(*, goal: Goal) -> list[Recognition]:
    """Celebrate an achieved goal on the wall: its agent's, or each current agent of its team.

    Safe to call twice: an agent is celebrated once per goal. A goal that is not achieved
    is not celebrated.
    """
    if goal.status != GoalStatus.ACHIEVED:
        return []
    agents = [goal.agent] if goal.agent_id else list(current_members(goal.team))
    already = set(Recognition.objects.filter(goal=goal, is_celebration=True).values_list("agent_id", flat=True))
    celebrations = []
    for agent in agents:
        if agent.pk in already or not agent.is_active:
            continue
        recognition = Recognition(
            agent=agent,
            team=goal.team if goal.team_id else current_team_of(agent),
            goal=goal,
            is_celebration=True,
            message=_celebration_message(goal, on_the_wall=True),
        )
        recognition.full_clean()
        recognition.save()
        with in_language_of(agent):
            notification_send(
                recipient=agent,
                kind=NotificationKind.RECOGNITION_RECEIVED,
                title=_("Goal reached: %(goal)s") % {"goal": goal.title},
                body=_celebration_message(goal, on_the_wall=False),
                url=reverse("recognition-wall"),
            )
        celebrations.append(recognition)
    return celebrations


def _celebration_message(goal: Goal, *, on_the_wall: bool) -> str:
    """What a celebration says, in the active language: on the team's wall, or to the agent.

    A personal goal is the agent's own business: teammates read that it was reached, not
    what it was about.
    """
    if goal.agent_id:
        if on_the_wall:
            return _("Reached a personal goal.")
        return _("Reached the goal “%(goal)s”.") % {"goal": goal.title}
    return _("Reached the team goal “%(goal)s” with %(team)s.") % {"goal": goal.title, "team": goal.team}
