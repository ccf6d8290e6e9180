"""Step 2 over the API: one-on-ones, action items and expectations, written through the same services as the pages.

``private_notes`` reach a response only through ``PrivateNotesField``, which asks
``permissions.can_see_private_notes`` for each one-on-one.
"""

from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from ...models import ActionItem
from ...permissions import expectations_visible_to, may_manage, one_on_ones_visible_to, records_visible_to
from ...services import expectations as expectation_services
from ...services import one_on_ones as one_on_one_services
from .. import filters, serializers
from ..permissions import ManagersWrite
from .base import VisibleReadViewSet, read_schema, write_schema


@read_schema(
    serializers.OneOnOneSerializer,
    create=write_schema(
        serializers.OneOnOneCreateSerializer, serializers.OneOnOneSerializer, status_code=status.HTTP_201_CREATED
    ),
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

    def create(self, request):
        """A one-on-one the requesting manager holds with one of their agents; open action items join its agenda."""
        data = self.validated(serializers.OneOnOneCreateSerializer)
        one_on_one = one_on_one_services.one_on_one_create(actor=request.user, **data)
        return self.respond(
            self.get_queryset().get(pk=one_on_one.pk),
            serializers.OneOnOneSerializer,
            status_code=status.HTTP_201_CREATED,
        )


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
