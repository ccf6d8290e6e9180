"""KPI definitions (Metric) and the daily values recorded for each agent (MetricValue)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .org import Team, User


class MetricUnit(models.TextChoices):
    """The unit a metric's values are expressed in."""

    SECONDS = "seconds", _("seconds")
    PERCENT = "percent", _("percent")
    SCORE = "score", _("score")
    COUNT = "count", _("count")


class Direction(models.TextChoices):
    """Which way is better for a metric."""

    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class MetricKind(models.TextChoices):
    """Whose experience a metric describes."""

    CUSTOMER = "customer", _("Customer")
    OPERATIONAL = "operational", _("Operational")
    EMPLOYEE = "employee", _("Employee")


class Aggregation(models.TextChoices):
    """How daily values roll up over days, agents and teams."""

    WEIGHTED_MEAN = "weighted_mean", _("Mean weighted by sample size")
    SUM = "sum", _("Sum")
    RATE = "rate", _("Rate (percent of the sample)")


class MetricSource(models.TextChoices):
    """Where a metric's values come from, and so whether they are per agent or per team."""

    AGENT_DATA = "agent", _("Each agent's daily values (imports, integrations)")
    PULSE_ENGAGEMENT = "pulse_engagement", _("Pulse surveys: each team's engagement score (0–100)")
    PULSE_ENPS = "pulse_enps", _("Pulse surveys: each team's eNPS (−100 to 100)")


class MetricRole(models.TextChoices):
    """The part a metric plays where a page needs one particular metric; at most one metric plays each."""

    CUSTOMER_SATISFACTION = "customer_satisfaction", _("Customer satisfaction")
    QUALITY_SCORE = "quality_score", _("Quality score")


class MetricQuerySet(models.QuerySet):
    def per_agent(self):
        """Metrics with a value per agent and day: the ones agent pages, KPI tables and imports show."""
        return self.filter(source=MetricSource.AGENT_DATA)

    def per_team(self):
        """Metrics measured for a team as a whole (anonymous surveys), never per agent."""
        return self.exclude(source=MetricSource.AGENT_DATA)


class Metric(models.Model):
    """A KPI definition: its unit, direction, kind, roll-up and valid range."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_\-]+$", _("Use letters, digits, - and _ only."))],
        help_text=_("The code used in KPI exports, e.g. AHT or CSAT."),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=MetricUnit.choices)
    direction = models.CharField(_("better when"), max_length=8, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=MetricKind.choices)
    aggregation = models.CharField(
        _("roll-up"), max_length=16, choices=Aggregation.choices, default=Aggregation.WEIGHTED_MEAN
    )
    min_value = models.DecimalField(_("lowest valid value"), max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("highest valid value"), max_digits=14, decimal_places=4, null=True, blank=True)
    decimal_places = models.PositiveSmallIntegerField(_("decimals shown"), default=1)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    source = models.CharField(
        _("values come from"),
        max_length=20,
        choices=MetricSource.choices,
        default=MetricSource.AGENT_DATA,
        help_text=_(
            "Pulse-survey metrics are computed for each team when a survey round closes, only for teams with "
            "enough answers; they never have a value per agent."
        ),
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=MetricRole.choices,
        blank=True,
        help_text=_(
            "Where a page needs one particular metric. Customer satisfaction: the comparison page's first pick. "
            "Quality score: coaches see the agents weakest on it first. At most one metric plays each role."
        ),
    )

    objects = MetricQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ("display_order", "code")
        constraints = [
            models.CheckConstraint(
                condition=~Q(aggregation="rate") | Q(unit="percent"),
                name="metric_rate_is_percent",
                violation_error_message=_("A rate metric must be expressed in percent."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="metric_valid_range_ordered",
                violation_error_message=_("The highest valid value must not be below the lowest."),
            ),
            models.UniqueConstraint(
                fields=["source"],
                condition=~Q(source="agent"),
                name="metric_one_per_pulse_source",
                violation_error_message=_("Another metric already takes its values from this pulse-survey figure."),
            ),
            models.CheckConstraint(
                condition=Q(source="agent") | Q(aggregation="weighted_mean"),
                name="metric_pulse_is_weighted_mean",
                violation_error_message=_("A pulse-survey metric rolls up as a mean weighted by answers."),
            ),
            models.UniqueConstraint(
                fields=["role"],
                condition=~Q(role=""),
                name="metric_one_per_role",
                violation_error_message=_("Another metric already plays this role; clear it there first."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["", *(choice.value for choice in MetricRole)]),
                name="metric_role_valid",
            ),
            models.CheckConstraint(
                condition=~Q(role=MetricRole.QUALITY_SCORE) | Q(source=MetricSource.AGENT_DATA),
                name="metric_quality_score_per_agent",
                violation_error_message=_(
                    "The quality score orders agents, so it must be a metric with a value per agent."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        holder = Metric.objects.filter(role=self.role).exclude(pk=self.pk).first() if self.role else None
        if holder is not None:
            raise ValidationError({"role": role_taken_message(holder)})

    @property
    def per_team(self) -> bool:
        """Whether the metric is measured for a team as a whole and never for one agent."""
        return self.source != MetricSource.AGENT_DATA

    @property
    def higher_is_better(self):
        return self.direction == Direction.HIGHER

    def is_within_range(self, value: Decimal) -> bool:
        """Whether ``value`` lies inside the metric's valid range (inclusive)."""
        if self.min_value is not None and value < self.min_value:
            return False
        return self.max_value is None or value <= self.max_value


