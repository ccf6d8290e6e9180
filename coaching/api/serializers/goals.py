"""Serializers of goals: the goal as read, and the input of creating, adjusting and closing one.

Input serializers check shape only (types, required fields, references the user may see);
every rule about goals lives in ``coaching.services.goals``.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import Goal, GoalStatus, GoalTemplate, Metric, TargetKind, Team, User
from ...permissions import agents_visible_to, goals_visible_to, teams_visible_to
from .fields import StrictBooleanField, VisibleRelatedField


class ProjectionSerializer(serializers.Serializer):
    """The chance of meeting the target by the due date, the likely level then, and the status it implies."""

    status = serializers.ChoiceField(
        choices=["on_track", "at_risk", "off_track", "no_data"],
        read_only=True,
        help_text=_(
            "on_track: at least 70 % likely; at_risk: 30–70 %; off_track: under 30 %; no_data: too little data."
        ),
    )
    probability = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("The chance of meeting the target by the due date, 0 to 1.")
    )
    percent = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("The chance as shown: a percentage rounded to 5, 5 to 95.")
    )
    current = serializers.DecimalField(max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    projected = serializers.DecimalField(
        max_digits=14,
        decimal_places=4,
        read_only=True,
        allow_null=True,
        help_text=_("The middle of the likely range on the due date."),
    )
    low = serializers.DecimalField(
        max_digits=14,
        decimal_places=4,
        read_only=True,
        allow_null=True,
        help_text=_("Four times in five the level on the due date lands between low and high."),
    )
    high = serializers.DecimalField(max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    slope_per_week = serializers.DecimalField(max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    trend_points = serializers.IntegerField(read_only=True)


class GoalSerializer(serializers.ModelSerializer):
    """A goal: scope, metric, computed baseline, target, dates, status and, while active, its projection."""

    projection = serializers.SerializerMethodField()

    @extend_schema_field(ProjectionSerializer(allow_null=True))
    def get_projection(self, goal):
        projection = self.context.get("projections", {}).get(goal.pk)
        return ProjectionSerializer(projection).data if projection is not None else None

    class Meta:
        model = Goal
        fields = (
            "id",
            "title",
            "metric",
            "team",
            "agent",
            "description",
            "objective",
            "baseline",
            "baseline_start",
            "baseline_end",
            "baseline_sample",
            "target",
            "start_date",
            "due_date",
            "status",
            "template",
            "review_note",
            "closed_at",
            "created_by",
            "created_at",
            "updated_at",
            "projection",
        )
        read_only_fields = fields


class SmartCriterionSerializer(serializers.Serializer):
    """One letter of SMART: its verdict (pass, warning, fail) and why."""

    key = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=["pass", "warning", "fail"], read_only=True)
    reason = serializers.CharField(read_only=True)


class GoalCreatedSerializer(GoalSerializer):
    """A goal just created, with the SMART check that decided whether it went live."""

    smart_check = SmartCriterionSerializer(many=True, read_only=True, source="smart_criteria")

    class Meta(GoalSerializer.Meta):
        fields = (*GoalSerializer.Meta.fields, "smart_check")
        read_only_fields = fields


class GoalDetailSerializer(GoalCreatedSerializer):
    """One goal with its projection and today's SMART check, criterion by criterion, and whether it passes."""

    smart_passes = serializers.BooleanField(
        read_only=True,
        help_text=_("No SMART criterion fails today: a draft could go live (warnings do not hold it back)."),
    )

    class Meta(GoalCreatedSerializer.Meta):
        fields = (*GoalCreatedSerializer.Meta.fields, "smart_passes")
        read_only_fields = fields


