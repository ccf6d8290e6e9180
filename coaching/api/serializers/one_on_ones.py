"""Serializers of step 2: one-on-ones (private notes only for those allowed), action items, expectations."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import ActionItem, Expectation, OneOnOne, User
from ...permissions import agents_visible_to, records_visible_to
from .fields import PrivateNotesField, StrictBooleanField, VisibleRelatedField


class OneOnOneSerializer(serializers.ModelSerializer):
    """A one-on-one; ``private_notes`` is present only for the manager who held it and administrators."""

    # Not read_only, so the schema does not list it as always present; this serializer only answers.
    private_notes = PrivateNotesField(
        required=False,
        help_text=_("Present only for the manager who held the one-on-one and for administrators."),
    )
    open_action_count = serializers.IntegerField(read_only=True)
    agenda_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = OneOnOne
        fields = (
            "id",
            "agent",
            "manager",
            "meeting_on",
            "shared_notes",
            "private_notes",
            "next_meeting_on",
            "mood",
            "open_action_count",
            "agenda_count",
            "created_at",
        )
        read_only_fields = fields


class OneOnOneCreateSerializer(serializers.Serializer):
    """A one-on-one the requesting manager holds with one of their agents, with its first agenda points."""

    agent = VisibleRelatedField(visible=agents_visible_to, queryset=User.objects.all())
    meeting_on = serializers.DateTimeField()
    shared_notes = serializers.CharField(required=False, allow_blank=True, default="")
    private_notes = serializers.CharField(required=False, allow_blank=True, default="")
    next_meeting_on = serializers.DateTimeField(required=False, allow_null=True, default=None)
    mood = serializers.IntegerField(required=False, allow_null=True, default=None)
    agenda = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, default=list, help_text=_("Points to talk about.")
    )


class ActionItemSerializer(serializers.ModelSerializer):
    """Something agreed in a one-on-one, its owner, due date and when it was done."""

    agent = serializers.IntegerField(source="one_on_one.agent_id", read_only=True)

    class Meta:
        model = ActionItem
        fields = ("id", "one_on_one", "agent", "description", "owner", "due_date", "done_at")
        read_only_fields = fields


def _visible_one_on_ones(user):
    return records_visible_to(user, OneOnOne.objects.defer("private_notes"))


class ActionItemCreateSerializer(serializers.Serializer):
    """An action agreed in a one-on-one, owned by its agent or its manager."""

    one_on_one = VisibleRelatedField(visible=_visible_one_on_ones, queryset=OneOnOne.objects.all())
    description = serializers.CharField(max_length=300)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class ActionItemDoneSerializer(serializers.Serializer):
    """Mark an action item done (``true``) or open again (``false``); ``done`` is required."""

    done = StrictBooleanField(help_text=_("true: done; false: open again. Required."))


class ExpectationSerializer(serializers.ModelSerializer):
    """A goal made personal for one agent, and whether the agent has acknowledged it."""

    class Meta:
        model = Expectation
        fields = (
            "id",
            "goal",
            "agent",
            "target",
            "suggested_target",
            "target_reason",
            "individual_motivator",
            "team_motivator",
            "reward_timing",
            "one_on_one",
            "created_by",
            "created_at",
            "acknowledged_at",
            "agent_comment",
        )
        read_only_fields = fields


class ExpectationAcknowledgeSerializer(serializers.Serializer):
    """The agent's acknowledgement of their expectation, with an optional comment."""

    comment = serializers.CharField(required=False, allow_blank=True, default="")
