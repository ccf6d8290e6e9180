"""Step 1 of the cycle: goals, goal templates and the history of goal adjustments."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .metrics import Metric, per_team_message
from .org import Team, User


class GoalStatus(models.TextChoices):
    """Where a goal is in its life."""

    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


class TargetKind(models.TextChoices):
    """How a template sets each agent's target."""

    ABSOLUTE = "absolute", _("The same target for every agent")
    IMPROVEMENT = "improvement", _("Each agent's own baseline, improved by a set amount")
    TEAM = "team", _("The target of the agent's team (its live team goal on the same metric)")


class GoalTemplate(models.Model):
    """A reusable goal a manager applies to a whole team or chosen agents in one step."""

    name = models.CharField(_("name"), max_length=160)
    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, related_name="goal_templates", verbose_name=_("metric")
    )
    target_kind = models.CharField(
        _("target for each agent"), max_length=16, choices=TargetKind.choices, default=TargetKind.ABSOLUTE
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4, null=True, blank=True)
    improvement = models.DecimalField(
        _("improvement on each agent's baseline"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("In the metric's unit, always counted in the better direction."),
    )
    duration_days = models.PositiveIntegerField(_("length in days"), default=90)
    description = models.TextField(_("what exactly is measured"), blank=True)
    objective = models.TextField(_("business objective"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal template")
        verbose_name_plural = _("goal templates")
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(target_kind=TargetKind.ABSOLUTE, target__isnull=False)
                | Q(target_kind=TargetKind.IMPROVEMENT, improvement__gt=0)
                | Q(target_kind=TargetKind.TEAM, target__isnull=True, improvement__isnull=True),
                name="goal_template_target_fits_its_kind",
                violation_error_message=_(
                    "A template gives one target for every agent, an improvement above zero, or the team's target."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class Goal(models.Model):
    """One metric to move, for a team or one agent, from a computed baseline to a target by a date."""

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="goals", verbose_name=_("metric"))
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="goals", verbose_name=_("team")
    )
    agent = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="goals", verbose_name=_("agent")
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("what exactly is measured"), blank=True)
    objective = models.TextField(_("business objective"), blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_start = models.DateField(_("baseline from"), null=True, blank=True)
    baseline_end = models.DateField(_("baseline to"), null=True, blank=True)
    baseline_sample = models.PositiveIntegerField(_("baseline sample size"), default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.DRAFT)
    template = models.ForeignKey(
        GoalTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals", verbose_name=_("template")
    )
    review_note = models.TextField(_("review note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ("due_date", "pk")
        constraints = [
            models.CheckConstraint(
                condition=(Q(team__isnull=False) & Q(agent__isnull=True))
                | (Q(team__isnull=True) & Q(agent__isnull=False)),
                name="goal_scope_is_team_or_agent",
                violation_error_message=_("A goal is for a team or for one agent."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__gt=models.F("start_date")),
                name="goal_due_after_start",
                violation_error_message=_("The due date must come after the start date."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="goal_status_due")]

    def __str__(self):
        return self.title

    @property
    def scope(self):
        """The team or agent the goal is for."""
        return self.agent or self.team

    @property
    def is_open(self):
        return self.status in (GoalStatus.DRAFT, GoalStatus.ACTIVE)

    def clean(self):
        if self.agent_id and self.agent.role != "agent":
            raise ValidationError(
                {"agent": _("Goals are set for agents, not for %(role)s.") % {"role": self.agent.get_role_display()}}
            )
        if self.agent_id and self.metric_id and self.metric.per_team:
            raise ValidationError({"metric": per_team_message(self.metric)})


class GoalAdjustment(models.Model):
    """A change of a goal's target or due date, or its closing, with the reason given."""

    class Kind(models.TextChoices):
        TARGET = "target", _("Target changed")
        DUE_DATE = "due_date", _("Due date changed")
        STATUS = "status", _("Status changed")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="adjustments", verbose_name=_("goal"))
    kind = models.CharField(_("change"), max_length=12, choices=Kind.choices)
    old_value = models.CharField(_("before"), max_length=64)
    new_value = models.CharField(_("after"), max_length=64)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal adjustment")
        verbose_name_plural = _("goal adjustments")
        ordering = ("-changed_at", "-pk")

    def __str__(self):
        return f"{self.goal}: {self.get_kind_display()} {self.old_value} → {self.new_value}"
