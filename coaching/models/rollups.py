"""Weekly and monthly roll-ups of daily metric values, per agent and team, kept by the import."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .metrics import Metric
from .org import Team, User


class RollupPeriod(models.TextChoices):
    """The length of a roll-up period: ISO weeks (from Monday) or calendar months."""

    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class MetricRollup(models.Model):
    """The sums of one agent's daily values of one metric over one week or month, for one team.

    Split by the team the agent was in on each day, so a team's roll-up is the sum of
    its rows and an agent's the sum over their teams. The sums let any aggregation be
    computed: a weighted mean is ``weighted_sum / sample_sum``, a sum is ``value_sum``.
    """

    # No single-column indexes on the keys: the series indexes below start with agent and
    # with team, and every index costs each import's roll-up refresh. As for the daily values
    # (see MetricValue), only the agent key is enforced by the database; a roll-up is derived
    # from daily values whose metric and team the writers resolved, and can be rebuilt.
    agent = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="metric_rollups", verbose_name=_("agent"), db_index=False
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="metric_rollups",
        verbose_name=_("team"),
        db_index=False,
        db_constraint=False,
    )
    metric = models.ForeignKey(
        Metric,
        on_delete=models.CASCADE,
        related_name="rollups",
        verbose_name=_("metric"),
        db_index=False,
        db_constraint=False,
    )
    period = models.CharField(_("period"), max_length=8, choices=RollupPeriod.choices)
    period_start = models.DateField(_("first day of the period"))
    weighted_sum = models.DecimalField(_("Σ value × sample size"), max_digits=28, decimal_places=4)
    sample_sum = models.BigIntegerField(_("Σ sample size"))
    value_sum = models.DecimalField(_("Σ value"), max_digits=24, decimal_places=4)
    count = models.PositiveIntegerField(_("daily values"))

    class Meta:
        verbose_name = _("metric roll-up")
        verbose_name_plural = _("metric roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "metric", "period", "period_start", "team"],
                condition=Q(team__isnull=False),
                name="metric_rollup_unique_in_team",
            ),
            models.UniqueConstraint(
                fields=["agent", "metric", "period", "period_start"],
                condition=Q(team__isnull=True),
                name="metric_rollup_unique_without_team",
            ),
        ]
        indexes = [
            models.Index(fields=["agent", "metric", "period", "period_start"], name="metric_rollup_agent_series"),
            models.Index(fields=["team", "metric", "period", "period_start"], name="metric_rollup_team_series"),
        ]

    def __str__(self):
        return f"{self.agent_id} · {self.metric_id} · {self.period} {self.period_start.isoformat()}"
