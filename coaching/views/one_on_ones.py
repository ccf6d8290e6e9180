"""Step 2 pages: one-on-ones, their agenda and their action items.

Private notes reach a template only through the ``private_notes`` context variable, set
only for those ``permissions.can_see_private_notes`` allows.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import clock
from ..forms.one_on_ones import MOOD_SCALE, ActionItemForm, AgendaItemForm, OneOnOneForm
from ..models import ActionItem, OneOnOne
from ..permissions import (
    agents_managed_by,
    agents_visible_to,
    can_add_agenda_item,
    can_manage,
    can_see_private_notes,
    can_set_action_item_done,
    get_agent_or_404,
    get_record_or_404,
    may_manage,
    may_see_only_own_records,
    one_on_ones_visible_to,
)
from ..selectors.one_on_ones import (
    one_on_one_action_items,
    one_on_one_agenda,
    one_on_one_expectations,
    one_on_ones_split,
    previous_next_meeting,
)
from ..services import one_on_ones as services
from .forms_util import add_service_error

ONE_ON_ONES_PER_PAGE = 20


def _first_error(error: ValidationError) -> str:
    return next(iter(error.messages), str(error))


def _one_on_one(user, one_on_one_id) -> OneOnOne:
    return get_record_or_404(user, OneOnOne.objects.select_related("agent", "manager"), one_on_one_id)


@login_required
def one_on_one_list(request):
    """One-on-ones still to come and those already held, filterable by agent for managers."""
    user = request.user
    one_on_ones = one_on_ones_visible_to(user)
    is_agent = may_see_only_own_records(user)
    agent = None
    if not is_agent and request.GET.get("agent"):
        agent = get_agent_or_404(user, request.GET["agent"])
        one_on_ones = one_on_ones.filter(agent=agent)
    upcoming, past = one_on_ones_split(one_on_ones, now=clock.now())
    context = {
        "upcoming": list(upcoming),
        "page": Paginator(past, ONE_ON_ONES_PER_PAGE).get_page(request.GET.get("page")),
        "agent": agent,
        "agents": None if is_agent else agents_visible_to(user).order_by("first_name", "last_name"),
        "is_agent": is_agent,
        "may_hold": may_manage(user),
        "mood_scale": MOOD_SCALE,
    }
    return render(request, "coaching/one_on_ones/one_on_one_list.html", context)


@login_required
def one_on_one_create(request):
    """A new one-on-one with one of the manager's agents; open action items join its agenda."""
    if not may_manage(request.user):
        raise PermissionDenied(_("Only managers and administrators hold one-on-ones."))
    agents = agents_managed_by(request.user)
    posted = request.POST if request.method == "POST" else None
    form = OneOnOneForm(posted, agents=agents, initial=_create_initial(request, agents))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            one_on_one = services.one_on_one_create(
                actor=request.user,
                agent=data["agent"],
                meeting_on=data["meeting_on"],
                shared_notes=data["shared_notes"],
                private_notes=data["private_notes"],
                next_meeting_on=data["next_meeting_on"],
                mood=data["mood"],
                agenda=form.agenda_points(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("One-on-one saved."))
            return redirect("one-on-one-detail", one_on_one_id=one_on_one.pk)
    return render(request, "coaching/one_on_ones/one_on_one_form.html", {"form": form, "one_on_one": None})


def _create_initial(request, agents) -> dict:
    """Preselect the agent asked for and the next meeting planned with them, else the next full hour."""
    now = clock.local_now()
    initial = {"meeting_on": now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)}
    agent = agents.filter(pk=request.GET["agent"]).first() if request.GET.get("agent", "").isdigit() else None
    if agent is not None:
        initial["agent"] = agent
        initial["meeting_on"] = previous_next_meeting(agent, now=now) or initial["meeting_on"]
    return initial


