"""Investigation pages (list, detail with notes, resolve) and coaching proposals (list, accept, dismiss).

Investigations are fetched through ``permissions.alerts``: an agent gets a 404 on every one
of these pages, and anyone else a 404 for an investigation that is not theirs.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.alerts import InvestigationNoteForm, InvestigationResolveForm, ProposalDismissForm
from ..models import InvestigationStatus, ProposalStatus
from ..permissions import (
    get_investigation_or_404,
    get_proposal_or_404,
    investigations_visible_to,
    may_see_investigations,
    proposals_visible_to,
)
from ..services import alerts as services
from .forms_util import first_error

PER_PAGE = 20


def _require_staff(user) -> None:
    if not may_see_investigations(user):
        raise Http404(_("No such page."))


@login_required
def investigation_list(request):
    """Investigations the user may see: open ones first, then resolved."""
    _require_staff(request.user)
    visible = investigations_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in InvestigationStatus.values:
        visible = visible.filter(status=status)
    page = Paginator(visible.order_by("status", "due_date", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": InvestigationStatus.choices}
    return render(request, "coaching/alerts/investigation_list.html", context)


def _detail_context(request, investigation, *, note_form=None, resolve_form=None) -> dict:
    return {
        "investigation": investigation,
        "note_form": note_form or InvestigationNoteForm(),
        "resolve_form": resolve_form or InvestigationResolveForm(),
        "series": investigation.trigger_data.get("series", []),
    }


@login_required
def investigation_detail(request, investigation_id):
    """One investigation: the data that triggered it, the assignment, the notes, the outcome."""
    _require_staff(request.user)
    investigation = get_investigation_or_404(request.user, investigation_id)
    return render(request, "coaching/alerts/investigation_detail.html", _detail_context(request, investigation))


def _investigation_action(request, investigation_id, *, form_class, action, success, form_name):
    """Validate the form, run one service, and come back to the investigation (the form, on errors)."""
    _require_staff(request.user)
    investigation = get_investigation_or_404(request.user, investigation_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(investigation=investigation, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, first_error(error))
        else:
            messages.success(request, success)
            return redirect("investigation-detail", investigation_id=investigation.pk)
    context = _detail_context(request, investigation, **{form_name: form})
    return render(request, "coaching/alerts/investigation_detail.html", context, status=400)


@login_required
@require_POST
def investigation_note_add(request, investigation_id):
    """Add a note of a conversation; the investigation moves to "in progress"."""
    return _investigation_action(
        request,
        investigation_id,
        form_class=InvestigationNoteForm,
        action=services.investigation_note_add,
        success=_("Note added."),
        form_name="note_form",
    )


@login_required
@require_POST
def investigation_resolve(request, investigation_id):
    """Resolve the investigation with its outcome and actions (both required)."""
    return _investigation_action(
        request,
        investigation_id,
        form_class=InvestigationResolveForm,
        action=services.investigation_resolve,
        success=_("Investigation resolved."),
        form_name="resolve_form",
    )


@login_required
def proposal_list(request):
    """Coaching sessions proposed by alert rules to the user (or about agents they coach)."""
    _require_staff(request.user)
    proposals = proposals_visible_to(request.user)
    open_proposals = proposals.filter(status=ProposalStatus.PROPOSED).order_by("-created_at", "-pk")
    decided = proposals.exclude(status=ProposalStatus.PROPOSED).order_by("-decided_at", "-pk")
    page = Paginator(decided, PER_PAGE).get_page(request.GET.get("page"))
    context = {"open_proposals": open_proposals, "page": page, "dismiss_form": ProposalDismissForm()}
    return render(request, "coaching/alerts/proposal_list.html", context)


@login_required
@require_POST
def proposal_accept(request, proposal_id):
    """Take the proposal up and go on to record the coaching session with the agent."""
    _require_staff(request.user)
    proposal = get_proposal_or_404(request.user, proposal_id)
    try:
        services.coaching_proposal_accept(proposal=proposal, actor=request.user)
    except ValidationError as error:
        messages.error(request, first_error(error))
        return redirect("proposal-list")
    return redirect(f"{reverse('session-create')}?{urlencode({'agent': proposal.agent_id})}")


@login_required
@require_POST
def proposal_dismiss(request, proposal_id):
    """Set the proposal aside, saying why."""
    _require_staff(request.user)
    proposal = get_proposal_or_404(request.user, proposal_id)
    form = ProposalDismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the session is not needed."))
        return redirect("proposal-list")
    try:
        services.coaching_proposal_dismiss(proposal=proposal, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, first_error(error))
    else:
        messages.success(request, _("Proposal dismissed."))
    return redirect("proposal-list")
