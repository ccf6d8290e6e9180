"""Recognition and notifications over the API: company values, the walls' recognition, your own notifications.

Notifications are only ever the requesting person's own: another person's id is a 404.
``register(router)`` adds the three resources to the API router.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from ...models import Notification, NotificationKind, Recognition
from ...permissions import notifications_of, recognitions_visible_to
from ...selectors.recognition import company_values
from ...services import notifications as notification_services
from ...services.recognition import recognition_give
from ..filters import IdFilter, StrictBooleanFilter, StrictFilterSet
from ..serializers.recognition import (
    CompanyValueSerializer,
    NotificationSerializer,
    NotificationsReadSerializer,
    RecognitionCreateSerializer,
    RecognitionSerializer,
)
from .base import VisibleReadViewSet, read_schema, write_schema


class RecognitionFilter(StrictFilterSet):
    """Recognition by agent, team (the wall it is on), value and whether it celebrates a goal."""

    agent = IdFilter(field_name="agent_id", label=_("Agent id"))
    team = IdFilter(field_name="team_id", label=_("Team id: the wall it is on"))
    value = IdFilter(field_name="value_id", label=_("Company value id"))
    is_celebration = StrictBooleanFilter(label=_("Only goal celebrations (true) or only recognition (false)"))

    class Meta:
        model = Recognition
        fields = ("agent", "team", "value", "is_celebration")


class NotificationFilter(StrictFilterSet):
    """Notifications by kind and by whether they are read."""

    kind = filters.MultipleChoiceFilter(choices=NotificationKind.choices)
    unread = StrictBooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Only unread (true)"))

    class Meta:
        model = Notification
        fields = ("kind", "unread")


@read_schema(CompanyValueSerializer)
class CompanyValueViewSet(VisibleReadViewSet):
    """The company's current values, for everyone signed in."""

    serializer_class = CompanyValueSerializer
    ordering = ("order", "name", "pk")

    def visible(self, user):
        return company_values()


@read_schema(
    RecognitionSerializer,
    create=write_schema(RecognitionCreateSerializer, RecognitionSerializer, status_code=status.HTTP_201_CREATED),
)
class RecognitionViewSet(VisibleReadViewSet):
    """Recognition on the walls the user reads, what they received and what they gave; anyone recognises a colleague."""

    serializer_class = RecognitionSerializer
    filterset_class = RecognitionFilter
    ordering = ("-created_at", "-pk")

    def visible(self, user):
        return recognitions_visible_to(user)

    def create(self, request):
        """Recognise an agent of one of your teams for one of the company's values; the agent is told."""
        data = self.validated(RecognitionCreateSerializer)
        recognition = recognition_give(actor=request.user, **data)
        return self.respond(recognition, RecognitionSerializer, status_code=status.HTTP_201_CREATED)


@read_schema(
    NotificationSerializer,
    read=write_schema(None, NotificationSerializer),
    read_all=write_schema(None, NotificationsReadSerializer),
)
class NotificationViewSet(VisibleReadViewSet):
    """Your own notifications, unread first; mark one or all read."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering = ()  # the selector's order: unread first, then newest

    def visible(self, user):
        return notifications_of(user)

    def get_queryset(self):
        return self.visible(self.request.user)

    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark this notification read (again: no change)."""
        notification = notification_services.notification_mark_read(notification=self.get_object(), actor=request.user)
        return self.respond(notification, NotificationSerializer)

    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all your notifications read."""
        count = notification_services.notifications_mark_all_read(actor=request.user)
        return Response(NotificationsReadSerializer({"marked_read": count}).data)


def register(router) -> None:
    """Add company values, recognitions and notifications to the API ``router``."""
    router.register("company-values", CompanyValueViewSet, basename="api-company-value")
    router.register("recognitions", RecognitionViewSet, basename="api-recognition")
    router.register("notifications", NotificationViewSet, basename="api-notification")
