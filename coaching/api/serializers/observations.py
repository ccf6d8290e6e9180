"""Serializers of step 3: observations with their ratings, and coaching sessions."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import Behaviour, BehaviourRating, Channel, CoachingSession, Goal, Observation, ObservationMethod, User
from ...permissions import agents_visible_to, goals_visible_to
from .fields import BlankAsNullURLField, StrictBooleanField, VisibleRelatedField


class BehaviourRatingSerializer(serializers.ModelSerializer):
    """The score given to one behaviour in an observation, and any dispute of it."""

    class Meta:
        model = BehaviourRating
        fields = (
            "id",
            "behaviour",
            "score",
            "comment",
            "original_score",
            "dispute_status",
            "dispute_comment",
            "disputed_at",
            "dispute_response",
            "resolved_by",
            "resolved_at",
        )
        read_only_fields = fields


class ObservationSerializer(serializers.ModelSerializer):
    """An observation of one interaction, with a rating per observed behaviour."""

    ratings = BehaviourRatingSerializer(many=True, read_only=True)
    recording_url = BlankAsNullURLField(read_only=True, help_text=_("A link to the recording, or null."))

    class Meta:
        model = Observation
        fields = (
            "id",
            "agent",
            "observer",
            "observed_at",
            "channel",
            "interaction_id",
            "recording_url",
            "method",
            "summary",
            "goal",
            "shared_with_agent",
            "acknowledged_at",
            "created_at",
            "ratings",
        )
        read_only_fields = fields


class RatingInputSerializer(serializers.Serializer):
    """One behaviour observed and its score (the scale is checked by the service)."""

    behaviour = serializers.PrimaryKeyRelatedField(queryset=Behaviour.objects.all())
    score = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ObservationCreateSerializer(serializers.Serializer):
    """An observation the requesting coach or manager made of one of their agents' interactions."""

    agent = VisibleRelatedField(visible=agents_visible_to, queryset=User.objects.all())
    observed_at = serializers.DateTimeField()
    method = serializers.ChoiceField(choices=ObservationMethod.choices)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    interaction_id = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    recording_url = BlankAsNullURLField(required=False, default="", help_text=_("A link to the recording, or null."))
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    goal = VisibleRelatedField(
        visible=goals_visible_to, queryset=Goal.objects.all(), required=False, allow_null=True, default=None
    )
    shared_with_agent = StrictBooleanField(default=True)
    ratings = RatingInputSerializer(many=True, help_text=_("At least one behaviour, each rated once."))


class CoachingSessionSerializer(serializers.ModelSerializer):
    """A coaching session: behaviours in focus, goals, agreed actions and the follow-up date."""

    class Meta:
        model = CoachingSession
        fields = (
            "id",
            "agent",
            "coach",
            "held_on",
            "behaviours",
            "goals",
            "notes",
            "agreed_actions",
            "follow_up_on",
            "agent_commitment",
            "created_at",
        )
        read_only_fields = fields


class CoachingSessionCreateSerializer(serializers.Serializer):
    """A coaching session the requesting coach or manager held with one of their agents."""

    agent = VisibleRelatedField(visible=agents_visible_to, queryset=User.objects.all())
    held_on = serializers.DateField()
    behaviours = serializers.PrimaryKeyRelatedField(queryset=Behaviour.objects.all(), many=True)
    goals = VisibleRelatedField(visible=goals_visible_to, queryset=Goal.objects.all(), many=True, required=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    agreed_actions = serializers.CharField(required=False, allow_blank=True, default="")
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)
    agent_commitment = serializers.CharField(required=False, allow_blank=True, default="")


class ObservationUpdateSerializer(serializers.Serializer):
    """What changes in an observation (``PATCH``): only the keys sent. Ratings change only through disputes."""

    observed_at = serializers.DateTimeField(required=False)
    method = serializers.ChoiceField(choices=ObservationMethod.choices, required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    interaction_id = serializers.CharField(max_length=120, required=False, allow_blank=True)
    recording_url = BlankAsNullURLField(required=False, help_text=_("A link to the recording, or null."))
    summary = serializers.CharField(required=False, allow_blank=True)
    goal = VisibleRelatedField(visible=goals_visible_to, queryset=Goal.objects.all(), required=False, allow_null=True)
    shared_with_agent = StrictBooleanField(required=False)


class RatingDisputeSerializer(serializers.Serializer):
    """The agent's reason for disputing one rating."""

    comment = serializers.CharField(allow_blank=True)


class RatingAnswerSerializer(serializers.Serializer):
    """The coach's answer to a dispute: keep the rating (no ``new_score``) or change it."""

    response = serializers.CharField(allow_blank=True)
    new_score = serializers.IntegerField(required=False, allow_null=True, default=None)


class CoachingSessionUpdateSerializer(serializers.Serializer):
    """What changes in a coaching session (``PATCH``): only the keys sent."""

    held_on = serializers.DateField(required=False)
    behaviours = serializers.PrimaryKeyRelatedField(queryset=Behaviour.objects.all(), many=True, required=False)
    goals = VisibleRelatedField(visible=goals_visible_to, queryset=Goal.objects.all(), many=True, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    agreed_actions = serializers.CharField(required=False, allow_blank=True)
    follow_up_on = serializers.DateField(required=False, allow_null=True)
    agent_commitment = serializers.CharField(required=False, allow_blank=True)
