"""Step 3 over the API: observations with ratings and coaching sessions, written through the step-3 services.

An agent sees only the observations shared with them (``permissions.observations_visible_to``).
"""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from ...models import BehaviourRating
from ...permissions import observations_visible_to, sessions_visible_to
from ...services import coaching_sessions as session_services
from ...services import observations as observation_services
from .. import filters, serializers
from ..permissions import CoachesWrite
from .base import VisibleReadViewSet, read_schema, write_schema


@read_schema(
    serializers.ObservationSerializer,
    create=write_schema(
        serializers.ObservationCreateSerializer, serializers.ObservationSerializer, status_code=status.HTTP_201_CREATED
    ),
    acknowledge=write_schema(None, serializers.ObservationSerializer),
    partial_update=write_schema(serializers.ObservationUpdateSerializer, serializers.ObservationSerializer),
    rating_dispute=write_schema(serializers.RatingDisputeSerializer, serializers.ObservationSerializer),
    rating_answer=write_schema(serializers.RatingAnswerSerializer, serializers.ObservationSerializer),
)
class ObservationViewSet(VisibleReadViewSet):
    """Observations the user may see, with their ratings; coaches and managers of the agent record them."""

    serializer_class = serializers.ObservationSerializer
    filterset_class = filters.ObservationFilter
    ordering = ("-observed_at", "-pk")

    def get_permissions(self):
        if self.action in ("create", "partial_update"):
            return [IsAuthenticated(), CoachesWrite()]
        return super().get_permissions()

    def visible(self, user):
        return observations_visible_to(user).prefetch_related(
            Prefetch("ratings", queryset=BehaviourRating.objects.order_by("behaviour__display_order", "pk"))
        )

    def create(self, request):
        """An observation of one interaction of an agent the requesting user coaches, with its ratings."""
        data = self.validated(serializers.ObservationCreateSerializer)
        ratings = [observation_services.RatingInput(**rating) for rating in data.pop("ratings")]
        observation = observation_services.observation_create(actor=request.user, ratings=ratings, **data)
        return self.respond(
            self.get_queryset().get(pk=observation.pk),
            serializers.ObservationSerializer,
            status_code=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """The agent confirms they have read an observation shared with them."""
        observation = observation_services.observation_acknowledge(actor=request.user, observation=self.get_object())
        return self.respond(self.get_queryset().get(pk=observation.pk), serializers.ObservationSerializer)

    def partial_update(self, request, pk=None):
        """Correct an observation's facts (not its ratings), under the same rules as recording it."""
        observation = self.get_object()
        data = self.validated(serializers.ObservationUpdateSerializer)
        observation_services.observation_update(actor=request.user, observation=observation, **data)
        return self.respond(self.get_queryset().get(pk=observation.pk), serializers.ObservationSerializer)

    @action(detail=True, methods=["post"], url_path=r"ratings/(?P<rating_id>[0-9]+)/dispute")
    def rating_dispute(self, request, pk=None, rating_id=None):
        """The agent disputes one rating of an observation shared with them, saying why (``comment``)."""
        rating = self._rating(rating_id)
        data = self.validated(serializers.RatingDisputeSerializer)
        observation_services.rating_dispute(actor=request.user, rating=rating, comment=data["comment"])
        return self.respond(self.get_queryset().get(pk=rating.observation_id), serializers.ObservationSerializer)

    @action(detail=True, methods=["post"], url_path=r"ratings/(?P<rating_id>[0-9]+)/answer")
    def rating_answer(self, request, pk=None, rating_id=None):
        """The coach answers an open dispute: keeps the rating, or changes it to ``new_score``, with a ``response``."""
        rating = self._rating(rating_id)
        data = self.validated(serializers.RatingAnswerSerializer)
        observation_services.rating_resolve(actor=request.user, rating=rating, **data)
        return self.respond(self.get_queryset().get(pk=rating.observation_id), serializers.ObservationSerializer)

    def _rating(self, rating_id) -> BehaviourRating:
        observation = self.get_object()
        try:
            return observation.ratings.select_related("observation__agent").get(pk=rating_id)
        except BehaviourRating.DoesNotExist:
            raise Http404(_("No such rating.")) from None


@read_schema(
    serializers.CoachingSessionSerializer,
    create=write_schema(
        serializers.CoachingSessionCreateSerializer,
        serializers.CoachingSessionSerializer,
        status_code=status.HTTP_201_CREATED,
    ),
    partial_update=write_schema(serializers.CoachingSessionUpdateSerializer, serializers.CoachingSessionSerializer),
)
class CoachingSessionViewSet(VisibleReadViewSet):
    """Coaching sessions of the agents the user may see; coaches and managers of the agent record them."""

    serializer_class = serializers.CoachingSessionSerializer
    filterset_class = filters.CoachingSessionFilter
    permission_classes = (IsAuthenticated, CoachesWrite)
    ordering = ("-held_on", "-pk")

    def visible(self, user):
        return sessions_visible_to(user).prefetch_related("behaviours", "goals")

    def create(self, request):
        """A coaching session the requesting user held with an agent they coach."""
        data = self.validated(serializers.CoachingSessionCreateSerializer)
        session = session_services.coaching_session_create(actor=request.user, **data)
        return self.respond(
            self.get_queryset().get(pk=session.pk),
            serializers.CoachingSessionSerializer,
            status_code=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, pk=None):
        """Correct a session: only the keys sent change, under the same rules as recording it."""
        session = self.get_object()
        data = self.validated(serializers.CoachingSessionUpdateSerializer)
        session_services.coaching_session_update(actor=request.user, session=session, **data)
        return self.respond(self.get_queryset().get(pk=session.pk), serializers.CoachingSessionSerializer)
