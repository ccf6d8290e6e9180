"""Reads of pulse surveys: the rounds an agent may answer, and results that keep answers anonymous.

The anonymity rule, applied here and nowhere else: a group's results (one team in one
round) are returned only when at least ``settings.COACHING_PULSE_MIN_RESPONSES`` people
answered; below that the caller learns only that there were too few, not how many.
Results of a round appear only once it has closed: figures that moved with every answer
would show what the latest person answered to anyone watching.
Figures across teams (the organisation) are built from the teams that reach the
threshold only, so subtracting the visible teams from the total reveals nothing about a
small team.

The engagement score of a group is the mean of its answers to the 1–5 statements, scaled
to 0–100 (1 → 0, 3 → 50, 5 → 100), so it reads like the other percentage metrics; eNPS
(the percentage of promoters, 9–10, minus the percentage of detractors, 0–6, on the
recommend question, from −100 to 100) is shown beside it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from .. import clock
from ..models import (
    PulseAnswer,
    PulseParticipation,
    PulseQuestion,
    PulseQuestionKind,
    PulseResponse,
    PulseRound,
    PulseSurvey,
    Team,
    TeamMembership,
    User,
)
from ..permissions import may_answer_pulse_surveys

PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6


def min_responses() -> int:
    """The anonymity threshold: never below 3, whatever the setting says."""
    return max(3, int(getattr(settings, "COACHING_PULSE_MIN_RESPONSES", 5)))


def pulse_rounds_answerable_by(agent: User, *, today: datetime.date | None = None) -> QuerySet[PulseRound]:
    """Open rounds of active surveys that ask ``agent``'s current team, answered or not."""
    today = today or clock.today()
    if not may_answer_pulse_surveys(agent):
        return PulseRound.objects.none()
    current_teams = TeamMembership.objects.on(today).filter(agent=agent).values("team")
    survey_teams = PulseSurvey.teams.through.objects.filter(pulsesurvey_id=OuterRef("survey_id"))
    return PulseRound.objects.filter(
        Q(~Exists(survey_teams)) | Q(Exists(survey_teams.filter(team_id__in=current_teams))),
        Exists(current_teams),
        opens_on__lte=today,
        closes_on__gte=today,
        survey__is_active=True,
    ).select_related("survey")


def pulse_open_rounds_for(agent: User, *, today: datetime.date | None = None) -> list[PulseRound]:
    """The rounds ``agent`` may still answer today, closing soonest first; one query (for the agent home)."""
    answered = PulseParticipation.objects.filter(round=OuterRef("pk"), agent=agent, answered_at__isnull=False)
    rounds = pulse_rounds_answerable_by(agent, today=today).filter(~Exists(answered))
    return list(rounds.order_by("closes_on", "pk"))


@dataclass
class StatementResult:
    """The mean answer to one statement (1–5)."""

    question: PulseQuestion
    mean: float


@dataclass
class RoundResult:
    """One group's results in one round; every figure is empty unless ``enough`` people answered."""

    round: PulseRound
    enough: bool
    still_open: bool = False
    responses: int | None = None
    enps: float | None = None
    engagement: float | None = None
    statements: list[StatementResult] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def comment_counts(self) -> list[tuple[str, int]]:
        """The comments with how many wrote each, alphabetically: a page lists a repeated comment once."""
        counts: dict[str, int] = {}
        for comment in self.comments:
            counts[comment] = counts.get(comment, 0) + 1
        return sorted(counts.items())


@dataclass
class _Sums:
    responses: int = 0
    by_question: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0]))  # n, Σ, promoters, detractors

    def add(self, other: "_Sums") -> None:
        self.responses += other.responses
        for question_id, values in other.by_question.items():
            mine = self.by_question[question_id]
            for index, value in enumerate(values):
                mine[index] += value


