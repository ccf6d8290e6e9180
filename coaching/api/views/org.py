"""Read-only API of the organisation and catalogues: teams, agents, metrics, metric values, behaviours.

Metric values are written only through the import endpoint (``coaching.api.views.imports``).
"""

from django.db.models import OuterRef, Subquery

from ...models import Behaviour, Metric, MetricValue, TeamMembership, TeamMetricValue
from ...permissions import agents_visible_to, records_visible_to, teams_visible_to
from ...selectors.org import teams_with_leads
from .. import filters, serializers
from .base import VisibleReadViewSet, read_schema


@read_schema(serializers.TeamSerializer)
class TeamViewSet(VisibleReadViewSet):
    """Teams the user may see: a manager's own, a coach's covered teams, all for administrators, none for agents."""

    serializer_class = serializers.TeamSerializer
    filterset_class = filters.TeamFilter
    ordering = ("name", "pk")

    def visible(self, user):
        return teams_with_leads(teams_visible_to(user))


@read_schema(serializers.AgentSerializer)
class AgentViewSet(VisibleReadViewSet):
    """Agents the user may see (an agent: only themself), with the team each is in today."""

    serializer_class = serializers.AgentSerializer
    filterset_class = filters.AgentFilter
    ordering = ("first_name", "last_name", "username", "pk")

    def visible(self, user):
        current_team = TeamMembership.objects.current().filter(agent=OuterRef("pk")).values("team")[:1]
        return agents_visible_to(user).annotate(current_team_id=Subquery(current_team))


@read_schema(serializers.MetricSerializer)
class MetricViewSet(VisibleReadViewSet):
    """The KPI definitions; everyone signed in sees them all."""

    serializer_class = serializers.MetricSerializer
    filterset_class = filters.MetricFilter
    ordering = ("display_order", "code", "pk")

    def visible(self, user):
        return Metric.objects.all()


@read_schema(serializers.MetricValueSerializer)
class MetricValueViewSet(VisibleReadViewSet):
    """Daily metric values of the agents the user may see; read-only (values arrive through imports)."""

    serializer_class = serializers.MetricValueSerializer
    filterset_class = filters.MetricValueFilter
    ordering = ("day", "agent_id", "metric_id")

    def visible(self, user):
        values = MetricValue.objects.select_related("metric", "agent").only(
            "id", "agent", "metric", "team", "day", "value", "sample_size", "agent__employee_id", "metric__code"
        )
        return records_visible_to(user, values)


@read_schema(serializers.TeamMetricValueSerializer)
class TeamMetricValueViewSet(VisibleReadViewSet):
    """Team-level values (pulse engagement, eNPS) of the teams the user may see; none for agents.

    A value exists only for a team with at least the anonymity threshold of answers.
    """

    serializer_class = serializers.TeamMetricValueSerializer
    filterset_class = filters.TeamMetricValueFilter
    ordering = ("day", "team_id", "metric_id")

    def visible(self, user):
        values = TeamMetricValue.objects.select_related("metric")
        return values.filter(team__in=teams_visible_to(user))


@read_schema(serializers.BehaviourSerializer)
class BehaviourViewSet(VisibleReadViewSet):
    """The behaviour catalogue with the metrics each behaviour drives; everyone signed in sees it."""

    serializer_class = serializers.BehaviourSerializer
    filterset_class = filters.BehaviourFilter
    ordering = ("display_order", "name", "pk")

    def visible(self, user):
        return Behaviour.objects.prefetch_related("metrics")