class MetricValue(models.Model):
    """One agent's value of one metric on one day, with the sample it was measured on.

    ``team`` is the team the agent belonged to on ``day`` (kept by the membership
    services), so team series stay right after an agent moves team.
    """

    # No single-column indexes on the keys: agent is the first column of the unique (agent, metric,
    # day) index, metric of (metric, day) and team of (team, metric, day), and every index costs
    # each import. None of the three keys is checked by the database: a check trigger per inserted
    # row was most of a large import's time (the agent key's deferred check alone took 5 minutes at
    # the commit of 11 million rows). The writers resolve every key instead: the import validates
    # every agent and metric of a batch, then locks them (FOR KEY SHARE, once per agent and metric,
    # not once per row) until it commits; the ORM writers take model instances; the team comes from
    # the agent's memberships, whose team is protected. Deletes go through Django's collector, which
    # deletes an agent's values (CASCADE), refuses to delete a metric with values (PROTECT) and
    # clears a deleted team (SET_NULL).
    agent = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="metric_values",
        verbose_name=_("agent"),
        db_index=False,
        db_constraint=False,
    )
    metric = models.ForeignKey(
        Metric,
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("metric"),
        db_index=False,
        db_constraint=False,
    )
    day = models.DateField(_("day"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    sample_size = models.PositiveIntegerField(
        _("sample size"),
        default=1,
        validators=[MinValueValidator(0)],
        help_text=_("What the value was measured on: contacts handled, surveys answered, hours scheduled, ..."),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="metric_values",
        verbose_name=_("team on that day"),
        db_index=False,
        db_constraint=False,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("metric value")
        verbose_name_plural = _("metric values")
        ordering = ("agent", "metric", "day")
        constraints = [
            models.UniqueConstraint(fields=["agent", "metric", "day"], name="metric_value_one_per_agent_metric_day"),
        ]
        indexes = [
            # One team's series of one metric over a date range.
            models.Index(fields=["team", "metric", "day"], name="metric_value_team_series"),
            # Everyone's values of one metric over a date range (dashboards, roll-ups).
            models.Index(fields=["metric", "day"], name="metric_value_metric_day"),
        ]

    def __str__(self):
        return f"{self.agent} · {self.metric.code} · {self.day.isoformat()} = {self.value}"


def role_taken_message(holder: Metric) -> str:
    """Why a role cannot go to a second metric: it names the metric that has it."""
    return _(
        "%(metric)s already plays the role “%(role)s”. Clear it there first: at most one metric plays each role."
    ) % {"metric": holder, "role": holder.get_role_display()}


def per_team_message(metric: Metric) -> str:
    """Why a team-level metric cannot be used for one agent."""
    return _(
        "%(metric)s is measured for a team as a whole from anonymous pulse surveys; it has no value per agent. "
        "Use it for a team."
    ) % {"metric": metric.name}


class TeamMetricValue(models.Model):
    """One team's value of a team-level metric (e.g. pulse engagement) on one day.

    Written after a pulse round closes, dated on its closing day, only for teams with at
    least the anonymity threshold of responses; ``sample_size`` is the number of responses
    behind the figure (those rating the statements for engagement, the recommend answers
    for eNPS). Team-level metrics have no ``MetricValue`` rows: a per-agent value would
    break the anonymity of the surveys.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="team_metric_values", verbose_name=_("team"))
    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, related_name="team_values", verbose_name=_("metric"), db_index=False
    )
    day = models.DateField(_("day"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    sample_size = models.PositiveIntegerField(_("answers"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("team metric value")
        verbose_name_plural = _("team metric values")
        ordering = ("team", "metric", "day")
        constraints = [
            models.UniqueConstraint(fields=["team", "metric", "day"], name="team_metric_value_one_per_day"),
        ]
        indexes = [models.Index(fields=["metric", "day"], name="team_metric_value_metric_day")]

    def __str__(self):
        return f"{self.team} · {self.metric.code} · {self.day.isoformat()} = {self.value}"
