"""Writes for one-on-ones: holding them, their agenda, their action items and carrying open items over.

Who may do what:

- managers of the agent's team and administrators (``permissions.can_manage``) create and
  edit one-on-ones, add agenda points and action items at any time;
- the agent adds their own agenda points while the meeting is still to come;
- an action item is marked done or reopened by a manager of the agent or by its owner;
- private notes are written only by someone who may read them
  (``permissions.can_see_private_notes``).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import clock
from ..models import ActionItem, AgendaItem, OneOnOne, User
from ..permissions import can_add_agenda_item, can_manage, can_see_private_notes, can_set_action_item_done


def _check_manage(actor: User, agent: User) -> None:
    if not can_manage(actor, agent):
        raise PermissionDenied(_("Only the agent's managers and administrators hold one-on-ones."))


@transaction.atomic
def one_on_one_create(
    *,
    actor: User,
    agent: User,
    meeting_on: datetime.datetime,
    shared_notes: str = "",
    private_notes: str = "",
    next_meeting_on: datetime.datetime | None = None,
    mood: int | None = None,
    agenda: list[str] | tuple[str, ...] = (),
) -> OneOnOne:
    """Record a one-on-one ``actor`` holds with ``agent``, with its first agenda points.

    Every action item still open from the agent's earlier one-on-ones is carried over to
    the new agenda.
    """
    _check_manage(actor, agent)
    one_on_one = OneOnOne(
        agent=agent,
        manager=actor,
        meeting_on=meeting_on,
        shared_notes=shared_notes.strip(),
        private_notes=private_notes.strip(),
        next_meeting_on=next_meeting_on,
        mood=mood,
    )
    one_on_one.full_clean()
    one_on_one.save()
    for text in agenda:
        if text.strip():
            _agenda_item_save(one_on_one=one_on_one, added_by=actor, text=text.strip())
    action_items_carry_over(one_on_one=one_on_one, actor=actor)
    return one_on_one


@transaction.atomic
def one_on_one_update(
    *,
    one_on_one: OneOnOne,
    actor: User,
    meeting_on: datetime.datetime,
    shared_notes: str = "",
    next_meeting_on: datetime.datetime | None = None,
    mood: int | None = None,
    private_notes: str | None = None,
) -> OneOnOne:
    """Change a one-on-one's time, notes and check-in.

    ``private_notes`` of ``None`` leaves them as they are; only someone who may read them
    may change them.
    """
    _check_manage(actor, one_on_one.agent)
    if private_notes is not None and not can_see_private_notes(actor, one_on_one):
        raise PermissionDenied(_("Only the manager who held this one-on-one writes its private notes."))
    one_on_one.meeting_on = meeting_on
    one_on_one.shared_notes = shared_notes.strip()
    one_on_one.next_meeting_on = next_meeting_on
    one_on_one.mood = mood
    fields = ["meeting_on", "shared_notes", "next_meeting_on", "mood"]
    if private_notes is not None:
        one_on_one.private_notes = private_notes.strip()
        fields.append("private_notes")
    one_on_one.full_clean()
    one_on_one.save(update_fields=fields)
    return one_on_one


def _agenda_item_save(*, one_on_one: OneOnOne, added_by: User, text: str, carried_from=None) -> AgendaItem:
    item = AgendaItem(one_on_one=one_on_one, added_by=added_by, text=text, carried_from=carried_from)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_add(
    *, one_on_one: OneOnOne, actor: User, text: str, now: datetime.datetime | None = None
) -> AgendaItem:
    """Add a point to talk about; the agent may add theirs until the meeting starts.

    ``now`` (default: the current time) is the moment the point is added.
    """
    if not can_add_agenda_item(actor, one_on_one, now=now):
        if actor.pk == one_on_one.agent_id:
            raise PermissionDenied(_("This one-on-one has already taken place; its agenda is closed."))
        raise PermissionDenied(_("You cannot add to this one-on-one's agenda."))
    if not text.strip():
        raise ValidationError({"text": _("Write the point you want to talk about.")})
    return _agenda_item_save(one_on_one=one_on_one, added_by=actor, text=text.strip())


@transaction.atomic
def action_items_carry_over(*, one_on_one: OneOnOne, actor: User) -> list[AgendaItem]:
    """Put every action item still open from the agent's earlier one-on-ones on ``one_on_one``'s agenda.

    Safe to repeat: an item already carried into this meeting is not carried again.
    """
    # Lock the meeting so two concurrent carry-overs cannot both add the same item.
    OneOnOne.objects.select_for_update().filter(pk=one_on_one.pk).first()
    open_items = (
        ActionItem.objects.filter(
            one_on_one__agent_id=one_on_one.agent_id,
            one_on_one__meeting_on__lt=one_on_one.meeting_on,
            done_at__isnull=True,
        )
        .exclude(carried_to__one_on_one=one_on_one)
        .order_by("one_on_one__meeting_on", "pk")
    )
    return [
        _agenda_item_save(one_on_one=one_on_one, added_by=actor, text=item.description[:300], carried_from=item)
        for item in open_items
    ]


@transaction.atomic
def action_item_create(
    *,
    one_on_one: OneOnOne,
    actor: User,
    description: str,
    owner: User,
    due_date: datetime.date | None = None,
) -> ActionItem:
    """Agree an action in a one-on-one: the agent or the manager owns it."""
    _check_manage(actor, one_on_one.agent)
    if owner.pk not in (one_on_one.agent_id, one_on_one.manager_id, actor.pk):
        raise ValidationError({"owner": _("An action item belongs to the agent or the manager of the one-on-one.")})
    item = ActionItem(one_on_one=one_on_one, description=description.strip(), owner=owner, due_date=due_date)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_item_set_done(*, action_item: ActionItem, actor: User, done: bool) -> ActionItem:
    """Mark an action item done, or reopen it; marking it as it already is changes nothing."""
    if not can_set_action_item_done(actor, action_item):
        raise PermissionDenied(_("Only the item's owner or the agent's manager marks it done."))
    if done == (action_item.done_at is not None):
        return action_item
    action_item.done_at = clock.now() if done else None
    action_item.full_clean()
    action_item.save(update_fields=["done_at"])
    return action_item
