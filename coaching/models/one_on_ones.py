"""Step 2 of the cycle: one-on-ones, their agenda and action items, and expectations."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .goals import Goal
from .org import User


class OneOnOne(models.Model):
    """A one-on-one meeting between a manager and an agent.

    ``private_notes`` are for the manager who held it and administrators only: never
    rendered or serialised for anyone else.
    """

    agent = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_on_ones", verbose_name=_("agent"))
    manager = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="held_one_on_ones", verbose_name=_("manager")
    )
    meeting_on = models.DateTimeField(_("meeting time"))
    shared_notes = models.TextField(_("notes shared with the agent"), blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)
    next_meeting_on = models.DateTimeField(_("next meeting"), null=True, blank=True)
    mood = models.PositiveSmallIntegerField(
        _("how the agent feels"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("A quick check-in from 1 (struggling) to 5 (great)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("one-on-one")
        verbose_name_plural = _("one-on-ones")
        ordering = ("-meeting_on",)
        constraints = [
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=1, mood__lte=5), name="one_on_one_mood_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["agent", "meeting_on"], name="one_on_one_agent_time")]

    def __str__(self):
        return f"{self.agent} · {self.meeting_on:%Y-%m-%d}"

    def clean(self):
        # Here, not only in the form: the API and every other writer go through full_clean().
        if self.meeting_on and self.next_meeting_on and self.next_meeting_on <= self.meeting_on:
            raise ValidationError({"next_meeting_on": _("The next meeting comes after this one.")})


class AgendaItem(models.Model):
    """A point to talk about in a one-on-one, added by the manager, the agent, or carried over."""

    one_on_one = models.ForeignKey(
        OneOnOne, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("one-on-one")
    )
    text = models.CharField(_("topic"), max_length=300)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by"))
    carried_from = models.ForeignKey(
        "ActionItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["one_on_one", "carried_from"],
                condition=Q(carried_from__isnull=False),
                name="agenda_item_carried_once",
            ),
        ]

    def __str__(self):
        return self.text


class ActionItem(models.Model):
    """Something someone agreed to do after a one-on-one, by a date."""

    one_on_one = models.ForeignKey(
        OneOnOne, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("one-on-one")
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ("done_at", "due_date", "pk")

    def __str__(self):
        return self.description

    @property
    def is_open(self):
        return self.done_at is None


class Expectation(models.Model):
    """A goal made personal for one agent: their own target, motivators and the manager's reasoning."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="expectations", verbose_name=_("goal"))
    agent = models.ForeignKey(User, on_delete=models.CASCADE, related_name="expectations", verbose_name=_("agent"))
    target = models.DecimalField(_("personal target"), max_digits=14, decimal_places=4)
    suggested_target = models.DecimalField(
        _("suggested target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_reason = models.TextField(_("why this target"), blank=True)
    individual_motivator = models.TextField(_("individual reward"), blank=True)
    team_motivator = models.TextField(_("team reward"), blank=True)
    reward_timing = models.CharField(_("when rewards come"), max_length=200, blank=True)
    one_on_one = models.ForeignKey(
        OneOnOne,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expectations",
        verbose_name=_("agreed in one-on-one"),
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    agent_comment = models.TextField(_("agent's comment"), blank=True)

    class Meta:
        verbose_name = _("expectation")
        verbose_name_plural = _("expectations")
        ordering = ("-created_at",)
        constraints = [models.UniqueConstraint(fields=["goal", "agent"], name="expectation_one_per_goal_agent")]

    def __str__(self):
        return f"{self.agent} · {self.goal}"
