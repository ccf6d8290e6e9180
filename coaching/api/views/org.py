"""API of the organisation and catalogues: teams (administrators create and change them), agents, metrics, values.

Metric values are written only through the import endpoint (``coaching.api.views.imports``).
"""

from django.db.models import OuterRef, Subquery
from rest_framework import status
from rest_framework.permissions import IsAuthenticated

from ...models import Behaviour, Metric, MetricValue, TeamMembership, TeamMetricValue
from ...permissions import agents_visible_to, records_visible_to, teams_visible_to
from ...selectors.org import teams_with_leads
from ...services import org as org_services
from .. import filters, serializers
from ..permissions import AdministratorsProvision
from .base import VisibleReadViewSet, read_schema, write_schema


@read_schema(
    serializers.TeamSerializer,
    create=write_schema(
        serializers.TeamWriteSerializer, serializers.TeamSerializer, status_code=status.HTTP_201_CREATED
    ),
    partial_update=write_schema(serializers.TeamWriteSerializer, serializers.TeamSerializer),
)
class TeamViewSet(VisibleReadViewSet):
    """Teams the user may see: a manager's own, a coach's covered teams, all for administrators, none for agents.

    Administrators create teams and change them (``PATCH``; ``is_active: false`` retires one).
    """

    serializer_class = serializers.TeamSerializer
    filterset_class = filters.TeamFilter
    permission_classes = (IsAuthenticated, AdministratorsProvision)
    ordering = ("name", "pk")

    def visible(self, user):
        return teams_with_leads(teams_visible_to(user))

    def create(self, request):
        """A new team with its managers and coaches."""
        data = self.validated(serializers.TeamWriteSerializer)
        team = org_services.team_create(actor=request.user, **data)
        return self.respond(self.get_queryset().get(pk=team.pk), serializers.TeamSerializer, status_code=201)

    def partial_update(self, request, pk=None):
        """Change what is sent: name, description, managers, coaches, whether active."""
        team = self.get_object()
        serializer = serializers.TeamWriteSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        org_services.team_update(actor=request.user, team=team, **serializer.validated_data)
        return self.respond(self.get_queryset().get(pk=team.pk), serializers.TeamSerializer)


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
