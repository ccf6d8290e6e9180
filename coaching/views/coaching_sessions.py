"""Coaching session pages: the list, recording a session, and one session.

Sessions are fetched through the visibility policy (another agent's session is a 404);
only those who coach the agent record one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import clock
from ..forms.observations import CoachingSessionForm, SessionFilterForm
from ..permissions import agents_coachable_by, can_coach, get_agent_or_404, get_session_or_404
from ..selectors import observations as selectors
from ..services.coaching_sessions import coaching_session_create
from .forms_util import add_service_error

SESSIONS_PER_PAGE = 20


@login_required
def session_list(request):
    """Coaching sessions the user may see, filtered by agent, paginated."""
    user = request.user
    filters = SessionFilterForm(request.GET or None, user=user)
    chosen = filters.filters()
    sessions = selectors.session_list(user, **chosen)
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query": chosen,  # any filter chosen: offer to clear them, and say nothing matched
        "today": clock.today(),
        "can_hold": agents_coachable_by(user).exists(),
    }
    return render(request, "coaching/sessions/session_list.html", context)


@login_required
def session_create(request):
    """Record a coaching session with an agent: behaviours in focus, agreed actions, follow-up."""
    user = request.user
    if not agents_coachable_by(user).exists():
        raise PermissionDenied(_("Only coaches, managers and administrators record coaching sessions."))
    agent = get_agent_or_404(user, request.GET["agent"]) if request.GET.get("agent") else None
    form = CoachingSessionForm(request.POST if request.method == "POST" else None, user=user, agent=agent)
    if form.is_valid():
        try:
            session = coaching_session_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Coaching session with %(agent)s recorded.") % {"agent": session.agent})
            return redirect("session-detail", session_id=session.pk)
    return render(request, "coaching/sessions/session_form.html", {"form": form})


@login_required
def session_detail(request, session_id):
    """One coaching session: behaviours and goals in focus, notes, agreed actions, commitment, follow-up."""
    session = get_session_or_404(request.user, session_id)
    context = {
        "session": session,
        "today": clock.today(),
        "can_hold": can_coach(request.user, session.agent),
    }
    return render(request, "coaching/sessions/session_detail.html", context)
