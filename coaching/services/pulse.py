"""Writes for pulse surveys: defining a survey, opening rounds on schedule, answering, reminding.

Who may do what:

- an administrator defines a survey for any teams (or all teams); a manager only for
  teams they manage, and never for all teams;
- an agent answers a round once, while it is open, if the survey asks their current team;
- rounds open and reminders go out from Celery beat (``coaching.tasks.pulse``); both are
  safe to run twice.

Answering writes a ``PulseParticipation`` (that the agent answered) and a ``PulseResponse``
with no link to the agent (what was answered) in one transaction.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .. import clock
from ..i18n import in_language_of
from ..models import (
    PulseAnswer,
    PulseParticipation,
    PulseQuestion,
    PulseQuestionKind,
    PulseResponse,
    PulseRound,
    PulseSchedule,
    PulseSurvey,
    Role,
    Team,
    TeamMembership,
    User,
)
from ..permissions import can_create_survey, may_answer_pulse_surveys, may_survey_every_team, teams_visible_to
from .notifications import notification_send

REMINDER_DAYS_BEFORE_CLOSING = 2
MAX_STATEMENTS = 10
NOTIFICATION_KIND = "pulse_survey_open"


@transaction.atomic
def pulse_survey_create(
    *,
    actor: User,
    name: str,
    teams: list[Team],
    schedule: str,
    starts_on: datetime.date,
    recommend_text: str,
    statements: list[str],
    free_text: str = "",
) -> PulseSurvey:
    """A survey with one 0–10 recommend question, 1–5 statements and an optional free-text question.

    ``teams`` empty asks every team (administrators only).
    """
    if not can_create_survey(actor):
        raise PermissionDenied(_("Only managers and administrators define pulse surveys."))
    teams = list(teams)
    if not may_survey_every_team(actor):
        if not teams:
            raise PermissionDenied(_("Choose the teams you manage; only administrators ask every team."))
        allowed = set(teams_visible_to(actor).values_list("pk", flat=True))
        if any(team.pk not in allowed for team in teams):
            raise PermissionDenied(_("You can only survey the teams you manage."))
    statements = [text.strip() for text in statements if text.strip()]
    if not recommend_text.strip():
        raise ValidationError({"recommend_text": _("A survey asks one 0–10 recommend question.")})
    if len(statements) > MAX_STATEMENTS:
        raise ValidationError(
            {"statements": _("At most %(count)s statements keep a survey under a minute.") % {"count": MAX_STATEMENTS}}
        )
    survey = PulseSurvey(name=name.strip(), schedule=schedule, starts_on=starts_on, created_by=actor)
    survey.full_clean()
    survey.save()
    survey.teams.set(teams)
    questions = [PulseQuestion(survey=survey, kind=PulseQuestionKind.RECOMMEND, text=recommend_text.strip(), order=0)]
    questions += [
        PulseQuestion(survey=survey, kind=PulseQuestionKind.STATEMENT, text=text, order=index)
        for index, text in enumerate(statements, start=1)
    ]
    if free_text.strip():
        questions.append(
            PulseQuestion(survey=survey, kind=PulseQuestionKind.TEXT, text=free_text.strip(), order=len(questions))
        )
    for question in questions:
        question.full_clean(exclude=["survey"])
    PulseQuestion.objects.bulk_create(questions)
    return survey


def round_dates(schedule: str, starts_on: datetime.date, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The latest round due on ``today``: the day it opens and the day it closes (the day before the next one)."""
    if today < starts_on:
        raise ValueError("The survey has not started yet.")
    if schedule == PulseSchedule.MONTHLY:
        months = (today.year - starts_on.year) * 12 + today.month - starts_on.month
        opens_on = _add_months(starts_on, months)
        if opens_on > today:
            months -= 1
            opens_on = _add_months(starts_on, months)
        return opens_on, _add_months(starts_on, months + 1) - datetime.timedelta(days=1)
    period = 7 if schedule == PulseSchedule.WEEKLY else 14
    opens_on = starts_on + datetime.timedelta(days=(today - starts_on).days // period * period)
    return opens_on, opens_on + datetime.timedelta(days=period - 1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months``, on the same day of the month or the month's last day."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def survey_agents(survey: PulseSurvey, *, day: datetime.date):
    """Active agents in the survey's teams (any team when it names none) on ``day``."""
    memberships = TeamMembership.objects.on(day).filter(agent__role=Role.AGENT, agent__is_active=True)
    team_ids = [team.pk for team in survey.teams.all()]
    if team_ids:
        memberships = memberships.filter(team_id__in=team_ids)
    return User.objects.filter(pk__in=memberships.values("agent"))


def pulse_rounds_open(
    *, today: datetime.date, surveys: list[PulseSurvey] | None = None, notify: bool = True
) -> list[PulseRound]:
    """Open every active survey's round due on ``today`` and tell its agents; returns the rounds opened.

    Only the latest due round opens (rounds missed while nothing ran are not opened late);
    a round already open is left alone, so running this twice opens nothing more.
    ``surveys`` limits it to those surveys; ``notify=False`` tells nobody, for a round
    recorded after it closed.
    """
    opened = []
    due = PulseSurvey.objects.filter(is_active=True, starts_on__lte=today).prefetch_related("teams")
    if surveys is not None:
        due = due.filter(pk__in=[survey.pk for survey in surveys])
    for survey in due:
        opens_on, closes_on = round_dates(survey.schedule, survey.starts_on, today)
        with transaction.atomic():
            pulse_round, created = PulseRound.objects.get_or_create(
                survey=survey, opens_on=opens_on, defaults={"closes_on": closes_on}
            )
            if not created:
                continue
            agents = list(survey_agents(survey, day=today))
            PulseParticipation.objects.bulk_create(
                [PulseParticipation(round=pulse_round, agent=agent) for agent in agents]
            )
            if notify:
                transaction.on_commit(lambda r=pulse_round, a=agents: _notify(a, r, reminder=False))
        opened.append(pulse_round)
    return opened


def pulse_answer(
    *,
    round: PulseRound,
    agent: User,
    answers: dict,
    today: datetime.date | None = None,
    answered_at: datetime.datetime | None = None,
) -> None:
    """Record ``agent``'s answers to ``round``: once, while it is open, if the survey asks their team.

    ``answers`` maps question ids to a score (recommend 0–10, statements 1–5, all required)
    or a text (the free-text question, optional). Writes that the agent answered and, with
    no link to them, what they answered and which team they are in. ``answered_at``
    (default: now) records answers given earlier; the round must have been open on its day.
    """
    answered_at = answered_at or clock.now()
    today = today or timezone.localtime(answered_at).date()
    if not may_answer_pulse_surveys(agent):
        raise PermissionDenied(_("Only agents answer pulse surveys."))
    membership = TeamMembership.objects.on(today).filter(agent=agent).first()
    survey_team_ids = set(round.survey.teams.values_list("pk", flat=True))
    if membership is None or (survey_team_ids and membership.team_id not in survey_team_ids):
        raise PermissionDenied(_("This survey does not ask your team."))
    if not round.survey.is_active or not round.is_open_on(today):
        raise ValidationError(_("This survey round is closed."))
    rows = _checked_answers(round.survey, answers)
    with transaction.atomic():
        participation, _created = PulseParticipation.objects.select_for_update().get_or_create(round=round, agent=agent)
        if participation.answered_at is not None:
            raise ValidationError(_("You have already answered this survey round."))
        participation.answered_at = answered_at
        participation.save(update_fields=["answered_at"])
        response = PulseResponse.objects.create(round=round, team_id=membership.team_id)
        for row in rows:
            row.response = response
        PulseAnswer.objects.bulk_create(rows)


def _checked_answers(survey: PulseSurvey, answers: dict) -> list[PulseAnswer]:
    answers = {str(key): value for key, value in answers.items()}
    errors = {}
    rows = []
    for question in survey.questions.all():
        raw = answers.get(str(question.pk))
        if question.kind == PulseQuestionKind.TEXT:
            text = (raw or "").strip() if isinstance(raw, str) else ""
            if len(text) > 2000:
                errors[str(question.pk)] = _("Keep it under 2000 characters.")
            elif text:
                rows.append(PulseAnswer(question=question, text=text))
            continue
        low, high = question.score_range()
        try:
            score = int(raw)
        except (TypeError, ValueError):
            score = None
        if score is None or isinstance(raw, bool) or not low <= score <= high:
            errors[str(question.pk)] = _("Choose a score from %(low)s to %(high)s.") % {"low": low, "high": high}
        else:
            rows.append(PulseAnswer(question=question, score=score))
    unknown = set(answers) - {str(question.pk) for question in survey.questions.all()}
    if unknown:
        errors["answers"] = _("These questions are not in this survey: %(ids)s.") % {"ids": ", ".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)
    return rows


def pulse_reminders_send(*, today: datetime.date) -> int:
    """Remind agents who have not answered a round closing within two days; each at most once. Returns how many."""
    last_day = today + datetime.timedelta(days=REMINDER_DAYS_BEFORE_CLOSING)
    with transaction.atomic():
        due = list(
            PulseParticipation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                answered_at__isnull=True,
                reminded_at__isnull=True,
                round__opens_on__lte=today,
                round__closes_on__gte=today,
                round__closes_on__lte=last_day,
                round__survey__is_active=True,
                agent__is_active=True,
            )
            .select_related("round__survey", "agent")
        )
        PulseParticipation.objects.filter(pk__in=[p.pk for p in due]).update(reminded_at=clock.now())
        for participation in due:
            transaction.on_commit(lambda a=participation.agent, r=participation.round: _notify([a], r, reminder=True))
    return len(due)


def _notify(agents: list[User], pulse_round: PulseRound, *, reminder: bool) -> None:
    """Tell ``agents``, each in their own language, that ``pulse_round`` is open or closes soon."""
    url = reverse("pulse-answer", args=[pulse_round.pk])
    for agent in agents:
        with in_language_of(agent):
            if reminder:
                title = _("Reminder: the pulse survey %(name)s closes on %(day)s")
            else:
                title = _("A pulse survey is open: %(name)s (until %(day)s)")
            title %= {
                "name": pulse_round.survey.name,
                "day": formats.date_format(pulse_round.closes_on, "SHORT_DATE_FORMAT"),
            }
            notification_send(recipient=agent, kind=NOTIFICATION_KIND, title=title, url=url)