class GoalCreateSerializer(serializers.Serializer):
    """A new goal for one team or one agent; the baseline is computed, never sent."""

    metric = serializers.PrimaryKeyRelatedField(queryset=Metric.objects.filter(is_active=True))
    team = VisibleRelatedField(visible=teams_visible_to, queryset=Team.objects.all(), required=False, allow_null=True)
    agent = VisibleRelatedField(visible=agents_visible_to, queryset=User.objects.all(), required=False, allow_null=True)
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    objective = serializers.CharField(allow_blank=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=4)
    start_date = serializers.DateField()
    due_date = serializers.DateField()
    activate = StrictBooleanField(
        default=True, help_text=_("Go live at once if no SMART criterion fails; otherwise the goal stays a draft.")
    )

    def validate(self, data):
        if (data.get("team") is None) == (data.get("agent") is None):
            raise serializers.ValidationError(_("Give either a team or an agent."))
        return data


class GoalAdjustSerializer(serializers.Serializer):
    """A new target and/or due date for an open goal, with the reason kept in its history."""

    reason = serializers.CharField(allow_blank=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)


class GoalCloseSerializer(serializers.Serializer):
    """How an open goal ends (achieved, missed or cancelled) and the review of it."""

    status = serializers.ChoiceField(choices=GoalStatus.choices)
    review_note = serializers.CharField(allow_blank=True)


class GoalTemplateSerializer(serializers.ModelSerializer):
    """A reusable goal: metric, length, what is measured and why, and how it sets each agent's target.

    ``target_kind``: ``absolute`` (``target`` for every agent), ``improvement`` (each agent's
    own baseline improved by ``improvement``, in the metric's better direction) or ``team``
    (the target of the agent's team's live goal on the metric).
    """

    class Meta:
        model = GoalTemplate
        fields = (
            "id",
            "name",
            "metric",
            "target_kind",
            "target",
            "improvement",
            "duration_days",
            "description",
            "objective",
            "created_by",
            "created_at",
        )
        read_only_fields = fields


class GoalTemplateCreateSerializer(serializers.Serializer):
    """Save a goal you may change as a template."""

    goal = VisibleRelatedField(visible=goals_visible_to, queryset=Goal.objects.all())
    name = serializers.CharField(
        max_length=160, allow_blank=True, default="", help_text=_("Default: the goal's title.")
    )
    target_kind = serializers.ChoiceField(choices=TargetKind.choices, default=TargetKind.ABSOLUTE)
    improvement = serializers.DecimalField(
        max_digits=14,
        decimal_places=4,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Required for the improvement kind: the change on each agent's baseline, above zero."),
    )


class GoalTemplateApplySerializer(serializers.Serializer):
    """Apply a template to a whole team (its agents today) or to chosen agents, from a start date."""

    team = VisibleRelatedField(visible=teams_visible_to, queryset=Team.objects.all(), required=False, allow_null=True)
    agents = VisibleRelatedField(visible=agents_visible_to, queryset=User.objects.all(), many=True, required=False)
    start_date = serializers.DateField()

    def validate(self, data):
        if (data.get("team") is None) == (not data.get("agents")):
            raise serializers.ValidationError(_("Give either a team or a list of agents."))
        return data


class TemplateNoteSerializer(serializers.Serializer):
    """Why one agent's goal is only a draft (``goal`` set) or was not created (``goal`` null)."""

    agent = serializers.IntegerField(source="agent.pk")
    goal = serializers.IntegerField(source="goal.pk", allow_null=True, default=None)
    reason = serializers.CharField()


class CreatedGoalSummarySerializer(serializers.Serializer):
    """A goal a template created: its id, agent and whether it went live."""

    id = serializers.IntegerField(source="goal.pk")
    agent = serializers.IntegerField(source="goal.agent_id")
    status = serializers.ChoiceField(choices=GoalStatus.choices, source="goal.status")


class TemplateApplicationSerializer(serializers.Serializer):
    """What applying a template did: goals created (live or draft), agents skipped (they already had one), notes."""

    created = CreatedGoalSummarySerializer(many=True)
    active = serializers.IntegerField()
    drafts = serializers.IntegerField()
    skipped = serializers.ListField(
        child=serializers.IntegerField(), source="skipped_ids", help_text=_("Agents who already had a goal from it.")
    )
    notes = TemplateNoteSerializer(many=True)
