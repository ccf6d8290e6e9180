"""One-on-ones: which a user may read, whom they hold them with, and who acts on each part of one.

Private notes are read by the manager who held the meeting and by administrators; the agent
adds to the agenda until the meeting starts; an action item is closed by its owner or by a
manager of the agent.
"""

import datetime

from django.db.models import Count, Q, QuerySet

from .. import clock
from ..models import ActionItem, OneOnOne, Role, User
from .org import agents_visible_to, can_manage, may_manage, records_visible_to


def one_on_ones_visible_to(user: User) -> QuerySet[OneOnOne]:
    """One-on-ones ``user`` may read, with people loaded, counts annotated and private notes left unread."""
    one_on_ones = (
        OneOnOne.objects.select_related("agent", "manager")
        .defer("private_notes")
        .annotate(
            open_action_count=Count("action_items", filter=Q(action_items__done_at__isnull=True), distinct=True),
            agenda_count=Count("agenda_items", distinct=True),
        )
    )
    return records_visible_to(user, one_on_ones)


def agents_managed_by(user: User) -> QuerySet[User]:
    """Agents ``user`` holds one-on-ones with: a manager's current agents, or every agent for an administrator."""
    if may_manage(user):
        return agents_visible_to(user).filter(is_active=True)
    return User.objects.none()


def can_see_private_notes(user: User, one_on_one) -> bool:
    """Private one-on-one notes: the manager who held it and administrators, nobody else."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_administrator or (user.role == Role.MANAGER and one_on_one.manager_id == user.pk)


def can_add_agenda_item(user: User, one_on_one: OneOnOne, *, now: datetime.datetime | None = None) -> bool:
    """Managers of the agent add points any time; the agent only before the meeting."""
    if can_manage(user, one_on_one.agent):
        return True
    now = now or clock.now()
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.AGENT
        and user.pk == one_on_one.agent_id
        and one_on_one.meeting_on > now
    )


def can_set_action_item_done(user: User, action_item: ActionItem) -> bool:
    """A manager of the agent or the item's owner marks it done or reopens it."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.pk == action_item.owner_id or can_manage(user, action_item.one_on_one.agent)
