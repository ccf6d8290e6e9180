"""Serializers of pulse surveys: open rounds with their questions, answers in, anonymous results out.

No serializer here carries a person: results are figures of groups at or above the
anonymity threshold, and answers are taken only from the requesting agent.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import PulseQuestion, PulseRound, PulseSurvey


class PulseQuestionSerializer(serializers.ModelSerializer):
    """A question: its kind (recommend 0–10, statement 1–5, text) and wording."""

    class Meta:
        model = PulseQuestion
        fields = ("id", "kind", "text", "order")


class PulseRoundSerializer(serializers.ModelSerializer):
    """A round open to the requesting agent, with the survey's questions."""

    survey = serializers.CharField(source="survey.name")
    questions = PulseQuestionSerializer(source="survey.questions", many=True)

    class Meta:
        model = PulseRound
        fields = ("id", "survey", "opens_on", "closes_on", "questions")


class PulseAnswerItemSerializer(serializers.Serializer):
    """One answer: a score for a 0–10 or 1–5 question, a text for the free-text question."""

    question = serializers.IntegerField()
    score = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10)
    text = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class PulseAnswersSerializer(serializers.Serializer):
    """The requesting agent's answers to a round."""

    answers = PulseAnswerItemSerializer(many=True)


class PulseSurveySerializer(serializers.ModelSerializer):
    """A survey: name, teams (empty: every team), schedule and questions."""

    questions = PulseQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = PulseSurvey
        fields = ("id", "name", "teams", "schedule", "starts_on", "is_active", "questions")


class StatementResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    mean = serializers.FloatField()


class RoundResultSerializer(serializers.Serializer):
    """One group's results in a round; below the anonymity threshold only ``enough_answers: false``."""

    round = serializers.IntegerField(source="round.pk")
    opens_on = serializers.DateField(source="round.opens_on")
    closes_on = serializers.DateField(source="round.closes_on")
    still_open = serializers.BooleanField(help_text=_("Figures appear only once the round has closed."))
    enough_answers = serializers.BooleanField(source="enough")
    responses = serializers.IntegerField(allow_null=True)
    enps = serializers.FloatField(allow_null=True)
    engagement = serializers.FloatField(allow_null=True)
    statements = StatementResultSerializer(many=True)
    comments = serializers.ListField(child=serializers.CharField())


class TeamResultsSerializer(serializers.Serializer):
    team = serializers.IntegerField()
    name = serializers.CharField()
    rounds = RoundResultSerializer(many=True)


class SurveyResultsSerializer(serializers.Serializer):
    """A survey's results per visible team (and across the organisation for administrators)."""

    survey = serializers.IntegerField()
    threshold = serializers.IntegerField()
    organisation = RoundResultSerializer(many=True)
    teams = TeamResultsSerializer(many=True)
