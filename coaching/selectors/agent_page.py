"""Step 4 for one agent: KPI series, targets, coaching events, behaviour scores and coaching impact.

Everything the agent page shows, gathered in a fixed number of queries whatever the
number of days, goals or events.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone

from ..models import (
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
from ..rules.impact import (
    MIN_DAYS_EACH_SIDE,
    Impact,
    Window,
    Windows,
    coaching_impact,
    impacts_judged_together,
)
from ..rules.projection import Projection
from .charts import chart_payload
from .goals import agent_goals
from .sums import WEIGHTED_SQUARE, WEIGHTED_VALUE

CHART_DAYS = 180
IMPACT_WINDOW_DAYS = 28
IMPACT_SESSIONS = 6


@dataclass(frozen=True)
class SessionImpact:
    """One coaching session and, per linked metric, its comparison with matched peers."""

    session: CoachingSession
    rows: list[tuple[Metric, Impact, int]]  # metric, impact, window length in days
    window: int = IMPACT_WINDOW_DAYS  # days on each side the data allows so far

    @property
    def too_recent(self) -> bool:
        """Whether too few days have passed since the session for any comparison at all."""
        return self.window < MIN_DAYS_EACH_SIDE

    @property
    def first_judged_on(self) -> datetime.date:
        """The first day the session can be judged (enough days after it)."""
        return self.session.held_on + datetime.timedelta(days=MIN_DAYS_EACH_SIDE)

    @property
    def fully_judged_on(self) -> datetime.date:
        """The day the session's after-window reaches its full length."""
        return self.session.held_on + datetime.timedelta(days=IMPACT_WINDOW_DAYS)


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
        impacts=_impacts(agent, sessions[:IMPACT_SESSIONS], today),
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


@dataclass(frozen=True)
class _Compared:
    """A session, its window length, the first and last day its windows cover, and the metrics it is judged on."""

    session: CoachingSession
    window: int
    first: datetime.date
    last: datetime.date
    metrics: list[Metric]


def _impacts(agent, sessions, today) -> list[SessionImpact]:
    """Each session against matched uncoached peers, on the metrics its focus behaviours drive.

    The after-window is as long as the days since the session allow (up to 28), and the
    before-window is made just as long; the peers are every other agent with values of the
    metric in both windows and no coaching session in them. Everyone's window sums come
    from one aggregate query and the coached agents from one more, whatever the number of
    sessions or peers; the page's comparisons are then judged together.
    """
    compared = []
    for session in sessions:
        window = min(IMPACT_WINDOW_DAYS, (today - session.held_on).days)
        metrics = {
            metric.pk: metric
            for behaviour in session.behaviours.all()
            for metric in behaviour.metrics.all()
            if not metric.per_team  # a team's pulse figure says nothing about one agent's coaching
        }
        compared.append(
            _Compared(
                session,
                window,
                session.held_on - datetime.timedelta(days=window),
                session.held_on + datetime.timedelta(days=window),
                sorted(metrics.values(), key=lambda m: (m.display_order, m.code)),
            )
        )
    if not any(item.metrics for item in compared):
        return [SessionImpact(item.session, [], item.window) for item in compared]

    sums = _window_sums(compared)
    coached = _coaching_days(min(item.first for item in compared), max(item.last for item in compared))
    rows = []
    for index, item in enumerate(compared):
        excluded = {agent.pk} | {other for other, day in coached if item.first <= day <= item.last}
        for metric in item.metrics:
            by_agent = {
                other: _windows(row, index) for (other, metric_id), row in sums.items() if metric_id == metric.pk
            }
            own = by_agent.get(agent.pk, Windows(Window(0, 0, 0, 0), Window(0, 0, 0, 0)))
            peers = [windows for other, windows in by_agent.items() if other not in excluded]
            rows.append((index, metric, coaching_impact(own, peers, higher_is_better=metric.higher_is_better)))
    judged = impacts_judged_together([impact for *_, impact in rows])
    return [
        SessionImpact(
            item.session,
            [
                (metric, impact, item.window)
                for (row_index, metric, _), impact in zip(rows, judged, strict=True)
                if row_index == index
            ],
            item.window,
        )
        for index, item in enumerate(compared)
    ]


def _window_sums(compared) -> dict[tuple[int, int], dict]:
    """Every agent's sums of the sessions' metrics over each session's before and after windows, in one query."""
    metric_ids = {metric.pk for item in compared for metric in item.metrics}
    aggregates = {}
    for index, item in enumerate(compared):
        for side, period in (
            ("before", Q(day__gte=item.first, day__lt=item.session.held_on)),
            ("after", Q(day__gt=item.session.held_on, day__lte=item.last)),
        ):
            period &= Q(sample_size__gt=0)
            aggregates[f"s{index}_{side}_weighted"] = Sum(WEIGHTED_VALUE, filter=period)
            aggregates[f"s{index}_{side}_sample"] = Sum("sample_size", filter=period)
            aggregates[f"s{index}_{side}_days"] = Count("id", filter=period)
            aggregates[f"s{index}_{side}_squares"] = Sum(WEIGHTED_SQUARE, filter=period)
    values = (
        MetricValue.objects.filter(
            metric_id__in=metric_ids,
            day__gte=min(item.first for item in compared),
            day__lte=max(item.last for item in compared),
        )
        .order_by()
        .values("agent_id", "metric_id")
        .annotate(**aggregates)
    )
    return {(row["agent_id"], row["metric_id"]): row for row in values}


def _windows(row: dict, index: int) -> Windows:
    return Windows(
        *(
            Window(
                float(row[f"s{index}_{side}_weighted"] or 0),
                int(row[f"s{index}_{side}_sample"] or 0),
                int(row[f"s{index}_{side}_days"] or 0),
                float(row[f"s{index}_{side}_squares"] or 0),
            )
            for side in ("before", "after")
        )
    )


def _coaching_days(first: datetime.date, last: datetime.date) -> list[tuple[int, datetime.date]]:
    """Who was coached on which day between ``first`` and ``last``: they cannot be anyone's uncoached peer then."""
    return list(
        CoachingSession.objects.filter(held_on__gte=first, held_on__lte=last)
        .order_by()
        .values_list("agent_id", "held_on")
        .distinct()
    )
