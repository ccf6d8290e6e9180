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
    _check_session(
        actor,
        agent,
        held_on=held_on,
        behaviours=behaviours,
        added_behaviours=behaviours,
        added_goals=goals,
        follow_up_on=follow_up_on,
    )
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


def _check_session(
    actor: User, agent: User, *, held_on, behaviours, added_behaviours, added_goals, follow_up_on
) -> None:
    """The rules of a session: ``added_*`` are what is newly put in focus or linked (all of it for a new one)."""
    if not behaviours:
        raise ValidationError({"behaviours": _("Choose at least one behaviour to work on.")})
    if any(not behaviour.is_active for behaviour in added_behaviours):
        raise ValidationError({"behaviours": _("Choose behaviours from the current catalogue.")})
    if follow_up_on is not None and follow_up_on < held_on:
        raise ValidationError({"follow_up_on": _("The follow-up cannot come before the session.")})
    allowed_goals = set(goals_for_agent(actor, agent).values_list("pk", flat=True))
    if any(goal.pk not in allowed_goals for goal in added_goals):
        raise ValidationError({"goals": _("Link this agent's goals, or their team's.")})


SESSION_FIELDS = ("held_on", "behaviours", "goals", "notes", "agreed_actions", "follow_up_on", "agent_commitment")


@transaction.atomic
def coaching_session_update(*, actor: User, session: CoachingSession, **changes) -> CoachingSession:
    """Change what is given of a coaching session, under the same rules as recording it.

    Whoever may hold sessions with the agent (``permissions.can_coach``) may correct one;
    behaviours already in focus may stay even if they have since left the catalogue.
    """
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"not a coaching session's field: {sorted(unknown)}")
    if not can_coach(actor, session.agent):
        raise PermissionDenied(_("You do not coach this agent."))
    session = CoachingSession.objects.select_for_update().get(pk=session.pk)
    current_behaviours, current_goals = list(session.behaviours.all()), list(session.goals.all())
    behaviours = list(changes.pop("behaviours", current_behaviours))
    goals = list(changes.pop("goals", current_goals))
    _check_session(
        actor,
        session.agent,
        held_on=changes.get("held_on", session.held_on),
        behaviours=behaviours,
        added_behaviours=[item for item in behaviours if item not in current_behaviours],
        added_goals=[item for item in goals if item not in current_goals],
        follow_up_on=changes.get("follow_up_on", session.follow_up_on),
    )
    for field, value in changes.items():
        setattr(session, field, value.strip() if isinstance(value, str) else value)
    session.full_clean()
    session.save()
    session.behaviours.set(behaviours)
    session.goals.set(goals)
    return session
