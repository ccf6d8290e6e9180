"""Reads of step 3: the behaviour catalogue, observations, coaching sessions and behaviour scores.

Every per-agent read goes through the visibility policy in ``coaching.permissions``, so
a record a user may not see is a 404, the same as one that does not exist.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from ..models import (
    Behaviour,
    BehaviourRating,
    CoachingSession,
    DisputeStatus,
    Goal,
    GoalStatus,
    Observation,
    TeamMembership,
    User,
)
from ..permissions import goals_visible_to, observations_visible_to, sessions_visible_to


@dataclass(frozen=True)
class ScorePoint:
    """One rating of a behaviour: the day it was observed, its score and its observation."""

    day: datetime.date
    score: int
    observation_id: int


@dataclass
class BehaviourSeries:
    """One behaviour's ratings of one agent, oldest first."""

    behaviour: Behaviour
    points: list[ScorePoint] = field(default_factory=list)

    @property
    def latest(self) -> ScorePoint | None:
        return self.points[-1] if self.points else None

    @property
    def average(self) -> float | None:
        return sum(point.score for point in self.points) / len(self.points) if self.points else None


def active_behaviours() -> QuerySet[Behaviour]:
    """The behaviours coaches rate today, in catalogue order."""
    return Behaviour.objects.filter(is_active=True)


def behaviour_catalogue() -> QuerySet[Behaviour]:
    """Active behaviours with the metrics each one drives, for the catalogue page."""
    return active_behaviours().prefetch_related("metrics")


def goals_for_agent(user: User, agent: User) -> QuerySet[Goal]:
    """Open goals ``user`` may see that concern ``agent``: the agent's own and their current team's.

    Closed goals (achieved, missed, cancelled) are left out: coaching from today on serves open ones.
    """
    current_teams = TeamMembership.objects.current().filter(agent=agent).values("team")
    return (
        goals_visible_to(user)
        .filter(Q(agent=agent) | Q(team__in=current_teams))
        .filter(status__in=[GoalStatus.DRAFT, GoalStatus.ACTIVE])
        .select_related("metric")
        .order_by("due_date", "pk")
    )


def observation_list(
    user: User, *, agent: User | None = None, behaviour: Behaviour | None = None, open_disputes: bool = False
) -> QuerySet[Observation]:
    """Observations ``user`` may see, newest first, with their ratings and open-dispute count.

    The number of queries does not grow with the number of observations.
    """
    observations = observations_visible_to(user)
    if agent is not None:
        observations = observations.filter(agent=agent)
    # Filters through subqueries, not joins: a join on ratings would also narrow the ratings the
    # open-dispute count below sees (filtered by one behaviour, another's open dispute went uncounted).
    if behaviour is not None:
        observations = observations.filter(
            pk__in=BehaviourRating.objects.filter(behaviour=behaviour).values("observation")
        )
    if open_disputes:
        observations = observations.filter(
            pk__in=BehaviourRating.objects.filter(dispute_status=DisputeStatus.OPEN).values("observation")
        )
    return (
        observations.select_related("agent", "observer")
        .annotate(open_disputes=Count("ratings", filter=Q(ratings__dispute_status=DisputeStatus.OPEN), distinct=True))
        .prefetch_related(Prefetch("ratings", queryset=BehaviourRating.objects.select_related("behaviour")))
        .order_by("-observed_at", "-pk")
    )


def observation_ratings(observation: Observation) -> QuerySet[BehaviourRating]:
    """The ratings of ``observation`` in catalogue order, with who answered any dispute."""
    return observation.ratings.select_related("behaviour", "resolved_by").prefetch_related("behaviour__metrics")


def open_dispute_count(user: User) -> int:
    """How many disputed ratings, on observations ``user`` may see, wait for an answer."""
    return BehaviourRating.objects.filter(
        observation__in=observations_visible_to(user), dispute_status=DisputeStatus.OPEN
    ).count()


def session_list(user: User, *, agent: User | None = None) -> QuerySet[CoachingSession]:
    """Coaching sessions ``user`` may see, newest first, with their behaviours in focus."""
    sessions = sessions_visible_to(user)
    if agent is not None:
        sessions = sessions.filter(agent=agent)
    return sessions.select_related("agent", "coach").prefetch_related("behaviours").order_by("-held_on", "-pk")


def behaviour_scores(
    agent: User, start: datetime.date, end: datetime.date, *, viewer: User | None = None
) -> list[BehaviourSeries]:
    """Per behaviour, ``agent``'s ratings observed from ``start`` to ``end`` (inclusive), in one query.

    Behaviours come in catalogue order, each with its points oldest first; behaviours never
    rated in the window are left out. Pass ``viewer`` to count only observations that person
    may see (an agent viewing their own page sees only observations shared with them).
    """
    ratings = BehaviourRating.objects.filter(
        observation__agent=agent,
        observation__observed_at__date__gte=start,
        observation__observed_at__date__lte=end,
    )
    if viewer is not None:
        ratings = ratings.filter(observation__in=observations_visible_to(viewer))
    ratings = ratings.select_related("behaviour").order_by(
        "behaviour__display_order", "behaviour__name", "observation__observed_at", "pk"
    )
    series: dict[int, BehaviourSeries] = {}
    for rating in ratings.annotate(observed_at=F("observation__observed_at")):
        line = series.setdefault(rating.behaviour_id, BehaviourSeries(behaviour=rating.behaviour))
        day = timezone.localtime(rating.observed_at).date()
        line.points.append(ScorePoint(day, rating.score, rating.observation_id))
    return list(series.values())


def last_observed(agent_ids) -> dict[int, datetime.datetime]:
    """When each of ``agent_ids`` was last observed, in one query; agents never observed are absent."""
    rows = (
        Observation.objects.filter(agent_id__in=list(agent_ids))
        .values("agent_id")
        .annotate(last=Max("observed_at"))
        .values_list("agent_id", "last")
        .order_by()
    )
    return dict(rows)
