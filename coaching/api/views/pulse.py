"""Pulse surveys over the API: an agent's open rounds and their answers; anonymous results for the teams one sees.

``register(router)`` adds ``pulse-rounds`` and ``pulse-surveys`` to the API router.
Results come from ``selectors.pulse.survey_results`` and carry nothing for a group below
the anonymity threshold; agents see no survey (a results request is a 404).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from ...permissions import may_see_whole_organisation, survey_teams_visible_to, surveys_visible_to
from ...selectors.pulse import min_responses, pulse_open_rounds_for, pulse_rounds_answerable_by, survey_results
from ...services.pulse import pulse_answer
from ..serializers import pulse as serializers
from .base import DETAIL_ERRORS, VisibleReadViewSet, read_schema, write_schema


@read_schema(
    serializers.PulseRoundSerializer,
    answer=write_schema(serializers.PulseAnswersSerializer, None, status_code=status.HTTP_204_NO_CONTENT),
)
class PulseRoundViewSet(VisibleReadViewSet):
    """Rounds the requesting agent may still answer; empty for everyone else."""

    serializer_class = serializers.PulseRoundSerializer
    ordering = ("closes_on", "pk")

    def visible(self, user):
        return pulse_rounds_answerable_by(user).prefetch_related("survey__questions")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user to scope by
            return super().get_queryset().none()
        if self.action == "list":
            ids = [pulse_round.pk for pulse_round in pulse_open_rounds_for(self.request.user)]
            return super().get_queryset().filter(pk__in=ids)
        return super().get_queryset()

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The requesting agent's answers to this round, once; stored without their name."""
        pulse_round = self.get_object()
        data = self.validated(serializers.PulseAnswersSerializer)
        answers = {
            item["question"]: item["score"] if item.get("score") is not None else item.get("text", "")
            for item in data["answers"]
        }
        pulse_answer(round=pulse_round, agent=request.user, answers=answers)
        return Response(status=status.HTTP_204_NO_CONTENT)


@read_schema(
    serializers.PulseSurveySerializer,
    results=extend_schema(responses={200: serializers.SurveyResultsSerializer, **DETAIL_ERRORS}),
)
class PulseSurveyViewSet(VisibleReadViewSet):
    """Surveys asking the teams the user manages or covers (administrators: all); none for agents."""

    serializer_class = serializers.PulseSurveySerializer
    ordering = ("name", "pk")

    def visible(self, user):
        return surveys_visible_to(user).prefetch_related("teams", "questions")

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """Results per visible team and round, only where at least the threshold of people answered."""
        survey = self.get_object()
        teams = survey_teams_visible_to(request.user, survey)
        by_team, overall = survey_results(survey, teams, organisation=may_see_whole_organisation(request.user))
        payload = {
            "survey": survey.pk,
            "threshold": min_responses(),
            "organisation": overall,
            "teams": [{"team": team.pk, "name": team.name, "rounds": by_team[team.pk]} for team in teams],
        }
        return Response(serializers.SurveyResultsSerializer(payload).data)


def register(router) -> None:
    """Add the pulse endpoints to the API ``router``."""
    router.register("pulse-rounds", PulseRoundViewSet, basename="api-pulse-round")
    router.register("pulse-surveys", PulseSurveyViewSet, basename="api-pulse-survey")
