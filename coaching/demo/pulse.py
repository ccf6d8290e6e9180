"""Demo data for pulse surveys: one bi-weekly survey for every team with about twelve past rounds.

Billing Support's engagement slides down over the weeks its absenteeism rises (see
``story.RISING_ABSENTEEISM_TEAM``); in Sales & Retention's latest closed round only four
people answered, to show the anonymity message. Safe to run twice: an existing demo
survey is left as it is.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

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
    TeamMembership,
    User,
)
from .story import RISING_ABSENTEEISM_TEAM, RISING_WEEKS, SALES

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
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    starts_on = today - datetime.timedelta(days=14 * ROUNDS)
    survey = PulseSurvey.objects.create(
        name=SURVEY_NAME, schedule=PulseSchedule.BIWEEKLY, starts_on=starts_on, created_by=admin
    )
    questions = [
        PulseQuestion(
            survey=survey,
            kind=PulseQuestionKind.RECOMMEND,
            text="How likely are you to recommend working here to a friend?",
            order=0,
        )
    ]
    questions += [
        PulseQuestion(survey=survey, kind=PulseQuestionKind.STATEMENT, text=text, order=index)
        for index, text in enumerate(STATEMENTS, start=1)
    ]
    questions.append(PulseQuestion(survey=survey, kind=PulseQuestionKind.TEXT, text=FREE_TEXT, order=9))
    PulseQuestion.objects.bulk_create(questions)
    rng = random.Random(5)
    now = timezone.now()
    for index in range(ROUNDS):
        opens_on = starts_on + datetime.timedelta(days=14 * index)
        pulse_round = PulseRound.objects.create(
            survey=survey, opens_on=opens_on, closes_on=opens_on + datetime.timedelta(days=13)
        )
        memberships = list(
            TeamMembership.objects.on(opens_on)
            .filter(agent__role=Role.AGENT)
            .select_related("team")
            .order_by("agent_id")
        )
        last_closed = index == ROUNDS - 2
        participations, answers = [], []
        sales_answered = 0
        for membership in memberships:
            answered = rng.random() < 0.85
            if membership.team.name == SALES and last_closed:
                answered = sales_answered < 4
            participations.append(
                PulseParticipation(
                    round=pulse_round, agent_id=membership.agent_id, answered_at=now if answered else None
                )
            )
            if not answered:
                continue
            if membership.team.name == SALES:
                sales_answered += 1
            mood = _team_mood(membership.team.name, today - opens_on)
            response = PulseResponse.objects.create(round=pulse_round, team=membership.team)
            for question in questions:
                if question.kind == PulseQuestionKind.TEXT:
                    text = rng.choice(COMMENTS)
                    if text:
                        answers.append(PulseAnswer(response=response, question=question, text=text))
                    continue
                low, high = question.score_range()
                score = round(low + (high - low) * min(1, max(0, mood + rng.gauss(0, 0.15))))
                answers.append(PulseAnswer(response=response, question=question, score=score))
        PulseParticipation.objects.bulk_create(participations)
        PulseAnswer.objects.bulk_create(answers)
    return survey


def _team_mood(team_name: str, days_ago: datetime.timedelta) -> float:
    """0–1: how positively a team answers; the rising-absenteeism team slides down over its last weeks."""
    if team_name != RISING_ABSENTEEISM_TEAM:
        return 0.7
    rising_days = RISING_WEEKS * 7 + 21  # the mood turns a few weeks before absences rise
    if days_ago.days >= rising_days:
        return 0.72
    return 0.72 - 0.35 * (rising_days - days_ago.days) / rising_days
