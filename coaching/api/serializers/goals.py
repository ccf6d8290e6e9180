"""Serializers of goals: the goal as read, and the input of creating, adjusting and closing one.

Input serializers check shape only (types, required fields, references the user may see);
every rule about goals lives in ``coaching.services.goals``.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import Goal, GoalStatus, Metric, Team, User
from ...permissions import agents_visible_to, teams_visible_to
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
    """One goal with its projection and today's SMART check, criterion by criterion."""


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
