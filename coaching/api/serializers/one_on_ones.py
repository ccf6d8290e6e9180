"""Serializers of step 2: one-on-ones (private notes only for those allowed), action items, expectations."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import ActionItem, AgendaItem, Expectation, OneOnOne, User
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


class OneOnOneUpdateSerializer(serializers.Serializer):
    """What changes in a one-on-one (``PATCH``): only the keys sent; ``private_notes`` only for those who read them."""

    meeting_on = serializers.DateTimeField(required=False)
    shared_notes = serializers.CharField(required=False, allow_blank=True)
    private_notes = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Only the manager who held the one-on-one and administrators may send it (403 otherwise)."),
    )
    next_meeting_on = serializers.DateTimeField(required=False, allow_null=True)
    mood = serializers.IntegerField(required=False, allow_null=True)


class AgendaItemSerializer(serializers.ModelSerializer):
    """A point to talk about in a one-on-one: who added it, and the action item it was carried over from, if any."""

    class Meta:
        model = AgendaItem
        fields = ("id", "one_on_one", "text", "added_by", "carried_from", "created_at")
        read_only_fields = fields


class AgendaItemCreateSerializer(serializers.Serializer):
    """A point to add to a one-on-one's agenda."""

    text = serializers.CharField(max_length=300)


class TeamGoalExpectationSerializer(serializers.Serializer):
    """One agent's personal target for a team goal; a target other than the suggested one needs a reason."""

    agent = VisibleRelatedField(visible=agents_visible_to, queryset=User.objects.all())
    target = serializers.DecimalField(max_digits=14, decimal_places=4)
    target_reason = serializers.CharField(required=False, allow_blank=True, default="")
    one_on_one = VisibleRelatedField(
        visible=_visible_one_on_ones,
        queryset=OneOnOne.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The agent's one-on-one the target was agreed in."),
    )


class TeamGoalExpectationsCreateSerializer(serializers.Serializer):
    """Personal targets for chosen agents of a team goal, and the rewards they share."""

    agents = TeamGoalExpectationSerializer(many=True, allow_empty=False)
    individual_motivator = serializers.CharField(required=False, allow_blank=True, default="")
    team_motivator = serializers.CharField(required=False, allow_blank=True, default="")
    reward_timing = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class ExpectationPlanRowSerializer(serializers.Serializer):
    """One agent of the team today: their baseline and pace, the suggested personal target, their expectation if set."""

    agent = serializers.IntegerField(source="agent.pk")
    baseline = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    pace_per_week = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    pace_is_clear = serializers.BooleanField(help_text=_("Whether the pace stands out from day-to-day noise."))
    suggested_target = serializers.DecimalField(source="suggested", max_digits=14, decimal_places=4)
    expectation = serializers.IntegerField(source="expectation.pk", allow_null=True, default=None)


class ExpectationPlanSerializer(serializers.Serializer):
    """A team goal made personal: the team's baseline and one row per agent in the team today."""

    goal = serializers.IntegerField(source="goal.pk")
    team_baseline = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    rows = ExpectationPlanRowSerializer(many=True)
