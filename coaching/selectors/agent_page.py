"""Step 4 for one agent: KPI series, targets, coaching events, behaviour scores and coaching impact.

Everything the agent page shows, gathered in a fixed number of queries whatever the
number of days, goals or events.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from ..models import (
    Aggregation,
    Behaviour,
    BehaviourRating,
    CoachingSession,
    Expectation,
    Goal,
    Metric,
    MetricValue,
    OneOnOne,
    User,
)
from ..permissions import observations_visible_to
from ..rules.impact import Impact, Side, coaching_impact
from ..rules.projection import Projection
from .charts import chart_payload
from .goals import agent_goals

CHART_DAYS = 180
IMPACT_WINDOW_DAYS = 28
IMPACT_SESSIONS = 6


@dataclass(frozen=True)
class SessionImpact:
    """One coaching session and, per linked metric, its before/after comparison."""

    session: CoachingSession
    rows: list[tuple[Metric, Impact, int]]  # metric, impact, window length in days


@dataclass(frozen=True)
class AgentPage:
    """All the agent page shows."""

    metrics: list[Metric]
    chart: dict
    goals: list[tuple[Goal, Projection | None, Expectation | None]]
    impacts: list[SessionImpact]
    events: list[dict]
    start: datetime.date
    end: datetime.date


def agent_page(viewer: User, agent: User, *, today: datetime.date) -> AgentPage:
    """The agent page for ``agent`` as ``viewer`` may see it (the viewer has already been checked)."""
    start = today - datetime.timedelta(days=CHART_DAYS)
    metrics = list(Metric.objects.per_agent().filter(is_active=True))
    daily: dict[int, list[tuple[datetime.date, Decimal, int]]] = defaultdict(list)
    for metric_id, day, value, sample in (
        MetricValue.objects.filter(agent=agent, day__gte=start, day__lte=today)
        .order_by("day")
        .values_list("metric_id", "day", "value", "sample_size")
    ):
        daily[metric_id].append((day, value, sample))

    goals = agent_goals(agent, today=today, since=start)
    events = _events(viewer, agent, start, today)
    sessions = [event["record"] for event in events if event["kind"] == "session"]
    return AgentPage(
        metrics=metrics,
        chart=chart_payload(metrics, daily, goals, events, _behaviour_series(viewer, agent, start), start, today),
        goals=goals,
        impacts=_impacts(sessions[:IMPACT_SESSIONS], daily, today),
        events=events,
        start=start,
        end=today,
    )


def _events(viewer, agent, start, today) -> list[dict]:
    """Observations (only those the viewer may see), coaching sessions and one-on-ones, newest first."""
    observations = (
        observations_visible_to(viewer).filter(agent=agent, observed_at__date__gte=start).select_related("observer")
    )
    sessions = (
        CoachingSession.objects.filter(agent=agent, held_on__gte=start)
        .select_related("coach")
        .prefetch_related(Prefetch("behaviours", queryset=Behaviour.objects.prefetch_related("metrics")))
    )
    meetings = OneOnOne.objects.filter(
        agent=agent, meeting_on__date__gte=start, meeting_on__date__lte=today
    ).select_related("manager")
    events = [
        {
            "kind": "observation",
            "day": timezone.localtime(observation.observed_at).date(),
            "label": f"{observation.get_method_display()} · {observation.observer}",
            "url": reverse("observation-detail", args=[observation.pk]),
            "record": observation,
        }
        for observation in observations
    ]
    events += [
        {
            "kind": "session",
            "day": session.held_on,
            "label": ", ".join(behaviour.name for behaviour in session.behaviours.all()) + f" · {session.coach}",
            "url": reverse("session-detail", args=[session.pk]),
            "record": session,
        }
        for session in sessions
    ]
    events += [
        {
            "kind": "one_on_one",
            "day": timezone.localtime(meeting.meeting_on).date(),
            "label": f"{meeting.manager}",
            "url": reverse("one-on-one-detail", args=[meeting.pk]),
            "record": meeting,
        }
        for meeting in meetings
    ]
    return sorted(events, key=lambda event: event["day"], reverse=True)


def _behaviour_series(viewer, agent, start) -> list[dict]:
    ratings = (
        BehaviourRating.objects.filter(
            observation__in=observations_visible_to(viewer).filter(agent=agent, observed_at__date__gte=start)
        )
        .select_related("behaviour", "observation")
        .order_by("observation__observed_at")
    )
    series: dict[str, list] = defaultdict(list)
    for rating in ratings:
        series[rating.behaviour.name].append(
            {"x": timezone.localtime(rating.observation.observed_at).date().isoformat(), "y": rating.score}
        )
    return [{"name": name, "points": points} for name, points in series.items()]


def _impacts(sessions, daily, today) -> list[SessionImpact]:
    """Before vs after each session on the metrics its focus behaviours drive, over equal windows.

    The after-window is as long as the days since the session allow (up to 28), and the
    before-window is made just as long.
    """
    impacts = []
    for session in sessions:
        window = min(IMPACT_WINDOW_DAYS, (today - session.held_on).days)
        metrics = {
            metric.pk: metric
            for behaviour in session.behaviours.all()
            for metric in behaviour.metrics.all()
            if not metric.per_team  # a team's pulse figure says nothing about one agent's coaching
        }
        rows = []
        for metric in sorted(metrics.values(), key=lambda m: (m.display_order, m.code)):
            days = daily.get(metric.pk, [])
            before_from = session.held_on - datetime.timedelta(days=window)
            after_to = session.held_on + datetime.timedelta(days=window)
            before = Side([(value, sample) for day, value, sample in days if before_from <= day < session.held_on])
            after = Side([(value, sample) for day, value, sample in days if session.held_on < day <= after_to])
            impact = coaching_impact(
                before,
                after,
                higher_is_better=metric.higher_is_better,
                is_rate=metric.aggregation == Aggregation.RATE,
            )
            rows.append((metric, impact, window))
        impacts.append(SessionImpact(session, rows))
    return impacts