def survey_results(
    survey: PulseSurvey, teams: list[Team], *, organisation: bool = False, today: datetime.date | None = None
) -> tuple[dict[int, list[RoundResult]], list[RoundResult]]:
    """Results of ``survey`` per team (team id → rounds, newest first) and, if asked, across all its teams.

    A fixed number of queries whatever the number of teams or rounds. The organisation's
    results add up only the teams that reach the threshold; a round still open on
    ``today`` is listed without any figure.
    """
    threshold = min_responses()
    today = today or clock.today()
    rounds = list(survey.rounds.order_by("-opens_on"))
    closed_ids = [pulse_round.pk for pulse_round in rounds if pulse_round.closes_on < today]
    questions = list(survey.questions.all())
    team_ids = [team.pk for team in teams]
    sums: dict[tuple[int, int], _Sums] = defaultdict(_Sums)
    responses = PulseResponse.objects.filter(round__survey=survey, round_id__in=closed_ids)
    if not organisation:
        responses = responses.filter(team_id__in=team_ids)
    for row in responses.order_by().values("round_id", "team_id").annotate(n=Count("id")):
        sums[(row["round_id"], row["team_id"])].responses = row["n"]
    answers = (
        PulseAnswer.objects.filter(response__in=responses, score__isnull=False)
        .order_by()
        .values("response__round_id", "response__team_id", "question_id")
        .annotate(
            n=Count("id"),
            total=Sum("score"),
            promoters=Count("id", filter=Q(score__gte=PROMOTER_FROM)),
            detractors=Count("id", filter=Q(score__lte=DETRACTOR_UP_TO)),
        )
    )
    for row in answers:
        key = (row["response__round_id"], row["response__team_id"])
        sums[key].by_question[row["question_id"]] = [row["n"], row["total"], row["promoters"], row["detractors"]]
    enough = {key for key, group in sums.items() if group.responses >= threshold}
    comments: dict[tuple[int, int], list[str]] = defaultdict(list)
    if enough:
        enough_filter = Q()
        for round_id, team_id in enough:
            enough_filter |= Q(response__round_id=round_id, response__team_id=team_id)
        # Ordered by their text, never by time: the order says nothing about who wrote what.
        texts = (
            PulseAnswer.objects.filter(enough_filter, question__survey=survey, question__kind=PulseQuestionKind.TEXT)
            .exclude(text="")
            .order_by("text")
            .values_list("response__round_id", "response__team_id", "text")
        )
        for round_id, team_id, text in texts:
            comments[(round_id, team_id)].append(text)
    by_team = {
        team_id: [
            _round_result(r, sums.get((r.pk, team_id)), comments[(r.pk, team_id)], questions, today) for r in rounds
        ]
        for team_id in team_ids
    }
    overall = []
    if organisation:
        for pulse_round in rounds:
            total, texts = _Sums(), []
            for (round_id, team_id), group in sums.items():
                if round_id == pulse_round.pk and (round_id, team_id) in enough:
                    total.add(group)
                    texts += comments[(round_id, team_id)]
            overall.append(_round_result(pulse_round, total, sorted(texts), questions, today))
    return by_team, overall


def _round_result(pulse_round, group: "_Sums | None", comments: list[str], questions, today) -> RoundResult:
    if pulse_round.closes_on >= today:
        return RoundResult(round=pulse_round, enough=False, still_open=True)
    if group is None or group.responses < min_responses():
        return RoundResult(round=pulse_round, enough=False)
    statements = []
    statement_n = statement_total = 0
    enps = None
    for question in questions:
        n, total, promoters, detractors = group.by_question.get(question.pk, (0, 0, 0, 0))
        if not n:
            continue
        if question.kind == PulseQuestionKind.RECOMMEND:
            enps = enps_score(promoters, detractors, n)
        elif question.kind == PulseQuestionKind.STATEMENT:
            statements.append(StatementResult(question=question, mean=total / n))
            statement_n += n
            statement_total += total
    return RoundResult(
        round=pulse_round,
        enough=True,
        responses=group.responses,
        enps=enps,
        engagement=engagement_score(statement_total, statement_n),
        statements=statements,
        comments=comments,
    )


def enps_score(promoters: int, detractors: int, count: int) -> float | None:
    """Promoters (9–10) minus detractors (0–6) among ``count`` recommend answers, in percent (−100 to 100)."""
    if not count:
        return None
    return (promoters - detractors) * 100 / count


def engagement_score(total: int, count: int) -> float | None:
    """Statement answers (1–5) summing to ``total`` over ``count`` answers, as a 0–100 score."""
    if not count:
        return None
    return (total / count - 1) * 25


def survey_result_rows(survey: PulseSurvey, teams: list[Team], by_team: dict, overall: list[RoundResult]):
    """The CSV of ``survey_results``: a header, then one row per group and round, figures only where shown.

    Column names are fixed identifiers (the same in every language); ``scope`` is
    ``organisation`` or ``team``; ``status`` says why a row has no figures: ``open`` (the
    round has not closed) or ``too_few_answers``.
    """
    statements = [question for question in survey.questions.all() if question.kind == PulseQuestionKind.STATEMENT]
    yield [
        "scope",
        "group",
        "round_opens_on",
        "round_closes_on",
        "status",
        "responses",
        "enps",
        "engagement",
        *(f"statement_{index}: {question.text}" for index, question in enumerate(statements, start=1)),
        "comments",
    ]
    groups = [("team", team.name, by_team[team.pk]) for team in teams]
    if overall:
        groups.insert(0, ("organisation", _("Organisation"), overall))
    for scope, name, results in groups:
        for result in results:
            means = {item.question.pk: item.mean for item in result.statements}
            status = "results" if result.enough else ("open" if result.still_open else "too_few_answers")
            yield [
                scope,
                name,
                result.round.opens_on.isoformat(),
                result.round.closes_on.isoformat(),
                status,
                result.responses if result.enough else "",
                _rounded(result.enps),
                _rounded(result.engagement),
                *(_rounded(means.get(question.pk)) for question in statements),
                "\n".join(result.comments),  # one per line inside the cell
            ]


def _rounded(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
