"""Pulse surveys: which surveys' results a user may see, for which teams, who defines a survey and who answers.

The anonymity threshold is not part of this policy: ``selectors.pulse`` applies it to every
result, whoever asks.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import PulseSurvey, Role, Team, User
from .org import teams_visible_to


def surveys_visible_to(user: User) -> QuerySet[PulseSurvey]:
    """Surveys whose results ``user`` may see: administrators all; managers and coaches those asking their teams.

    Agents see no survey results: only the organisation's pulse metrics (``selectors.ex.ex_organisation_pulse``)
    and, through a team goal on a pulse metric, their own team's figure, which is above the threshold like
    every recorded figure.
    """
    surveys = PulseSurvey.objects.all()
    if not user.is_authenticated or not user.is_active:
        return surveys.none()
    if user.is_administrator:
        return surveys
    if user.role not in (Role.MANAGER, Role.COACH):
        return surveys.none()
    survey_teams = PulseSurvey.teams.through.objects.filter(pulsesurvey_id=OuterRef("pk"))
    return surveys.filter(
        Q(~Exists(survey_teams)) | Q(Exists(survey_teams.filter(team_id__in=teams_visible_to(user).values("pk"))))
    )


def get_survey_or_404(user: User, survey_id) -> PulseSurvey:
    """The survey with ``survey_id``, its teams and questions loaded, if ``user`` may see its results; 404 otherwise."""
    try:
        return surveys_visible_to(user).prefetch_related("teams", "questions").get(pk=survey_id)
    except (PulseSurvey.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such survey.")) from None


def survey_teams_visible_to(user: User, survey: PulseSurvey) -> list[Team]:
    """The teams of ``survey`` whose results ``user`` may see."""
    teams = teams_visible_to(user)
    survey_team_ids = [team.pk for team in survey.teams.all()]
    if survey_team_ids:
        teams = teams.filter(pk__in=survey_team_ids)
    return list(teams.order_by("name"))


def can_create_survey(user: User) -> bool:
    """Administrators and managers define pulse surveys."""
    return user.is_authenticated and user.is_active and (user.is_administrator or user.role == Role.MANAGER)


def may_survey_every_team(user: User) -> bool:
    """Whether ``user`` surveys any team, or every team at once: administrators; managers only their own teams."""
    return user.is_authenticated and user.is_active and user.is_administrator


def may_answer_pulse_surveys(user: User) -> bool:
    """Whether ``user`` answers pulse surveys: active agents only."""
    return user.is_authenticated and user.is_active and user.role == Role.AGENT
