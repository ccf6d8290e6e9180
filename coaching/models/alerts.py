"""Alerts that open investigations: alert rules, the investigations and coaching proposals they open, notes."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..rules import alerts as conditions
from .metrics import Metric, MetricKind, per_team_message
from .observations import Behaviour
from .org import Team, User
from .rollups import RollupPeriod


class AlertScope(models.TextChoices):
    """What a rule watches: every team, one team, or each agent on their own."""

    ALL_TEAMS = "all_teams", _("Each team")
    TEAM = "team", _("One team")
    EACH_AGENT = "each_agent", _("Each agent")


class AlertCondition(models.TextChoices):
    """When a rule triggers, always judged in the metric's worse direction."""

    CUSUM = conditions.CUSUM, _("Lasting shift from the usual level (CUSUM on a frozen baseline)")
    THRESHOLD = conditions.THRESHOLD, _("Threshold crossed")
    TREND = conditions.TREND, _("Worsening trend over N periods")
    CONTROL_LIMIT = conditions.CONTROL_LIMIT, _("Point beyond 3 standard deviations of the baseline")
    RUN = conditions.RUN, _("Run of K points on the worse side of the baseline mean")


class AlertAction(models.TextChoices):
    """What a triggered rule does."""

    INVESTIGATION = "investigation", _("Open an investigation")
    COACHING_PROPOSAL = "coaching_proposal", _("Propose a coaching session to the agent's coach")


class AssigneeChoice(models.TextChoices):
    """Who an investigation is assigned to."""

    TEAM_MANAGER = "team_manager", _("The team's manager")
    PERSON = "person", _("A named person")


class AlertRule(models.Model):
    """A watch on one metric: scope, condition, the period it is judged over, and what to do when it triggers."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="alert_rules", verbose_name=_("metric"))
    scope = models.CharField(_("scope"), max_length=16, choices=AlertScope.choices, default=AlertScope.ALL_TEAMS)
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_rules",
        verbose_name=_("team"),
        help_text=_("Only for the scope “one team”."),
    )
    condition = models.CharField(
        _("condition"),
        max_length=16,
        choices=AlertCondition.choices,
        default=AlertCondition.CUSUM,
        help_text=_(
            "A lasting shift is the default: about one false investigation per agent and metric in twenty years. "
            "The other conditions raise far more on every agent; check the expected false investigations first."
        ),
    )
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("For “threshold crossed”: the level the latest period must not be worse than."),
    )
    periods = models.PositiveSmallIntegerField(
        _("periods (N)"),
        default=4,
        validators=[MinValueValidator(conditions.MIN_TREND_PERIODS)],
        help_text=_("For a worsening trend: how many periods the trend line runs over."),
    )
    run_length = models.PositiveSmallIntegerField(
        _("run length (K)"),
        default=conditions.DEFAULT_RUN_LENGTH,
        validators=[MinValueValidator(2)],
        help_text=_("For a run: how many consecutive periods on the worse side of the baseline mean."),
    )
    baseline_periods = models.PositiveSmallIntegerField(
        _("baseline periods"),
        default=conditions.DEFAULT_BASELINE_PERIODS,
        validators=[MinValueValidator(conditions.MIN_BASELINE_PERIODS)],
        help_text=_(
            "For a lasting shift and the control-chart rules: how many periods before the ones judged make the "
            "baseline (at least 20 for a lasting shift)."
        ),
    )
    period = models.CharField(_("period"), max_length=8, choices=RollupPeriod.choices, default=RollupPeriod.WEEK)
    action = models.CharField(
        _("action"), max_length=20, choices=AlertAction.choices, default=AlertAction.INVESTIGATION
    )
    assignee_choice = models.CharField(
        _("assign to"), max_length=16, choices=AssigneeChoice.choices, default=AssigneeChoice.TEAM_MANAGER
    )
    assignee = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named person"),
        help_text=_("For “a named person”: a neutral party such as HR."),
    )
    due_in_days = models.PositiveSmallIntegerField(_("due in (days)"), default=14, validators=[MinValueValidator(1)])
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(scope=AlertScope.TEAM, team__isnull=False) | (~Q(scope=AlertScope.TEAM) & Q(team=None)),
                name="alert_rule_team_only_for_team_scope",
                violation_error_message=_("Choose a team for the scope “one team”, and only then."),
            ),
            models.CheckConstraint(
                condition=~Q(condition=AlertCondition.THRESHOLD) | Q(threshold__isnull=False),
                name="alert_rule_threshold_set",
                violation_error_message=_("A threshold rule needs a threshold."),
            ),
            models.CheckConstraint(
                condition=~Q(action=AlertAction.COACHING_PROPOSAL) | Q(scope=AlertScope.EACH_AGENT),
                name="alert_rule_proposal_per_agent",
                violation_error_message=_("A coaching session is proposed only by a rule watching each agent."),
            ),
            models.CheckConstraint(
                condition=Q(assignee_choice=AssigneeChoice.PERSON, assignee__isnull=False)
                | (~Q(assignee_choice=AssigneeChoice.PERSON) & Q(assignee=None)),
                name="alert_rule_named_assignee",
                violation_error_message=_("Name the person to assign investigations to, and only then."),
            ),
            models.CheckConstraint(condition=Q(scope__in=AlertScope.values), name="alert_rule_scope_valid"),
            models.CheckConstraint(condition=Q(condition__in=AlertCondition.values), name="alert_rule_condition_valid"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.action == AlertAction.COACHING_PROPOSAL:
            if self.scope != AlertScope.EACH_AGENT:
                errors["scope"] = _("A coaching session is proposed only by a rule watching each agent.")
            if self.metric_id and self.metric.kind not in (MetricKind.CUSTOMER, MetricKind.OPERATIONAL):
                errors["action"] = _("Coaching is proposed for customer and operational metrics only.")
        if self.scope == AlertScope.EACH_AGENT and self.metric_id and self.metric.per_team:
            errors["scope"] = per_team_message(self.metric)
        if self.metric_id and self.metric.per_team and self.period != RollupPeriod.MONTH:
            errors["period"] = _(
                "A pulse-survey figure comes once per survey round, so most weeks have none: judge it month by month."
            )
        if self.scope == AlertScope.TEAM and self.team_id is None:
            errors["team"] = _("Choose the team this rule watches.")
        if self.scope != AlertScope.TEAM and self.team_id is not None:
            errors["team"] = _("A team is chosen only for the scope “one team”.")
        if self.condition == AlertCondition.CUSUM and (self.baseline_periods or 0) < conditions.MIN_CUSUM_BASELINE:
            errors["baseline_periods"] = _("A lasting shift is judged against at least %(count)d periods.") % {
                "count": conditions.MIN_CUSUM_BASELINE
            }
        if self.condition == AlertCondition.THRESHOLD and self.threshold is None:
            errors["threshold"] = _("A threshold rule needs a threshold.")
        if self.assignee_choice == AssigneeChoice.PERSON:
            if self.assignee_id is None:
                errors["assignee"] = _("Name the person to assign investigations to.")
            elif self.assignee.is_agent:
                errors["assignee"] = _("Investigations are never assigned to agents.")
        elif self.assignee_id is not None:
            errors["assignee"] = _("A named person is chosen only with “assign to: a named person”.")
        if errors:
            raise ValidationError(errors)

    @property
    def periods_needed(self) -> int:
        return conditions.periods_needed(
            self.condition, periods=self.periods, baseline_periods=self.baseline_periods, run_length=self.run_length
        )


class InvestigationStatus(models.TextChoices):
    """Where an investigation stands."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")


