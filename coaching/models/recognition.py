"""Recognition: the company's values and the recognition agents receive for living them, or for reaching a goal."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .goals import Goal
from .org import Team, User


class CompanyValue(models.Model):
    """One of the company's values people are recognised for; administrators keep the list."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.TextField(_("what it looks like"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=100)

    class Meta:
        verbose_name = _("company value")
        verbose_name_plural = _("company values")
        ordering = ("order", "name")

    def __str__(self):
        return self.name


class Recognition(models.Model):
    """Recognition of an agent, by a person for one of the values, or by the app when they reach a goal.

    ``team`` is the agent's team when it was given: the wall it stays on if the agent moves.
    A celebration (``is_celebration``) names its goal and no value; there is one per agent
    and goal.
    """

    agent = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="recognitions_received", verbose_name=_("agent")
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="recognitions", verbose_name=_("team")
    )
    given_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recognitions_given",
        verbose_name=_("given by"),
    )
    value = models.ForeignKey(
        CompanyValue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognitions",
        verbose_name=_("value"),
    )
    message = models.TextField(_("message"))
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="recognitions", verbose_name=_("goal")
    )
    is_celebration = models.BooleanField(_("goal celebration"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_celebration=True, goal__isnull=False) | Q(is_celebration=False, value__isnull=False),
                name="recognition_names_value_or_goal",
                violation_error_message=_("Recognition is for one of the company's values, or celebrates a goal."),
            ),
            models.UniqueConstraint(
                fields=["agent", "goal"], condition=Q(is_celebration=True), name="recognition_one_celebration_per_goal"
            ),
        ]
        indexes = [models.Index(fields=["team", "created_at"], name="recognition_team_time")]

    def __str__(self):
        return f"{self.agent} · {self.value or self.goal}"
