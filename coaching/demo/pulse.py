"""Demo data for pulse surveys: one bi-weekly survey for every team with twelve past rounds.

The administrator defines the survey, each past round opens on its day (telling nobody:
it closed long ago) and agents answer on that day, all through the pulse services, so the
answers pass the same checks as real ones. Billing Support's engagement slides down over
the weeks its absenteeism rises (see ``story.RISING_ABSENTEEISM_TEAM``); in Sales &
Retention's latest closed round only four people answered, to show the anonymity message.
Safe to run twice: an existing demo survey is left as it is.
"""

import datetime
import random

from django.db import transaction

from ..models import PulseQuestionKind, PulseSchedule, PulseSurvey, Role, TeamMembership, User
from ..services.pulse import pulse_answer, pulse_rounds_open, pulse_survey_create
from .story import RISING_ABSENTEEISM_TEAM, RISING_WEEKS, SALES, at

SURVEY_NAME = "Fortnightly pulse"
ROUNDS = 12
RECOMMEND_TEXT = "How likely are you to recommend working here to a friend?"
FREE_TEXT = "What one thing would make your work better?"
STATEMENTS = ["I have the tools I need to do my job well.", "My work is recognised.", "My workload is manageable."]
COMMENTS = [
    "More time between calls after difficult contacts.",
    "The new knowledge base helps a lot.",
    "Shift swaps are hard to arrange.",
    "Team huddles are useful.",
    "",
    "",
]


@transaction.atomic
def seed_pulse(*, today: datetime.date) -> PulseSurvey:
    """The demo survey with its past rounds and anonymous answers; returns it."""
    existing = PulseSurvey.objects.filter(name=SURVEY_NAME).first()
    if existing is not None:
        return existing
    starts_on = today - datetime.timedelta(days=14 * ROUNDS)
    survey = pulse_survey_create(
        actor=User.objects.filter(role=Role.ADMIN).order_by("pk").first(),
        name=SURVEY_NAME,
        teams=[],
        schedule=PulseSchedule.BIWEEKLY,
        starts_on=starts_on,
        recommend_text=RECOMMEND_TEXT,
        statements=STATEMENTS,
        free_text=FREE_TEXT,
    )
    questions = list(survey.questions.order_by("order"))
    rng = random.Random(5)
    for index in range(ROUNDS):
        opens_on = starts_on + datetime.timedelta(days=14 * index)
        (pulse_round,) = pulse_rounds_open(today=opens_on, surveys=[survey], notify=False)
        memberships = list(
            TeamMembership.objects.on(opens_on)
            .filter(agent__role=Role.AGENT)
            .select_related("team", "agent")
            .order_by("agent_id")
        )
        last_closed = index == ROUNDS - 2
        sales_answered = 0
        for position, membership in enumerate(memberships):
            answered = rng.random() < 0.85
            if membership.team.name == SALES and last_closed:
                answered = sales_answered < 4
            if not answered:
                continue
            if membership.team.name == SALES:
                sales_answered += 1
            mood = _team_mood(membership.team.name, today - opens_on)
            answers = {}
            for question in questions:
                if question.kind == PulseQuestionKind.TEXT:
                    text = rng.choice(COMMENTS)
                    if text:
                        answers[question.pk] = text
                    continue
                low, high = question.score_range()
                answers[question.pk] = round(low + (high - low) * min(1, max(0, mood + rng.gauss(0, 0.15))))
            pulse_answer(
                round=pulse_round,
                agent=membership.agent,
                answers=answers,
                answered_at=at(opens_on, 9 + position % 8, (7 * position) % 60),
            )
    return survey


def _team_mood(team_name: str, days_ago: datetime.timedelta) -> float:
    """0–1: how positively a team answers; the rising-absenteeism team slides down over its last weeks."""
    if team_name != RISING_ABSENTEEISM_TEAM:
        return 0.7
    rising_days = RISING_WEEKS * 7 + 21  # the mood turns a few weeks before absences rise
    if days_ago.days >= rising_days:
        return 0.72
    return 0.72 - 0.35 * (rising_days - days_ago.days) / rising_days