class Investigation(models.Model):
    """A follow-up a triggered rule opened: a person talks to the people involved and records the outcome."""

    rule = models.ForeignKey(
        AlertRule, on_delete=models.PROTECT, related_name="investigations", verbose_name=_("alert rule")
    )
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+", verbose_name=_("metric"))
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="investigations", verbose_name=_("team"))
    agent = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="investigations_about",
        verbose_name=_("agent"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InvestigationStatus.choices, default=InvestigationStatus.OPEN
    )
    assignee = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="assigned_investigations", verbose_name=_("assigned to")
    )
    due_date = models.DateField(_("due date"))
    period_end = models.DateField(
        _("last day of the data"), help_text=_("The last day of the latest period in the data that triggered it.")
    )
    trigger_data = models.JSONField(_("data that triggered it"), default=dict, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    actions = models.TextField(_("actions"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("resolved by")
    )

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        ordering = ("-opened_at", "-pk")
        constraints = [
            # Two constraints, because NULL agents never collide in a unique index.
            models.UniqueConstraint(
                fields=["rule", "team"],
                condition=Q(agent__isnull=True) & ~Q(status=InvestigationStatus.RESOLVED),
                name="investigation_one_open_per_rule_team",
            ),
            models.UniqueConstraint(
                fields=["rule", "agent"],
                condition=Q(agent__isnull=False) & ~Q(status=InvestigationStatus.RESOLVED),
                name="investigation_one_open_per_rule_agent",
            ),
            models.CheckConstraint(
                condition=~Q(status=InvestigationStatus.RESOLVED)
                | (Q(resolved_at__isnull=False) & ~Q(outcome="") & ~Q(actions="")),
                name="investigation_resolved_with_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status__in=InvestigationStatus.values), name="investigation_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["assignee", "status"], name="investigation_assignee")]

    def __str__(self):
        scope = self.agent or self.team
        return f"{self.rule} · {scope} · {self.opened_at:%Y-%m-%d}" if self.opened_at else f"{self.rule} · {scope}"

    @property
    def is_open(self) -> bool:
        return self.status != InvestigationStatus.RESOLVED


class InvestigationNote(models.Model):
    """A note of a conversation held during an investigation."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="notes", verbose_name=_("investigation")
    )
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("investigation note")
        verbose_name_plural = _("investigation notes")
        ordering = ("created_at", "pk")

    def __str__(self):
        return f"{self.author} · {self.created_at:%Y-%m-%d}" if self.created_at else str(self.author)


class ProposalStatus(models.TextChoices):
    """What the coach did with a proposal."""

    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class CoachingProposal(models.Model):
    """A proposal to the agent's coach to hold a coaching session on the behaviours that drive a slipping metric."""

    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("rule"))
    agent = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="coaching_proposals", verbose_name=_("agent")
    )
    coach = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="coaching_proposals_to_me", verbose_name=_("coach")
    )
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+", verbose_name=_("metric"))
    behaviours = models.ManyToManyField(
        Behaviour, related_name="coaching_proposals", blank=True, verbose_name=_("behaviours to coach")
    )
    period_end = models.DateField(_("last day of the data"))
    trigger_data = models.JSONField(_("data that triggered it"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    dismiss_reason = models.TextField(_("why it was dismissed"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("coaching proposal")
        verbose_name_plural = _("coaching proposals")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "agent"],
                condition=Q(status=ProposalStatus.PROPOSED),
                name="coaching_proposal_one_open_per_rule_agent",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.DISMISSED) | ~Q(dismiss_reason=""),
                name="coaching_proposal_dismissed_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="coaching_proposal_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.rule} · {self.agent}"
