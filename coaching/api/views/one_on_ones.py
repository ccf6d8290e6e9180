"""Step 2 over the API: one-on-ones, action items and expectations, written through the same services as the pages.

``private_notes`` reach a response only through ``PrivateNotesField``, which asks
``permissions.can_see_private_notes`` for each one-on-one.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ...models import ActionItem
from ...permissions import expectations_visible_to, may_manage, one_on_ones_visible_to, records_visible_to
from ...selectors.one_on_ones import one_on_one_agenda
from ...services import expectations as expectation_services
from ...services import one_on_ones as one_on_one_services
from .. import filters, serializers
from ..permissions import ManagersWrite
from .base import DETAIL_ERRORS, VisibleReadViewSet, read_schema, write_schema


@read_schema(
    serializers.OneOnOneSerializer,
    create=write_schema(
        serializers.OneOnOneCreateSerializer, serializers.OneOnOneSerializer, status_code=status.HTTP_201_CREATED
    ),
    partial_update=write_schema(serializers.OneOnOneUpdateSerializer, serializers.OneOnOneSerializer),
)
class OneOnOneViewSet(VisibleReadViewSet):
    """One-on-ones of the agents the user may see; the agent's managers and administrators record them."""

    serializer_class = serializers.OneOnOneSerializer
    filterset_class = filters.OneOnOneFilter
    permission_classes = (IsAuthenticated, ManagersWrite)
    ordering = ("-meeting_on", "-pk")

    def visible(self, user):
        one_on_ones = one_on_ones_visible_to(user)
        # The policy leaves private notes unread; load them only for those who manage (the only
        # people shown any), so a list costs one query. Each row is still checked on its own.
        if may_manage(user):
            one_on_ones = one_on_ones.defer(None)
        return one_on_ones

    def get_permissions(self):
        if self.action in ("agenda", "agenda_add"):
            # The agent adds to the agenda too, before the meeting: the service asks the policy.
            return [IsAuthenticated()]
        return super().get_permissions()

    def create(self, request):
        """A one-on-one the requesting manager holds with one of their agents; open action items join its agenda."""
        data = self.validated(serializers.OneOnOneCreateSerializer)
        one_on_one = one_on_one_services.one_on_one_create(actor=request.user, **data)
        return self.respond(
            self.get_queryset().get(pk=one_on_one.pk),
            serializers.OneOnOneSerializer,
            status_code=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, pk=None):
        """Change the time, notes or check-in; ``private_notes`` only by the manager who held it or an admin."""
        one_on_one = self.get_object()
        data = self.validated(serializers.OneOnOneUpdateSerializer)
        one_on_one_services.one_on_one_update(
            one_on_one=one_on_one,
            actor=request.user,
            meeting_on=data.get("meeting_on", one_on_one.meeting_on),
            shared_notes=data.get("shared_notes", one_on_one.shared_notes),
            next_meeting_on=data.get("next_meeting_on", one_on_one.next_meeting_on),
            mood=data.get("mood", one_on_one.mood),
            private_notes=data.get("private_notes"),
        )
        return self.respond(self.get_queryset().get(pk=one_on_one.pk), serializers.OneOnOneSerializer)

    @extend_schema(responses={200: serializers.AgendaItemSerializer(many=True), **DETAIL_ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def agenda(self, request, pk=None):
        """The points to talk about, in the order they were added (carried-over action items included)."""
        items = one_on_one_agenda(self.get_object())
        return Response(serializers.AgendaItemSerializer(items, many=True).data)

    @write_schema(
        serializers.AgendaItemCreateSerializer, serializers.AgendaItemSerializer, status_code=status.HTTP_201_CREATED
    )
    @agenda.mapping.post
    def agenda_add(self, request, pk=None):
        """Add a point: the agent's managers any time, the agent until the meeting starts."""
        one_on_one = self.get_object()
        data = self.validated(serializers.AgendaItemCreateSerializer)
        item = one_on_one_services.agenda_item_add(one_on_one=one_on_one, actor=request.user, text=data["text"])
        return self.respond(item, serializers.AgendaItemSerializer, status_code=status.HTTP_201_CREATED)


@read_schema(
    serializers.ActionItemSerializer,
    create=write_schema(
        serializers.ActionItemCreateSerializer, serializers.ActionItemSerializer, status_code=status.HTTP_201_CREATED
    ),
    done=write_schema(serializers.ActionItemDoneSerializer, serializers.ActionItemSerializer),
)
class ActionItemViewSet(VisibleReadViewSet):
    """Action items of the one-on-ones the user may see; managers add them, the owner or a manager marks them done."""

    serializer_class = serializers.ActionItemSerializer
    filterset_class = filters.ActionItemFilter
    ordering = ("due_date", "pk")

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated(), ManagersWrite()]
        return super().get_permissions()

    def visible(self, user):
        items = ActionItem.objects.select_related("one_on_one").defer("one_on_one__private_notes")
        return records_visible_to(user, items, agent_field="one_on_one__agent")

    def create(self, request):
        """An action agreed in a one-on-one, owned by its agent or its manager."""
        data = self.validated(serializers.ActionItemCreateSerializer)
        item = one_on_one_services.action_item_create(actor=request.user, **data)
        return self.respond(item, serializers.ActionItemSerializer, status_code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        """Mark the item done, or open again; its owner or the agent's manager may."""
        item = self.get_object()
        data = self.validated(serializers.ActionItemDoneSerializer)
        item = one_on_one_services.action_item_set_done(action_item=item, actor=request.user, done=data["done"])
        return self.respond(item, serializers.ActionItemSerializer)


@read_schema(
    serializers.ExpectationSerializer,
    acknowledge=write_schema(serializers.ExpectationAcknowledgeSerializer, serializers.ExpectationSerializer),
)
class ExpectationViewSet(VisibleReadViewSet):
    """Expectations of the agents the user may see; the agent acknowledges their own."""

    serializer_class = serializers.ExpectationSerializer
    filterset_class = filters.ExpectationFilter
    ordering = ("-created_at", "-pk")

    def visible(self, user):
        return expectations_visible_to(user)

    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """The agent confirms they have read and understood their expectation, with an optional comment."""
        expectation = self.get_object()
        data = self.validated(serializers.ExpectationAcknowledgeSerializer)
        expectation = expectation_services.expectation_acknowledge(
            expectation=expectation, actor=request.user, comment=data["comment"]
        )
        return self.respond(expectation, serializers.ExpectationSerializer)
