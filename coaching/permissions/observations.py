"""Observations, coaching sessions and disputes: which a user may see, whom they coach, who answers a dispute."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import CoachingSession, Observation, Role, User
from .org import agents_visible_to, can_coach, get_record_or_404, may_coach, records_visible_to


def observations_visible_to(user: User) -> QuerySet:
    """Observations ``user`` may see; an agent sees only those shared with them."""
    visible = records_visible_to(user, Observation.objects.all())
    if user.is_authenticated and user.role == Role.AGENT and not user.is_administrator:
        visible = visible.filter(shared_with_agent=True)
    return visible


def get_observation_or_404(user: User, observation_id) -> Observation:
    """One observation ``user`` may see (an agent: only if shared with them); 404 otherwise."""
    observations = observations_visible_to(user).select_related("agent", "observer", "goal__metric")
    try:
        return observations.get(pk=observation_id)
    except (Observation.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such observation.")) from None


def sessions_visible_to(user: User) -> QuerySet[CoachingSession]:
    """Coaching sessions of the agents ``user`` may see; an agent sees their own."""
    return records_visible_to(user, CoachingSession.objects.all())


def get_session_or_404(user: User, session_id) -> CoachingSession:
    """One coaching session ``user`` may see; 404 otherwise."""
    sessions = CoachingSession.objects.select_related("agent", "coach").prefetch_related(
        "behaviours__metrics", "goals__metric"
    )
    return get_record_or_404(user, sessions, session_id)


def agents_coachable_by(user: User) -> QuerySet[User]:
    """Agents ``user`` may observe and hold coaching sessions with (see ``can_coach``)."""
    if not may_coach(user):
        return User.objects.none()
    return agents_visible_to(user).order_by("first_name", "last_name", "username")


def can_answer_disputes(user: User, observation: Observation) -> bool:
    """Whether ``user`` answers disputes on ``observation``: its observer or anyone who coaches the agent."""
    if not user.is_authenticated or not user.is_active:
        return False
    return observation.observer_id == user.pk or can_coach(user, observation.agent)
