"""Observations and their disputes: which observations a user may see, who answers a dispute."""

from django.db.models import QuerySet

from ..models import Observation, Role, User
from .org import can_coach, records_visible_to


def observations_visible_to(user: User) -> QuerySet:
    """Observations ``user`` may see; an agent sees only those shared with them."""
    visible = records_visible_to(user, Observation.objects.all())
    if user.is_authenticated and user.role == Role.AGENT and not user.is_administrator:
        visible = visible.filter(shared_with_agent=True)
    return visible


def can_answer_disputes(user: User, observation: Observation) -> bool:
    """Whether ``user`` answers disputes on ``observation``: its observer or anyone who coaches the agent."""
    if not user.is_authenticated or not user.is_active:
        return False
    return observation.observer_id == user.pk or can_coach(user, observation.agent)
