"""Pulse-survey pages: the agent's one-minute answer form, defining a survey, and anonymous results.

Results reach a template only through ``selectors.pulse.survey_results``, which leaves
out every figure of a group below the anonymity threshold.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import clock
from ..forms.pulse import PulseAnswerForm, PulseSurveyForm
from ..models import PulseRound
from ..permissions import (
    can_create_survey,
    get_survey_or_404,
    may_see_only_own_records,
    may_see_whole_organisation,
    survey_teams_visible_to,
    surveys_visible_to,
    teams_visible_to,
)
from ..selectors.pulse import (
    min_responses,
    pulse_open_rounds_for,
    pulse_rounds_answerable_by,
    survey_result_rows,
    survey_results,
)
from ..services import pulse as services
from .exports import csv_response
from .forms_util import first_error


@login_required
def pulse_index(request):
    """Agents: the rounds waiting for their answer. Everyone else: the surveys whose results they may see."""
    user = request.user
    if may_see_only_own_records(user):
        return render(request, "coaching/pulse/pulse_agent.html", {"rounds": pulse_open_rounds_for(user)})
    surveys = surveys_visible_to(user).prefetch_related("teams").order_by("name", "pk")
    context = {"surveys": surveys, "may_create": can_create_survey(user)}
    return render(request, "coaching/pulse/survey_list.html", context)


@login_required
def pulse_survey_create(request):
    """A new survey for the teams the manager manages (administrators: any, or all)."""
    if not can_create_survey(request.user):
        raise PermissionDenied(_("Only managers and administrators define pulse surveys."))
    posted = request.POST if request.method == "POST" else None
    form = PulseSurveyForm(
        posted, teams=teams_visible_to(request.user).order_by("name"), initial={"starts_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.pulse_survey_create(
                actor=request.user,
                name=data["name"],
                teams=list(data["teams"]),
                schedule=data["schedule"],
                starts_on=data["starts_on"],
                recommend_text=data["recommend_text"],
                statements=form.statement_lines(),
                free_text=data["free_text"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, first_error(error) if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(
                request, _("Pulse survey saved. Its first round opens on %(day)s.") % {"day": survey.starts_on}
            )
            return redirect("pulse-survey-results", survey_id=survey.pk)
    return render(request, "coaching/pulse/survey_form.html", {"form": form})


def _visible_results(user, survey_id):
    """The survey, the teams of it ``user`` may see, and their results (the organisation's for administrators)."""
    survey = get_survey_or_404(user, survey_id)
    teams = survey_teams_visible_to(user, survey)
    by_team, overall = survey_results(survey, teams, organisation=may_see_whole_organisation(user))
    return survey, teams, by_team, overall


@login_required
def pulse_survey_results(request, survey_id):
    """Results per team and round, only for groups large enough to stay anonymous; agents get a 404."""
    survey, teams, by_team, overall = _visible_results(request.user, survey_id)
    context = {
        "survey": survey,
        "teams": [(team, by_team[team.pk]) for team in teams],
        "overall": overall,
        "threshold": min_responses(),
        "questions": list(survey.questions.all()),
    }
    return render(request, "coaching/pulse/survey_results.html", context)


@login_required
def pulse_survey_results_export(request, survey_id):
    """The results page as CSV: the same groups, the same anonymity threshold, no figure of an open round."""
    survey, teams, by_team, overall = _visible_results(request.user, survey_id)
    return csv_response(survey_result_rows(survey, teams, by_team, overall), f"pulse-survey-{survey.pk}.csv")


@login_required
def pulse_answer(request, round_id):
    """The one-minute answer form of a round the agent may answer; anyone else gets a 404."""
    try:
        pulse_round = pulse_rounds_answerable_by(request.user).get(pk=round_id)
    except (PulseRound.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such survey round.")) from None
    questions = list(pulse_round.survey.questions.all())
    already = pulse_round.participations.filter(agent=request.user, answered_at__isnull=False).exists()
    form = PulseAnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and not already and form.is_valid():
        try:
            services.pulse_answer(round=pulse_round, agent=request.user, answers=form.answers())
        except ValidationError as error:
            form.add_error(None, first_error(error))
        else:
            messages.success(request, _("Thank you. Your answers are anonymous."))
            return redirect("home")
    context = {"round": pulse_round, "form": form, "already": already, "threshold": min_responses()}
    return render(request, "coaching/pulse/answer_form.html", context)
