"""Provisioning over the API, for administrators (an HR system's service account): people and team memberships.

Every write calls ``coaching.services.org``: a move closes the agent's membership the day
before and opens the new one (``agent_assign_team``), which also moves their daily values
and roll-ups to the team of each day. Nobody but an administrator reads or writes here
(403). Teams are created and changed at ``teams/`` (``coaching.api.views.org``).
"""

from django.db.models import OuterRef, Subquery
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from ... import clock
from ...models import TeamMembership, User
from ...services import org as org_services
from .. import filters, serializers
from ..permissions import MayProvisionPeople
from .base import VisibleReadViewSet, read_schema, write_schema


@read_schema(
    serializers.PersonSerializer,
    create=write_schema(
        serializers.PersonCreateSerializer, serializers.PersonSerializer, status_code=status.HTTP_201_CREATED
    ),
    partial_update=write_schema(serializers.PersonUpdateSerializer, serializers.PersonSerializer),
)
class PersonViewSet(VisibleReadViewSet):
    """Everyone with an account, whatever their role; administrators create, change and deactivate them."""

    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    permission_classes = (IsAuthenticated, MayProvisionPeople)
    ordering = ("username", "pk")

    def visible(self, user):
        current_team = TeamMembership.objects.current().filter(agent=OuterRef("pk")).values("team")[:1]
        return User.objects.annotate(current_team_id=Subquery(current_team))

    def create(self, request):
        """A new person; without ``password`` they have no usable one."""
        data = self.validated(serializers.PersonCreateSerializer)
        person = org_services.user_create(actor=request.user, **data)
        return self.respond(
            self.get_queryset().get(pk=person.pk), serializers.PersonSerializer, status_code=status.HTTP_201_CREATED
        )

    def partial_update(self, request, pk=None):
        """Change what is sent; ``is_active: false`` deactivates the person, ``true`` brings them back."""
        person = self.get_object()
        data = self.validated(serializers.PersonUpdateSerializer)
        org_services.user_update(actor=request.user, person=person, **data)
        return self.respond(self.get_queryset().get(pk=person.pk), serializers.PersonSerializer)


@read_schema(
    serializers.MembershipSerializer,
    create=write_schema(
        serializers.MembershipCreateSerializer, serializers.MembershipSerializer, status_code=status.HTTP_201_CREATED
    ),
    end=write_schema(serializers.MembershipEndSerializer, serializers.MembershipSerializer),
)
class MembershipViewSet(VisibleReadViewSet):
    """Who was in which team when; administrators move agents (close one membership, open the next) and end them."""

    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter
    permission_classes = (IsAuthenticated, MayProvisionPeople)
    ordering = ("agent_id", "start_date", "pk")

    def visible(self, user):
        return TeamMembership.objects.all()

    def create(self, request):
        """Put an agent in a team from ``start_date`` (default today); their current team closes the day before."""
        data = self.validated(serializers.MembershipCreateSerializer)
        membership = org_services.membership_open(
            actor=request.user,
            agent=data["agent"],
            team=data["team"],
            start_date=data.get("start_date") or clock.today(),
        )
        return self.respond(membership, serializers.MembershipSerializer, status_code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """Close an open membership on ``end_date``, the agent's last day in the team (say, when they leave)."""
        membership = self.get_object()
        data = self.validated(serializers.MembershipEndSerializer)
        membership = org_services.membership_end(actor=request.user, membership=membership, end_date=data["end_date"])
        return self.respond(membership, serializers.MembershipSerializer)


def register(router) -> None:
    """Add the provisioning endpoints to the API ``router``."""
    router.register("users", PersonViewSet, basename="api-user")
    router.register("team-memberships", MembershipViewSet, basename="api-team-membership")
