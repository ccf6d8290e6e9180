"""Writes of coaching sessions: a conversation on chosen behaviours with agreed actions and a follow-up.

Coaches covering the agent, the team's managers and administrators hold them
(``permissions.can_coach``); at least one behaviour is in focus, the goals are ones the coach
may see for the agent, and the follow-up does not come before the session.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Behaviour, CoachingSession, Goal, Role, User
from ..permissions import can_coach
from ..selectors.observations import goals_for_agent


@transaction.atomic
def coaching_session_create(
    *,
    actor: User,
    agent: User,
    held_on: datetime.date,
    behaviours: list[Behaviour],
    goals: list[Goal] = (),
    notes: str = "",
    agreed_actions: str = "",
    follow_up_on: datetime.date | None = None,
    agent_commitment: str = "",
) -> CoachingSession:
    """Record the coaching session ``actor`` held with ``agent`` on ``held_on``."""
    if agent.role != Role.AGENT:
        raise ValidationError({"agent": _("Coaching sessions are held with agents.")})
    if not can_coach(actor, agent):
        raise PermissionDenied(_("You do not coach this agent."))
    behaviours, goals = list(behaviours), list(goals)
    if not behaviours:
        raise ValidationError({"behaviours": _("Choose at least one behaviour to work on.")})
    if any(not behaviour.is_active for behaviour in behaviours):
        raise ValidationError({"behaviours": _("Choose behaviours from the current catalogue.")})
    if follow_up_on is not None and follow_up_on < held_on:
        raise ValidationError({"follow_up_on": _("The follow-up cannot come before the session.")})
    allowed_goals = set(goals_for_agent(actor, agent).values_list("pk", flat=True))
    if any(goal.pk not in allowed_goals for goal in goals):
        raise ValidationError({"goals": _("Link this agent's goals, or their team's.")})
    session = CoachingSession(
        agent=agent,
        coach=actor,
        held_on=held_on,
        notes=notes.strip(),
        agreed_actions=agreed_actions.strip(),
        follow_up_on=follow_up_on,
        agent_commitment=agent_commitment.strip(),
    )
    session.full_clean()
    session.save()
    session.behaviours.set(behaviours)
    session.goals.set(goals)
    return session
