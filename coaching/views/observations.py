"""Observation pages: the list, recording one, and one observation with its ratings and disputes.

Each view fetches through the visibility policy (another agent's observation, or one not
shared with the agent asking, is a 404), checks who may act, makes one service call and
redirects with a message, or renders.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.observations import (
    DisputeAnswerForm,
    DisputeForm,
    ObservationFilterForm,
    ObservationForm,
    rating_formset,
)
from ..models import RATING_MAX, RATING_MIN, BehaviourRating, DisputeStatus, Observation
from ..permissions import (
    agents_coachable_by,
    can_answer_disputes,
    get_agent_or_404,
    get_observation_or_404,
    may_see_only_own_records,
)
from ..selectors import observations as selectors
from ..services import observations as services
from .forms_util import add_service_error

OBSERVATIONS_PER_PAGE = 20
SCALE = range(RATING_MIN, RATING_MAX + 1)


@dataclass
class RatingRow:
    """One rating on the observation page, with the form its viewer may act with."""

    rating: BehaviourRating
    dispute_form: DisputeForm | None = None
    answer_form: DisputeAnswerForm | None = None


@login_required
def observation_list(request):
    """Observations the user may see, filtered by agent, behaviour or open disputes, paginated."""
    user = request.user
    filters = ObservationFilterForm(request.GET or None, user=user)
    chosen = filters.filters()
    observations = selectors.observation_list(user, **chosen)
    page = Paginator(observations, OBSERVATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query": chosen,  # any filter chosen: offer to clear them, and say nothing matched
        "scale": SCALE,
        "can_observe": agents_coachable_by(user).exists(),
        "open_disputes": 0 if may_see_only_own_records(user) else selectors.open_dispute_count(user),
    }
    return render(request, "coaching/observations/observation_list.html", context)


@login_required
def observation_create(request):
    """Record an observation of one interaction, rating each behaviour observed."""
    user = request.user
    if not agents_coachable_by(user).exists():
        raise PermissionDenied(_("Only coaches, managers and administrators record observations."))
    agent = get_agent_or_404(user, request.GET["agent"]) if request.GET.get("agent") else None
    data = request.POST if request.method == "POST" else None
    form, ratings = ObservationForm(data, user=user, agent=agent), rating_formset(data)
    if data is not None and all([form.is_valid(), ratings.is_valid()]):
        try:
            observation = services.observation_create(actor=user, ratings=ratings.rating_inputs(), **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Observation of %(agent)s recorded.") % {"agent": observation.agent})
            return redirect("observation-detail", observation_id=observation.pk)
    context = {"form": form, "ratings": ratings, "scale": SCALE}
    return render(request, "coaching/observations/observation_form.html", context)


@login_required
def observation_detail(request, observation_id):
    """One observation: its ratings with comments, any dispute and its answer, and what the viewer may do."""
    observation = get_observation_or_404(request.user, observation_id)
    return _render_detail(request, observation)


@login_required
@require_POST
def observation_acknowledge(request, observation_id):
    """The agent confirms they have read the observation."""
    observation = get_observation_or_404(request.user, observation_id)
    if request.user.pk != observation.agent_id:
        raise PermissionDenied(_("Only the agent may acknowledge an observation."))
    services.observation_acknowledge(actor=request.user, observation=observation)
    messages.success(request, _("Thank you: the observation is acknowledged."))
    return redirect("observation-detail", observation_id=observation.pk)


@login_required
@require_POST
def rating_dispute(request, observation_id, rating_id):
    """The agent disputes one rating, saying why."""
    observation = get_observation_or_404(request.user, observation_id)
    rating = _rating_or_404(observation, rating_id)
    if request.user.pk != observation.agent_id:
        raise PermissionDenied(_("Only the agent may dispute a rating."))
    form = DisputeForm(request.POST, prefix=f"dispute-{rating.pk}")
    if form.is_valid():
        try:
            services.rating_dispute(actor=request.user, rating=rating, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your dispute of “%(behaviour)s” is sent.") % {"behaviour": rating.behaviour})
            return redirect("observation-detail", observation_id=observation.pk)
    return _render_detail(request, observation, bound={rating.pk: form}, status=400)


@login_required
@require_POST
def rating_resolve(request, observation_id, rating_id):
    """The coach answers a dispute: keeps the rating or changes it, with a response."""
    observation = get_observation_or_404(request.user, observation_id)
    rating = _rating_or_404(observation, rating_id)
    if not can_answer_disputes(request.user, observation):
        raise PermissionDenied(_("Only the agent's coaches answer disputes."))
    form = DisputeAnswerForm(request.POST, rating=rating, prefix=f"answer-{rating.pk}")
    if form.is_valid():
        try:
            services.rating_resolve(
                actor=request.user,
                rating=rating,
                response=form.cleaned_data["response"],
                new_score=form.new_score_or_none(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Your answer on “%(behaviour)s” is recorded.") % {"behaviour": rating.behaviour}
            )
            return redirect("observation-detail", observation_id=observation.pk)
    return _render_detail(request, observation, bound={rating.pk: form}, status=400)


def _rating_or_404(observation: Observation, rating_id) -> BehaviourRating:
    try:
        return observation.ratings.select_related("behaviour", "observation").get(pk=rating_id)
    except (BehaviourRating.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such rating.")) from None


def _render_detail(request, observation: Observation, *, bound: dict | None = None, status: int = 200):
    """The observation page; ``bound`` holds a posted form (by rating id) to show again with its errors."""
    bound = bound or {}
    user = request.user
    is_agent = user.pk == observation.agent_id
    answers = can_answer_disputes(user, observation)
    rows = []
    for rating in selectors.observation_ratings(observation):
        row = RatingRow(rating)
        if is_agent and rating.dispute_status == DisputeStatus.NONE:
            row.dispute_form = bound.get(rating.pk) or DisputeForm(prefix=f"dispute-{rating.pk}")
        if answers and rating.dispute_status == DisputeStatus.OPEN:
            row.answer_form = bound.get(rating.pk) or DisputeAnswerForm(rating=rating, prefix=f"answer-{rating.pk}")
        rows.append(row)
    context = {
        "observation": observation,
        "rows": rows,
        "scale": SCALE,
        "is_agent": is_agent,
        "can_answer": answers,
        "can_acknowledge": is_agent and observation.acknowledged_at is None,
    }
    return render(request, "coaching/observations/observation_detail.html", context, status=status)
