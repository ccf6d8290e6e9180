"""Pulse surveys: short, scheduled, anonymous questionnaires that measure how agents feel.

Anonymity is built into the tables, not only the pages:

- ``PulseParticipation`` records *that* an agent answered a round (for reminders and for
  answering once), never what they answered;
- ``PulseResponse`` holds the answers with the round and the team the agent was in, and
  no link to the agent. It carries no time of its own (a submission time on both sides
  would be a join key), and both it and ``PulseAnswer`` have random UUID keys, so the
  order of insertion cannot be matched with the order of participations either.

Results are shown only for groups of at least ``settings.COACHING_PULSE_MIN_RESPONSES``
responses (see ``coaching.selectors.pulse``).
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .org import Team, User


class PulseSchedule(models.TextChoices):
    """How often a survey opens a new round."""

    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class PulseQuestionKind(models.TextChoices):
    """The three kinds of question a pulse survey asks."""

    RECOMMEND = "recommend", _("Would you recommend working here (0–10)")
    STATEMENT = "statement", _("Statement to agree with (1–5)")
    TEXT = "text", _("Free text")


SCORE_RANGES = {
    PulseQuestionKind.RECOMMEND: (0, 10),
    PulseQuestionKind.STATEMENT: (1, 5),
}


class PulseSurvey(models.Model):
    """A short survey run on a schedule for some teams (no teams: every team)."""

    name = models.CharField(_("name"), max_length=120)
    teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="pulse_surveys",
        verbose_name=_("teams"),
        help_text=_("Leave empty to ask every team."),
    )
    schedule = models.CharField(_("schedule"), max_length=16, choices=PulseSchedule.choices)
    starts_on = models.DateField(
        _("first round opens on"), help_text=_("Later rounds open on the schedule counted from this day.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pulse survey")
        verbose_name_plural = _("pulse surveys")
        ordering = ("name", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(schedule__in=[choice.value for choice in PulseSchedule]), name="pulse_survey_schedule_valid"
            ),
        ]

    def __str__(self):
        return self.name


class PulseQuestion(models.Model):
    """One question of a survey.

    A survey asks exactly one 0–10 recommend question, any number of 1–5 statements and
    at most one free-text question; the database keeps "at most one" of each single kind,
    ``pulse_survey_create`` requires the recommend question.
    """

    survey = models.ForeignKey(
        PulseSurvey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PulseQuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("pulse question")
        verbose_name_plural = _("pulse questions")
        ordering = ("survey", "order", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[choice.value for choice in PulseQuestionKind]), name="pulse_question_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["survey", "kind"],
                condition=Q(kind__in=[PulseQuestionKind.RECOMMEND, PulseQuestionKind.TEXT]),
                name="pulse_question_one_recommend_one_text",
                violation_error_message=_("A survey has one recommend question and at most one free-text question."),
            ),
        ]

    def __str__(self):
        return self.text

    def score_range(self) -> tuple[int, int] | None:
        """The lowest and highest score this question takes; ``None`` for free text."""
        return SCORE_RANGES.get(self.kind)


class PulseRound(models.Model):
    """One run of a survey: open to answers from ``opens_on`` to ``closes_on`` (both included)."""

    survey = models.ForeignKey(PulseSurvey, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("survey"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        verbose_name = _("pulse round")
        verbose_name_plural = _("pulse rounds")
        ordering = ("survey", "-opens_on")
        constraints = [
            models.UniqueConstraint(fields=["survey", "opens_on"], name="pulse_round_one_per_survey_day"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="pulse_round_closes_after_it_opens"
            ),
        ]
        indexes = [models.Index(fields=["opens_on", "closes_on"], name="pulse_round_open_span")]

    def __str__(self):
        return f"{self.survey} · {self.opens_on.isoformat()} – {self.closes_on.isoformat()}"

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class PulseParticipation(models.Model):
    """That ``agent`` was asked in a round, whether they answered and whether they were reminded.

    Never what they answered: that is in a ``PulseResponse`` with no link back here.
    """

    round = models.ForeignKey(
        PulseRound, on_delete=models.CASCADE, related_name="participations", verbose_name=_("round")
    )
    agent = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="pulse_participations", verbose_name=_("agent")
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pulse participation")
        verbose_name_plural = _("pulse participations")
        ordering = ("round", "agent")
        constraints = [models.UniqueConstraint(fields=["round", "agent"], name="pulse_participation_once")]

    def __str__(self):
        return f"{self.agent} · {self.round}"


class PulseResponse(models.Model):
    """One anonymous set of answers to a round, with the team its author was in; no agent, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="responses", verbose_name=_("round"))
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="pulse_responses", verbose_name=_("team at the time")
    )

    class Meta:
        verbose_name = _("pulse response")
        verbose_name_plural = _("pulse responses")
        # Deliberately no time-like ordering: the id is random.
        ordering = ("round", "team", "id")
        indexes = [models.Index(fields=["round", "team"], name="pulse_response_round_team")]

    def __str__(self):
        return f"{self.round} · {self.team}"


class PulseAnswer(models.Model):
    """The answer to one question in a response: a score, or a text for the free-text question."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        PulseResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        PulseQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    text = models.TextField(_("text"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("pulse answer")
        verbose_name_plural = _("pulse answers")
        ordering = ("response", "question")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="pulse_answer_one_per_question"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=10), name="pulse_answer_score_0_to_10"
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.score if self.score is not None else self.text}"

    def clean(self):
        score_range = self.question.score_range()
        if score_range is None:
            if self.score is not None:
                raise ValidationError({"score": _("A free-text question takes no score.")})
            return
        low, high = score_range
        if self.score is None or not low <= self.score <= high:
            raise ValidationError({"score": _("Choose a score from %(low)s to %(high)s.") % {"low": low, "high": high}})
