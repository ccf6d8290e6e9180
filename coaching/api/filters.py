"""Query-string filters of the API lists (django-filter), checked strictly.

The same names mean the same thing everywhere:

- ``agent``, ``metric``, ``goal``, ... : an id;
- ``team``: a team id; for per-agent records (goals, one-on-ones, action items,
  expectations, observations, sessions, coaching proposals) the agents in that team *today*
  (goals: also the team's own goals); for metric values the team the agent was in *on that day*;
- ``day_from`` / ``day_to``: an inclusive date range on the record's own date (metric
  values: ``day``; goals and action items: ``due_date``; one-on-ones: ``meeting_on``;
  observations: ``observed_at``; coaching sessions: ``held_on``; expectations: ``created_at``);
- ``status``: the record's state, where it has one.

Filters only narrow what the visibility policy already allows; an id outside it simply
matches nothing. Nothing is accepted silently: a parameter a list does not know, a date
that is not ``YYYY-MM-DD``, a boolean that is not ``true``/``false``, or ``day_from`` after
``day_to`` is a 400 naming the parameter (``StrictFilterBackend``).
"""

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from ..models import (
    ActionItem,
    Behaviour,
    Channel,
    CoachingProposal,
    CoachingSession,
    DisputeStatus,
    Expectation,
    Goal,
    GoalStatus,
    Metric,
    MetricKind,
    MetricRole,
    MetricValue,
    Observation,
    ObservationMethod,
    OneOnOne,
    ProposalStatus,
    Role,
    Team,
    TeamMembership,
    TeamMetricValue,
    User,
)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """An id; filtering by an id the user may not see matches nothing (no query to check it exists)."""

    field_class = forms.IntegerField


class IsoDateField(forms.DateField):
    """A date written ``YYYY-MM-DD`` and nothing else (no locale formats, no time)."""

    input_formats = ("%Y-%m-%d",)
    default_error_messages = {"invalid": _("Enter a date as YYYY-MM-DD.")}


