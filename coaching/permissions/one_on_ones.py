"""One-on-ones: who reads the private notes, who adds to the agenda, who marks an action item done."""

import datetime

from .. import clock
from ..models import ActionItem, OneOnOne, Role, User
from .org import can_manage


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