@login_required
def one_on_one_detail(request, one_on_one_id):
    """A one-on-one: agenda, notes, action items, expectations agreed and how the agent felt."""
    user = request.user
    one_on_one = _one_on_one(user, one_on_one_id)
    may_manage = can_manage(user, one_on_one.agent)
    show_private = can_see_private_notes(user, one_on_one)
    context = {
        "one_on_one": one_on_one,
        "private_notes": one_on_one.private_notes if show_private else None,
        "show_private_notes": show_private,
        "agenda": one_on_one_agenda(one_on_one),
        "action_items": one_on_one_action_items(one_on_one),
        "expectations": one_on_one_expectations(one_on_one),
        "is_upcoming": one_on_one.meeting_on > clock.now(),
        "today": clock.today(),
        "may_manage": may_manage,
        "may_add_agenda": can_add_agenda_item(user, one_on_one),
        "agenda_form": AgendaItemForm(),
        "action_form": ActionItemForm(one_on_one=one_on_one) if may_manage else None,
        "mood_scale": MOOD_SCALE,
    }
    return render(request, "coaching/one_on_ones/one_on_one_detail.html", context)


@login_required
def one_on_one_edit(request, one_on_one_id):
    """Change a one-on-one's time, notes and check-in; private notes only for whoever may read them."""
    one_on_one = _one_on_one(request.user, one_on_one_id)
    if not can_manage(request.user, one_on_one.agent):
        raise PermissionDenied(_("Only the agent's managers and administrators change one-on-ones."))
    include_private = can_see_private_notes(request.user, one_on_one)
    initial = {
        "meeting_on": one_on_one.meeting_on,
        "shared_notes": one_on_one.shared_notes,
        "next_meeting_on": one_on_one.next_meeting_on,
        "mood": one_on_one.mood,
    }
    if include_private:
        initial["private_notes"] = one_on_one.private_notes
    posted = request.POST if request.method == "POST" else None
    form = OneOnOneForm(posted, initial=initial, include_private=include_private)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.one_on_one_update(
                one_on_one=one_on_one,
                actor=request.user,
                meeting_on=data["meeting_on"],
                shared_notes=data["shared_notes"],
                next_meeting_on=data["next_meeting_on"],
                mood=data["mood"],
                private_notes=data["private_notes"] if include_private else None,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("One-on-one updated."))
            return redirect("one-on-one-detail", one_on_one_id=one_on_one.pk)
    return render(request, "coaching/one_on_ones/one_on_one_form.html", {"form": form, "one_on_one": one_on_one})


@login_required
@require_POST
def one_on_one_agenda_add(request, one_on_one_id):
    """Add a point to the agenda: the agent's managers any time, the agent before the meeting."""
    one_on_one = _one_on_one(request.user, one_on_one_id)
    if not can_add_agenda_item(request.user, one_on_one):
        raise PermissionDenied(_("You cannot add to this one-on-one's agenda."))
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(one_on_one=one_on_one, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, _first_error(error))
        else:
            messages.success(request, _("Added to the agenda."))
    else:
        messages.error(request, _first_error(ValidationError(form.errors)))
    return redirect("one-on-one-detail", one_on_one_id=one_on_one.pk)


@login_required
@require_POST
def action_item_create(request, one_on_one_id):
    """Agree an action item in the meeting."""
    one_on_one = _one_on_one(request.user, one_on_one_id)
    if not can_manage(request.user, one_on_one.agent):
        raise PermissionDenied(_("Only the agent's managers and administrators add action items."))
    form = ActionItemForm(request.POST, one_on_one=one_on_one)
    if form.is_valid():
        try:
            services.action_item_create(one_on_one=one_on_one, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _first_error(error))
        else:
            messages.success(request, _("Action item added."))
    else:
        messages.error(request, _first_error(ValidationError(form.errors)))
    return redirect("one-on-one-detail", one_on_one_id=one_on_one.pk)


@login_required
@require_POST
def action_item_toggle(request, action_item_id):
    """Mark an action item done (``done=1``) or reopen it (``done=0``)."""
    items = ActionItem.objects.select_related("one_on_one__agent").defer("one_on_one__private_notes")
    action_item = get_record_or_404(request.user, items, action_item_id, agent_field="one_on_one__agent")
    if not can_set_action_item_done(request.user, action_item):
        raise PermissionDenied(_("Only the item's owner or the agent's manager marks it done."))
    done = request.POST.get("done") == "1"
    services.action_item_set_done(action_item=action_item, actor=request.user, done=done)
    messages.success(request, _("Marked as done.") if done else _("Reopened."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("one-on-one-detail", one_on_one_id=action_item.one_on_one_id)