class IsoDateFilter(filters.DateFilter):
    """A date filter that takes only ``YYYY-MM-DD``."""

    field_class = IsoDateField


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` (also ``1``/``0``, any case); anything else is an error, never "no filter"."""

    default_error_messages = {"invalid": _("Enter true or false.")}
    _VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self._VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.BooleanFilter):
    """A boolean filter that refuses a value it cannot read instead of ignoring it."""

    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # The rest_framework filter's widget turns anything but true/false into "no filter".
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class StrictFilterSet(filters.FilterSet):
    """A filter set whose model fields get the strict filters, and whose ``day_from`` may not follow ``day_to``."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
        models.DateField: {"filter_class": IsoDateFilter},
    }

    def get_form_class(self):
        form_class = super().get_form_class()

        def clean(form):
            cleaned = forms.Form.clean(form)
            first, last = cleaned.get("day_from"), cleaned.get("day_to")
            if first and last and first > last:
                form.add_error("day_to", _("day_to comes before day_from; give a range that runs forwards."))
            return cleaned

        return type(form_class.__name__, (form_class,), {"clean": clean})


class StrictFilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend, refusing (400) a list's query parameter it does not know.

    Known: the list's filters, its paginator's parameters and ``format``. A misspelt filter
    would otherwise answer every record as if it were not there.
    """

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) == "list":
            self._refuse_unknown(request, queryset, view)
        return super().filter_queryset(request, queryset, view)

    def _refuse_unknown(self, request, queryset, view):
        known = {"format"}
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            known |= {parameter["name"] for parameter in paginator.get_schema_operation_parameters(view)}
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            message = _("Unknown query parameter; this list takes: %(known)s.") % {"known": ", ".join(sorted(known))}
            raise ValidationError({name: [message] for name in unknown})


def _current_agents(team_id):
    return TeamMembership.objects.current().filter(team_id=team_id).values("agent")


def _day_range(field_name: str):
    return (
        IsoDateFilter(field_name=field_name, lookup_expr="gte", label=_("From this day (inclusive), YYYY-MM-DD")),
        IsoDateFilter(field_name=field_name, lookup_expr="lte", label=_("To this day (inclusive), YYYY-MM-DD")),
    )


class AgentTeamFilterSet(StrictFilterSet):
    """Filters for per-agent records: ``agent`` and ``team`` (agents in the team today)."""

    agent_field = "agent"

    agent = IdFilter(method="filter_agent", label=_("Agent id"))
    team = IdFilter(method="filter_team", label=_("Team id: agents in this team today"))

    def filter_agent(self, queryset, name, value):
        return queryset.filter(**{f"{self.agent_field}_id": value})

    def filter_team(self, queryset, name, value):
        return queryset.filter(**{f"{self.agent_field}__in": _current_agents(value)})


class TeamFilter(StrictFilterSet):
    """Teams by whether they are active."""

    class Meta:
        model = Team
        fields = ("is_active",)


class AgentFilter(StrictFilterSet):
    """Agents by team today, employee id and whether they are active."""

    team = IdFilter(method="filter_team", label=_("Team id: agents in this team today"))
    employee_id = filters.CharFilter(label=_("Employee id"))

    class Meta:
        model = User
        fields = ("team", "employee_id", "is_active")

    def filter_team(self, queryset, name, value):
        return queryset.filter(pk__in=_current_agents(value))


class PersonFilter(StrictFilterSet):
    """People by role, team today, employee id, username and whether they are active."""

    team = IdFilter(method="filter_team", label=_("Team id: agents in this team today"))
    role = filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = User
        fields = ("role", "team", "employee_id", "username", "is_active")

    def filter_team(self, queryset, name, value):
        return queryset.filter(pk__in=_current_agents(value))


class MembershipFilter(StrictFilterSet):
    """Memberships by agent, team, and whether they are in force today (``current``)."""

    agent = IdFilter(field_name="agent_id", label=_("Agent id"))
    team = IdFilter(field_name="team_id", label=_("Team id"))
    current = StrictBooleanFilter(method="filter_current", label=_("Only those in force today (true) or not (false)"))

    class Meta:
        model = TeamMembership
        fields = ("agent", "team", "current")

    def filter_current(self, queryset, name, value):
        current = TeamMembership.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class MetricFilter(StrictFilterSet):
    """Metrics by code, kind, role and whether they are active."""

    kind = filters.ChoiceFilter(choices=MetricKind.choices)
    role = filters.ChoiceFilter(choices=MetricRole.choices)

    class Meta:
        model = Metric
        fields = ("code", "kind", "role", "is_active")


class _MetricDaysFilterSet(StrictFilterSet):
    """Values of a metric (id or code) over a day range: what agent and team values are filtered by alike."""

    metric = IdFilter(field_name="metric_id", label=_("Metric id"))
    metric_code = filters.CharFilter(field_name="metric__code", label=_("Metric code, e.g. AHT"))
    day_from, day_to = _day_range("day")


class MetricValueFilter(_MetricDaysFilterSet):
    """Daily values by agent, team on that day, metric (id or code) and day range."""

    agent = IdFilter(field_name="agent_id", label=_("Agent id"))
    team = IdFilter(field_name="team_id", label=_("Team id: the team the agent was in on that day"))

    class Meta:
        model = MetricValue
        fields = ("agent", "team", "metric", "metric_code", "day_from", "day_to")


class TeamMetricValueFilter(_MetricDaysFilterSet):
    """Team-level values by team, metric (id or code) and day range."""

    team = IdFilter(field_name="team_id", label=_("Team id"))

    class Meta:
        model = TeamMetricValue
        fields = ("team", "metric", "metric_code", "day_from", "day_to")


class GoalFilter(AgentTeamFilterSet):
    """Goals by agent, team (its own goals and its agents'), metric, status and due-date range."""

    team = IdFilter(method="filter_team", label=_("Team id: the team's goals and those of its agents today"))
    metric = IdFilter(field_name="metric_id", label=_("Metric id"))
    status = filters.MultipleChoiceFilter(choices=GoalStatus.choices)
    day_from, day_to = _day_range("due_date")

    class Meta:
        model = Goal
        fields = ("agent", "team", "metric", "status", "day_from", "day_to")

    def filter_team(self, queryset, name, value):
        return queryset.filter(Q(team_id=value) | Q(agent__in=_current_agents(value)))


class ExpectationFilter(AgentTeamFilterSet):
    """Expectations by goal, agent, team, status (pending or acknowledged) and creation-date range."""

    goal = IdFilter(field_name="goal_id", label=_("Goal id"))
    status = filters.ChoiceFilter(
        choices=(("pending", _("Waiting for the agent")), ("acknowledged", _("Acknowledged"))),
        method="filter_status",
    )
    day_from, day_to = _day_range("created_at__date")

    class Meta:
        model = Expectation
        fields = ("goal", "agent", "team", "status", "day_from", "day_to")

    def filter_status(self, queryset, name, value):
        return queryset.filter(acknowledged_at__isnull=value == "pending")


class OneOnOneFilter(AgentTeamFilterSet):
    """One-on-ones by agent, team, manager and meeting-date range."""

    manager = IdFilter(field_name="manager_id", label=_("Manager id"))
    day_from, day_to = _day_range("meeting_on__date")

    class Meta:
        model = OneOnOne
        fields = ("agent", "team", "manager", "day_from", "day_to")


class ActionItemFilter(AgentTeamFilterSet):
    """Action items by one-on-one, agent, team, owner, status (open or done) and due-date range."""

    agent_field = "one_on_one__agent"

    one_on_one = IdFilter(field_name="one_on_one_id", label=_("One-on-one id"))
    owner = IdFilter(field_name="owner_id", label=_("Owner id"))
    status = filters.ChoiceFilter(choices=(("open", _("Open")), ("done", _("Done"))), method="filter_status")
    day_from, day_to = _day_range("due_date")

    class Meta:
        model = ActionItem
        fields = ("one_on_one", "agent", "team", "owner", "status", "day_from", "day_to")

    def filter_status(self, queryset, name, value):
        return queryset.filter(done_at__isnull=value == "open")


class BehaviourFilter(StrictFilterSet):
    """Behaviours by whether they are active and by a metric they drive."""

    metric = IdFilter(method="filter_metric", label=_("Metric id: behaviours that drive it"))

    class Meta:
        model = Behaviour
        fields = ("is_active", "metric")

    def filter_metric(self, queryset, name, value):
        return queryset.filter(pk__in=Behaviour.metrics.through.objects.filter(metric_id=value).values("behaviour"))


class ObservationFilter(AgentTeamFilterSet):
    """Observations by agent, team, observer, method, channel, goal, behaviour rated and date range."""

    observer = IdFilter(field_name="observer_id", label=_("Observer id"))
    method = filters.ChoiceFilter(choices=ObservationMethod.choices)
    channel = filters.ChoiceFilter(choices=Channel.choices)
    goal = IdFilter(field_name="goal_id", label=_("Goal id"))
    behaviour = IdFilter(method="filter_behaviour", label=_("Behaviour id: observations that rated it"))
    dispute = filters.ChoiceFilter(
        choices=[choice for choice in DisputeStatus.choices if choice[0]],
        method="filter_dispute",
        label=_("Observations with a rating disputed and in this state (open: waiting for the coach's answer)"),
    )
    day_from, day_to = _day_range("observed_at__date")

    class Meta:
        model = Observation
        fields = (
            "agent",
            "team",
            "observer",
            "method",
            "channel",
            "goal",
            "behaviour",
            "dispute",
            "day_from",
            "day_to",
        )

    def filter_behaviour(self, queryset, name, value):
        return queryset.filter(pk__in=Observation.objects.filter(ratings__behaviour_id=value).values("pk"))

    def filter_dispute(self, queryset, name, value):
        return queryset.filter(pk__in=Observation.objects.filter(ratings__dispute_status=value).values("pk"))


class CoachingSessionFilter(AgentTeamFilterSet):
    """Coaching sessions by agent, team, coach, behaviour in focus and date range."""

    coach = IdFilter(field_name="coach_id", label=_("Coach id"))
    behaviour = IdFilter(method="filter_behaviour", label=_("Behaviour id: sessions focused on it"))
    day_from, day_to = _day_range("held_on")

    class Meta:
        model = CoachingSession
        fields = ("agent", "team", "coach", "behaviour", "day_from", "day_to")

    def filter_behaviour(self, queryset, name, value):
        through = CoachingSession.behaviours.through
        return queryset.filter(pk__in=through.objects.filter(behaviour_id=value).values("coachingsession"))


class CoachingProposalFilter(AgentTeamFilterSet):
    """Coaching proposals by agent, team, metric and status (proposed, accepted, dismissed)."""

    metric = IdFilter(field_name="metric_id", label=_("Metric id"))
    status = filters.MultipleChoiceFilter(choices=ProposalStatus.choices)

    class Meta:
        model = CoachingProposal
        fields = ("agent", "team", "metric", "status")
