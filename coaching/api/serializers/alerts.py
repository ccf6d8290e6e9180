"""Serializers of alerts: alert rules (administrators), investigations with their notes, and the workflow writes."""

from rest_framework import serializers

from ...models import AlertRule, Investigation, InvestigationNote


class AlertRuleSerializer(serializers.ModelSerializer):
    """An alert rule: metric, scope, condition and its parameters, period, action and assignee."""

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
