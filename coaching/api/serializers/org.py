"""Serializers of the organisation and the catalogues: teams, agents, metrics, metric values, behaviours."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import Behaviour, Metric, MetricRole, MetricValue, Team, TeamMetricValue, User
from .fields import BlankAsNullEmailField


class TeamSerializer(serializers.ModelSerializer):
    """A team with its managers, coaches and current headcount."""

    headcount = serializers.IntegerField(read_only=True, help_text=_("Agents in the team today."))

    class Meta:
        model = Team
        fields = ("id", "name", "description", "is_active", "managers", "coaches", "headcount")
        read_only_fields = fields


class AgentSerializer(serializers.ModelSerializer):
    """An agent, with the id other systems know them by and the team they are in today."""

    name = serializers.CharField(source="get_full_name", read_only=True)
    team = serializers.IntegerField(
        source="current_team_id", read_only=True, allow_null=True, help_text=_("The team the agent is in today.")
    )
    email = BlankAsNullEmailField(read_only=True, help_text=_("The email address, or null when none is set."))

    class Meta:
        model = User
        fields = ("id", "username", "name", "first_name", "last_name", "email", "employee_id", "is_active", "team")
        read_only_fields = fields


class MetricSerializer(serializers.ModelSerializer):
    """A KPI definition: unit, direction, kind, roll-up, valid range and the role it plays, if any."""

    role = serializers.ChoiceField(
        choices=MetricRole.choices,
        allow_blank=True,
        read_only=True,
        help_text=_(
            "The part the metric plays where a page needs one particular metric, or empty; "
            "at most one metric plays each role, chosen by an administrator in the Django admin."
        ),
    )

    class Meta:
        model = Metric
        fields = (
            "id",
            "code",
            "name",
            "description",
            "unit",
            "direction",
            "kind",
            "aggregation",
            "min_value",
            "max_value",
            "decimal_places",
            "display_order",
            "is_active",
            "source",
            "role",
        )
        read_only_fields = fields


class MetricValueSerializer(serializers.ModelSerializer):
    """One agent's value of one metric on one day, with its sample size and the team that day."""

    metric_code = serializers.CharField(source="metric.code", read_only=True)
    employee_id = serializers.CharField(source="agent.employee_id", read_only=True)

    class Meta:
        model = MetricValue
        fields = ("id", "agent", "employee_id", "metric", "metric_code", "day", "value", "sample_size", "team")
        read_only_fields = fields


class TeamMetricValueSerializer(serializers.ModelSerializer):
    """One team's value of a team-level metric (pulse engagement, eNPS) on a round's closing day; sample = answers."""

    metric_code = serializers.CharField(source="metric.code", read_only=True)

    class Meta:
        model = TeamMetricValue
        fields = ("id", "team", "metric", "metric_code", "day", "value", "sample_size")
        read_only_fields = fields


class BehaviourSerializer(serializers.ModelSerializer):
    """A behaviour of the catalogue, what good looks like, and the metrics it drives."""

    class Meta:
        model = Behaviour
        fields = ("id", "name", "good_looks_like", "metrics", "display_order", "is_active")
        read_only_fields = fields
