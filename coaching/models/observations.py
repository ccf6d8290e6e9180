"""Step 3 of the cycle: the behaviour catalogue, observations with ratings, coaching sessions."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import clock
from .goals import Goal
from .metrics import Metric
from .org import User

RATING_MIN, RATING_MAX = 1, 5


class Behaviour(models.Model):
    """A behaviour coached on calls, what good looks like, and the metrics it drives."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    good_looks_like = models.TextField(_("what good looks like"))
    metrics = models.ManyToManyField(Metric, related_name="behaviours", blank=True, verbose_name=_("metrics it drives"))
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("behaviour")
        verbose_name_plural = _("behaviours")
        ordering = ("display_order", "name")

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    """Where the observed interaction happened."""

    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("Email")
    SOCIAL = "social", _("Social media")


class ObservationMethod(models.TextChoices):
    """How the coach observed the interaction."""

    SIDE_BY_SIDE = "side_by_side", _("Side-by-side")
    LIVE_LISTEN = "live_listen", _("Live listen")
    RECORDING = "recording", _("Recording review")


class Observation(models.Model):
    """A coach's or manager's observation of one real interaction of an agent."""

    agent = models.ForeignKey(User, on_delete=models.CASCADE, related_name="observations", verbose_name=_("agent"))
    observer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="made_observations", verbose_name=_("observer")
    )
    observed_at = models.DateTimeField(_("observed at"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.PHONE)
    interaction_id = models.CharField(
        _("interaction id"), max_length=120, blank=True, help_text=_("The contact's id in the contact platform.")
    )
    recording_url = models.URLField(_("recording link"), blank=True)
    method = models.CharField(_("how it was observed"), max_length=16, choices=ObservationMethod.choices)
    summary = models.TextField(_("summary"), blank=True)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("linked goal"),
    )
    shared_with_agent = models.BooleanField(_("shared with the agent"), default=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ("-observed_at",)
        indexes = [models.Index(fields=["agent", "observed_at"], name="observation_agent_time")]

    def __str__(self):
        return f"{self.agent} · {self.observed_at:%Y-%m-%d} · {self.get_method_display()}"


class DisputeStatus(models.TextChoices):
    """Where an agent's dispute of a rating stands."""

    NONE = "", _("Not disputed")
    OPEN = "open", _("Disputed")
    UPHELD = "upheld", _("Rating kept")
    CHANGED = "changed", _("Rating changed")


class BehaviourRating(models.Model):
    """The rating of one behaviour in one observation, and any dispute of it."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("observation")
    )
    behaviour = models.ForeignKey(
        Behaviour, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("behaviour")
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
        help_text=_("1 = needs a lot of work, 3 = meets the standard, 5 = role model."),
    )
    comment = models.TextField(_("comment"), blank=True)
    original_score = models.PositiveSmallIntegerField(_("score before the dispute"), null=True, blank=True)
    dispute_status = models.CharField(
        _("dispute"), max_length=8, choices=DisputeStatus.choices, default=DisputeStatus.NONE, blank=True
    )
    dispute_comment = models.TextField(_("agent's dispute"), blank=True)
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    dispute_response = models.TextField(_("coach's answer"), blank=True)
    resolved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    resolved_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("behaviour rating")
        verbose_name_plural = _("behaviour ratings")
        ordering = ("behaviour__display_order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["observation", "behaviour"], name="rating_one_per_behaviour"),
            models.CheckConstraint(
                condition=Q(score__gte=RATING_MIN, score__lte=RATING_MAX), name="rating_score_in_scale"
            ),
        ]

    def __str__(self):
        return f"{self.behaviour}: {self.score}"


class CoachingSession(models.Model):
    """A coaching conversation on chosen behaviours, with agreed actions and a follow-up date."""

    agent = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coaching_sessions", verbose_name=_("agent"))
    coach = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="held_coaching_sessions", verbose_name=_("coach")
    )
    held_on = models.DateField(_("date"))
    behaviours = models.ManyToManyField(
        Behaviour, related_name="coaching_sessions", verbose_name=_("behaviours in focus")
    )
    goals = models.ManyToManyField(Goal, related_name="coaching_sessions", blank=True, verbose_name=_("goals"))
    notes = models.TextField(_("notes"), blank=True)
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    agent_commitment = models.TextField(_("the agent's commitment, in their words"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ("-held_on", "-pk")
        indexes = [models.Index(fields=["agent", "held_on"], name="session_agent_day")]

    def __str__(self):
        return f"{self.agent} · {self.held_on:%Y-%m-%d}"

    def clean(self):
        if self.held_on and self.held_on > clock.today() + datetime.timedelta(days=1):
            raise ValidationError({"held_on": _("Record a coaching session once it has been held.")})
