"""Goals over the API: read what the policy shows; create, activate, adjust and close through the goal services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ... import clock
from ...models import GoalStatus
from ...permissions import can_set_goals_for, goals_visible_to
from ...selectors.goals import goal_projections, goal_smart_check
from ...services import goals as goal_services
from .. import filters, serializers
from ..permissions import ManagersWrite, MayChangeGoal
from .base import DETAIL_ERRORS, VisibleReadViewSet, read_schema, write_schema


@read_schema(
    serializers.GoalSerializer,
    retrieve=extend_schema(responses={200: serializers.GoalDetailSerializer, **DETAIL_ERRORS}),
    create=write_schema(
        serializers.GoalCreateSerializer, serializers.GoalCreatedSerializer, status_code=status.HTTP_201_CREATED
    ),
    activate=write_schema(None, serializers.GoalSerializer),
    adjust=write_schema(serializers.GoalAdjustSerializer, serializers.GoalSerializer),
    close=write_schema(serializers.GoalCloseSerializer, serializers.GoalSerializer),
)
class GoalViewSet(VisibleReadViewSet):
    """Goals of the agents and teams the user may see; managers of the scope and administrators change them."""

    serializer_class = serializers.GoalSerializer
    filterset_class = filters.GoalFilter
    permission_classes = (IsAuthenticated, ManagersWrite, MayChangeGoal)
    ordering = ("due_date", "pk")

    def visible(self, user):
        return goals_visible_to(user).select_related("metric")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["projections"] = {}
        return context

    def list(self, request):
        """A page of goals; each active one with its projection, computed for the whole page at once."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "projections": _projections(page)}
        return self.get_paginated_response(serializers.GoalSerializer(page, many=True, context=context).data)

    def retrieve(self, request, pk=None):
        """One goal with its projection and today's SMART check."""
        goal = self.get_object()
        goal.smart_criteria = goal_smart_check(goal, today=clock.today()).criteria
        return self.respond(goal, serializers.GoalDetailSerializer)

    def respond(self, instance, serializer_class, *, status_code=status.HTTP_200_OK):
        context = {**self.get_serializer_context(), "projections": _projections([instance])}
        return Response(serializer_class(instance, context=context).data, status=status_code)

    def create(self, request):
        """A goal with its baseline computed; it goes live when asked and no SMART criterion fails."""
        data = self.validated(serializers.GoalCreateSerializer)
        if not can_set_goals_for(request.user, team=data.get("team"), agent=data.get("agent")):
            raise PermissionDenied(_("You cannot set goals for this team or agent."))
        created = goal_services.goal_create(actor=request.user, **data)
        created.goal.smart_criteria = created.check.criteria
        return self.respond(created.goal, serializers.GoalCreatedSerializer, status_code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """Make a draft live, if no SMART criterion fails now."""
        goal = goal_services.goal_activate(goal=self.get_object(), actor=request.user)
        return self.respond(goal, serializers.GoalSerializer)

    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        """Change an open goal's target and/or due date, with a reason kept in its history."""
        goal = self.get_object()
        data = self.validated(serializers.GoalAdjustSerializer)
        goal = goal_services.goal_adjust(goal=goal, actor=request.user, **data)
        return self.respond(goal, serializers.GoalSerializer)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close an open goal as achieved, missed or cancelled, with a review note."""
        goal = self.get_object()
        data = self.validated(serializers.GoalCloseSerializer)
        goal = goal_services.goal_close(goal=goal, actor=request.user, **data)
        return self.respond(goal, serializers.GoalSerializer)


def _projections(goals) -> dict:
    return goal_projections([goal for goal in goals if goal.status == GoalStatus.ACTIVE], today=clock.today())
