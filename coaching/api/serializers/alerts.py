"""Serializers of alerts: alert rules (administrators), investigations, coaching proposals, and the workflow writes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import AlertRule, CoachingProposal, Investigation, InvestigationNote
from .fields import StrictBooleanField


class AlertRuleSerializer(serializers.ModelSerializer):
    """An alert rule: metric, scope, condition and its parameters, period, action and assignee."""

    # A boolean left out of a form-encoded body takes the model's default, as in JSON.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.BooleanField: StrictBooleanField,
    }

    class Meta:
        model = AlertRule
        fields = (
            "id",
            "name",
            "metric",
            "scope",
            "team",
            "condition",
            "threshold",
            "periods",
            "run_length",
            "baseline_periods",
            "period",
            "action",
            "assignee_choice",
            "assignee",
            "due_in_days",
            "is_active",
            "created_at",
        )
        read_only_fields = ("id", "created_at")
        # Validated as a whole by the model (``AlertRule.clean`` and its constraints) in the service.
        validators = []


class MonthCountSerializer(serializers.Serializer):
    """How many investigations the backtest opened in one month."""

    month = serializers.DateField(read_only=True)
    investigations = serializers.IntegerField(read_only=True)


class RuleBudgetSerializer(serializers.Serializer):
    """A rule's false-alarm budget: expected false investigations a month, and its backtest month by month."""

    scopes = serializers.IntegerField(read_only=True, help_text=_("Teams or agents the rule watches today."))
    expected_false_per_month = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "Investigations a month steady scopes would open by chance (null for a threshold: see the backtest)."
        ),
    )
    backtest_total = serializers.IntegerField(read_only=True)
    months = MonthCountSerializer(many=True, read_only=True)


class InvestigationNoteSerializer(serializers.ModelSerializer):
    """A note of a conversation held during an investigation."""

    class Meta:
        model = InvestigationNote
        fields = ("id", "author", "text", "created_at")
        read_only_fields = fields


class InvestigationSerializer(serializers.ModelSerializer):
    """An investigation: what triggered it, who it is assigned to, its notes and outcome."""

    notes = InvestigationNoteSerializer(many=True, read_only=True)

    class Meta:
        model = Investigation
        fields = (
            "id",
            "rule",
            "metric",
            "team",
            "agent",
            "status",
            "assignee",
            "due_date",
            "period_end",
            "trigger_data",
            "outcome",
            "actions",
            "opened_at",
            "resolved_at",
            "resolved_by",
            "notes",
        )
        read_only_fields = fields


class InvestigationNoteCreateSerializer(serializers.Serializer):
    """A note of a conversation held."""

    text = serializers.CharField()


class InvestigationResolveSerializer(serializers.Serializer):
    """What was found and what will be done; both required."""

    outcome = serializers.CharField()
    actions = serializers.CharField()


class NamedReferenceSerializer(serializers.Serializer):
    """Another record by id, with the name people know it by."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


class MetricReferenceSerializer(serializers.Serializer):
    """A metric by id, with its code."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)


class CoachingProposalSerializer(serializers.ModelSerializer):
    """A coaching session an alert rule proposed to the agent's coach, the behaviours to coach, and the decision."""

    rule = NamedReferenceSerializer(read_only=True)
    agent = NamedReferenceSerializer(read_only=True)
    coach = NamedReferenceSerializer(read_only=True)
    metric = MetricReferenceSerializer(read_only=True)
    behaviours = NamedReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = CoachingProposal
        fields = (
            "id",
            "rule",
            "agent",
            "coach",
            "metric",
            "behaviours",
            "period_end",
            "trigger_data",
            "status",
            "dismiss_reason",
            "decided_at",
            "created_at",
        )
        read_only_fields = fields


class CoachingProposalDismissSerializer(serializers.Serializer):
    """Why the proposed session is not needed (required)."""

    reason = serializers.CharField(help_text=_("Why the session is not needed."))
