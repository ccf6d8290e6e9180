"""Alerts over the API: alert rules (administrators), investigations (note, resolve), proposals (accept, dismiss).

Investigations come from ``permissions.investigations_visible_to`` and proposals from
``permissions.proposals_visible_to``: as on the pages, an agent gets a 404 on every
investigation and proposal endpoint, the lists included.
"""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ... import clock
from ...models import AlertRule, InvestigationNote
from ...permissions import investigations_visible_to, may_see_investigations, proposals_visible_to
from ...services import alerts as services
from ..filters import CoachingProposalFilter
from ..permissions import MayConfigureAlertRules
from ..serializers.alerts import (
    AlertRuleSerializer,
    CoachingProposalDismissSerializer,
    CoachingProposalSerializer,
    InvestigationNoteCreateSerializer,
    InvestigationResolveSerializer,
    InvestigationSerializer,
    RuleBudgetSerializer,
)
from .base import WRITE_ERRORS, VisibleReadViewSet, read_schema, write_schema


@read_schema(
    AlertRuleSerializer,
    create=write_schema(AlertRuleSerializer, AlertRuleSerializer, status_code=status.HTTP_201_CREATED),
    update=write_schema(AlertRuleSerializer, AlertRuleSerializer),
    partial_update=write_schema(AlertRuleSerializer, AlertRuleSerializer),
    budget=write_schema(AlertRuleSerializer, RuleBudgetSerializer),
    budget_change=extend_schema(
        operation_id="alert_rules_budget_of_change",
        request=AlertRuleSerializer,
        responses={200: RuleBudgetSerializer, **WRITE_ERRORS},
    ),
)
class AlertRuleViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, VisibleReadViewSet):
    """Alert rules; administrators read and write them (retire one by setting ``is_active`` to false)."""

    serializer_class = AlertRuleSerializer
    permission_classes = (IsAuthenticated, MayConfigureAlertRules)
    ordering = ("name", "pk")

    def visible(self, user):
        return AlertRule.objects.select_related("metric", "team", "assignee")

    def perform_create(self, serializer):
        serializer.instance = services.alert_rule_save(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.alert_rule_save(
            actor=self.request.user, rule=serializer.instance, **serializer.validated_data
        )

    @action(detail=False, methods=["post"], url_path="budget")
    def budget(self, request):
        """A new rule's false-alarm budget before it is created (the body of ``POST alert-rules/``); nothing saved."""
        return self._budget(AlertRuleSerializer(data=request.data, context=self.get_serializer_context()), rule=None)

    @action(detail=True, methods=["post"], url_path="budget")
    def budget_change(self, request, pk=None):
        """The budget of the rule with these changes (the body of ``PATCH alert-rules/{id}/``); nothing saved."""
        rule = self.get_object()
        serializer = AlertRuleSerializer(rule, data=request.data, partial=True, context=self.get_serializer_context())
        return self._budget(serializer, rule=rule)

    def _budget(self, serializer, *, rule):
        serializer.is_valid(raise_exception=True)
        budget = services.alert_rule_budget(
            actor=self.request.user, today=clock.today(), rule=rule, **serializer.validated_data
        )
        return Response(RuleBudgetSerializer(budget).data)


@read_schema(
    InvestigationSerializer,
    notes=write_schema(InvestigationNoteCreateSerializer, InvestigationSerializer),
    resolve=write_schema(InvestigationResolveSerializer, InvestigationSerializer),
)
class InvestigationViewSet(VisibleReadViewSet):
    """Investigations the user may see (assignee, the team's managers, administrators); never agents."""

    serializer_class = InvestigationSerializer
    ordering = ("-opened_at", "-pk")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not may_see_investigations(request.user):
            raise Http404

    def visible(self, user):
        notes = InvestigationNote.objects.order_by("created_at", "pk")
        return investigations_visible_to(user).prefetch_related(Prefetch("notes", queryset=notes))

    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        """Add a note of a conversation held; an open investigation moves to "in progress"."""
        investigation = self.get_object()
        data = self.validated(InvestigationNoteCreateSerializer)
        services.investigation_note_add(investigation=investigation, actor=request.user, text=data["text"])
        return self.respond(self.get_queryset().get(pk=investigation.pk), InvestigationSerializer)

    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Resolve with an outcome and actions (both required)."""
        investigation = self.get_object()
        data = self.validated(InvestigationResolveSerializer)
        services.investigation_resolve(investigation=investigation, actor=request.user, **data)
        return self.respond(self.get_queryset().get(pk=investigation.pk), InvestigationSerializer)


@read_schema(
    CoachingProposalSerializer,
    accept=write_schema(None, CoachingProposalSerializer),
    dismiss=write_schema(CoachingProposalDismissSerializer, CoachingProposalSerializer),
)
class CoachingProposalViewSet(VisibleReadViewSet):
    """Coaching proposals the user may see (made to them, about agents they coach, or all for admins); never agents."""

    serializer_class = CoachingProposalSerializer
    filterset_class = CoachingProposalFilter
    ordering = ("-created_at", "-pk")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not may_see_investigations(request.user):
            raise Http404

    def visible(self, user):
        return proposals_visible_to(user)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Take the proposal up; the session itself is then recorded as any other (``POST coaching-sessions/``)."""
        proposal = services.coaching_proposal_accept(proposal=self.get_object(), actor=request.user)
        return self.respond(proposal, CoachingProposalSerializer)

    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        """Set the proposal aside, saying why (``reason``, required)."""
        proposal = self.get_object()
        data = self.validated(CoachingProposalDismissSerializer)
        proposal = services.coaching_proposal_dismiss(proposal=proposal, actor=request.user, reason=data["reason"])
        return self.respond(proposal, CoachingProposalSerializer)


def register(router) -> None:
    """Add the alert endpoints to the API ``router``."""
    router.register("alert-rules", AlertRuleViewSet, basename="api-alert-rule")
    router.register("investigations", InvestigationViewSet, basename="api-investigation")
    router.register("coaching-proposals", CoachingProposalViewSet, basename="api-coaching-proposal")
