"""Goals over the API: read what the policy shows; create, activate, adjust, close, personalise and template them.

Every write goes through the goal and expectation services, as on the goal pages.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ... import clock
from ...models import GoalStatus, GoalTemplate
from ...permissions import can_set_goals_for, goals_visible_to
from ...selectors.goals import goal_projections, goal_smart_check
from ...selectors.one_on_ones import team_goal_expectation_plan
from ...selectors.org import current_members
from ...services import goals as goal_services
from ...services.expectations import ExpectationDraft, expectations_create_for_team_goal
from .. import filters, serializers
from ..permissions import ManagersWrite, MayChangeGoal, MaySetGoals
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
    expectations=write_schema(
        serializers.TeamGoalExpectationsCreateSerializer,
        serializers.ExpectationSerializer(many=True),
        status_code=status.HTTP_201_CREATED,
    ),
    expectation_plan=extend_schema(responses={200: serializers.ExpectationPlanSerializer, **DETAIL_ERRORS}),
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
        check = goal_smart_check(goal, today=clock.today())
        goal.smart_criteria, goal.smart_passes = check.criteria, check.passes
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

    @action(detail=True, methods=["get"], url_path="expectation-plan")
    def expectation_plan(self, request, pk=None):
        """A team goal's agents today, each with a suggested personal target and their expectation if already set."""
        goal = self._team_goal_to_personalise()
        plan = team_goal_expectation_plan(goal, today=clock.today())
        return Response(serializers.ExpectationPlanSerializer(plan).data)

    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def expectations(self, request, pk=None):
        """Turn a live team goal into personal expectations for chosen agents, all or none; each agent is told.

        Each target is compared with the suggestion of ``expectation-plan``: a different one needs a reason.
        """
        goal = self._team_goal_to_personalise()
        data = self.validated(serializers.TeamGoalExpectationsCreateSerializer)
        suggested = {row.agent.pk: row.suggested for row in team_goal_expectation_plan(goal, today=clock.today()).rows}
        drafts = [
            ExpectationDraft(
                agent=item["agent"],
                target=item["target"],
                suggested_target=suggested.get(item["agent"].pk),
                target_reason=item["target_reason"],
                one_on_one=item["one_on_one"],
            )
            for item in data.pop("agents")
        ]
        created = expectations_create_for_team_goal(goal=goal, actor=request.user, drafts=drafts, **data)
        body = serializers.ExpectationSerializer(created, many=True, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def _team_goal_to_personalise(self):
        """The goal, if the requesting user sets expectations for its team (403 otherwise, 404 if not visible)."""
        goal = self.get_object()
        if goal.team_id is None or goal.metric.per_team:
            raise Http404(_("Expectations are set from team goals on metrics measured per agent."))
        if not can_set_goals_for(self.request.user, team=goal.team):
            raise PermissionDenied(_("Only the team's managers and administrators set expectations."))
        return goal


@read_schema(
    serializers.GoalTemplateSerializer,
    create=write_schema(
        serializers.GoalTemplateCreateSerializer,
        serializers.GoalTemplateSerializer,
        status_code=status.HTTP_201_CREATED,
    ),
    apply=write_schema(
        serializers.GoalTemplateApplySerializer,
        serializers.TemplateApplicationSerializer,
        status_code=status.HTTP_201_CREATED,
    ),
)
class GoalTemplateViewSet(VisibleReadViewSet):
    """Goal templates: saved from a goal, applied to a team or chosen agents; for those who set goals."""

    serializer_class = serializers.GoalTemplateSerializer
    permission_classes = (IsAuthenticated, MaySetGoals)
    ordering = ("name", "pk")

    def visible(self, user):
        return GoalTemplate.objects.all()

    def create(self, request):
        """Save a goal you may change as a template (``absolute``, ``improvement`` or ``team`` target)."""
        data = self.validated(serializers.GoalTemplateCreateSerializer)
        goal = data.pop("goal")
        if not can_set_goals_for(request.user, team=goal.team, agent=goal.agent):
            raise PermissionDenied(_("Only the team's managers and administrators change this goal."))
        template = goal_services.goal_template_create(goal=goal, actor=request.user, **data)
        return self.respond(template, serializers.GoalTemplateSerializer, status_code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """One goal per agent (the team's agents today, or those chosen), each from their own baseline."""
        template = self.get_object()
        data = self.validated(serializers.GoalTemplateApplySerializer)
        agents = list(current_members(data["team"])) if data.get("team") else data["agents"]
        application = goal_services.goal_template_apply(
            template=template, actor=request.user, agents=agents, start_date=data["start_date"]
        )
        payload = {
            "created": application.created,
            "active": application.active,
            "drafts": application.drafts,
            "skipped_ids": [agent.pk for agent in application.skipped],
            "notes": application.notes,
        }
        body = serializers.TemplateApplicationSerializer(payload).data
        return Response(body, status=status.HTTP_201_CREATED)


def _projections(goals) -> dict:
    return goal_projections([goal for goal in goals if goal.status == GoalStatus.ACTIVE], today=clock.today())
