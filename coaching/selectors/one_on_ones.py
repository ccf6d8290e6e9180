"""Reads for step 2 of the cycle: one-on-ones, their agenda and action items, and expectations.

List querysets never load ``OneOnOne.private_notes``: only the detail page of someone
allowed to see them (``permissions.can_see_private_notes``) reads that column.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet

from ..models import ActionItem, AgendaItem, Expectation, Goal, GoalStatus, OneOnOne, User
from ..permissions import teams_managed_by
from ..rules.expectations import suggest_personal_target
from ..rules.smart import achievable_limit
from .baselines import agents_baselines, agents_trends, scope_baseline
from .goals import peer_best_levels
from .org import current_members

ONE_ON_ONE_CHOICES_PER_AGENT = 8
OPEN_GOAL = (GoalStatus.DRAFT, GoalStatus.ACTIVE)


def one_on_ones_split(
    one_on_ones: QuerySet[OneOnOne], *, now: datetime.datetime
) -> tuple[QuerySet[OneOnOne], QuerySet[OneOnOne]]:
    """``one_on_ones`` still to come (soonest first) and already held (latest first)."""
    upcoming = one_on_ones.filter(meeting_on__gte=now).order_by("meeting_on", "pk")
    past = one_on_ones.filter(meeting_on__lt=now).order_by("-meeting_on", "-pk")
    return upcoming, past


def one_on_one_agenda(one_on_one: OneOnOne) -> list[AgendaItem]:
    """The agenda in the order it was written, with who added each point and where carried items come from."""
    return list(
        one_on_one.agenda_items.select_related("added_by", "carried_from__owner", "carried_from__one_on_one").defer(
            "carried_from__one_on_one__private_notes"
        )
    )


def one_on_one_action_items(one_on_one: OneOnOne) -> list[ActionItem]:
    """The meeting's action items, open ones first, with their owners."""
    return list(
        one_on_one.action_items.select_related("owner").order_by(
            F("done_at").asc(nulls_first=True), F("due_date").asc(nulls_last=True), "pk"
        )
    )


def one_on_one_expectations(one_on_one: OneOnOne) -> list[Expectation]:
    """Expectations agreed in the meeting, with their goals and metrics."""
    return list(one_on_one.expectations.select_related("goal__metric", "goal__team").order_by("goal__title"))


def previous_next_meeting(agent: User, *, now: datetime.datetime) -> datetime.datetime | None:
    """The next meeting planned at the agent's latest one-on-one, if it is still to come."""
    return (
        OneOnOne.objects.filter(agent=agent, next_meeting_on__gte=now)
        .order_by("-meeting_on")
        .values_list("next_meeting_on", flat=True)
        .first()
    )


def unacknowledged_expectations(agent_ids) -> dict[int, int]:
    """How many expectations of open goals each agent has not acknowledged yet, in one query.

    Agents with none are left out, so ``result.get(agent_id, 0)`` reads naturally.
    """
    rows = (
        Expectation.objects.filter(agent_id__in=agent_ids, acknowledged_at__isnull=True, goal__status__in=OPEN_GOAL)
        .order_by()
        .values("agent_id")
        .annotate(pending=Count("pk"))
    )
    return {row["agent_id"]: row["pending"] for row in rows}


def team_goals_open_for_expectations(user: User) -> QuerySet[Goal]:
    """Open team goals whose agents ``user`` sets expectations for, with how many are set."""
    goals = Goal.objects.filter(team__in=teams_managed_by(user), status__in=OPEN_GOAL).select_related("metric", "team")
    return goals.annotate(
        expectation_count=Count("expectations", distinct=True),
        pending_count=Count("expectations", filter=Q(expectations__acknowledged_at__isnull=True), distinct=True),
    ).order_by("due_date", "pk")


@dataclass
class ExpectationPlanRow:
    """One current agent of a team goal: where they stand, what to suggest, what is already set."""

    agent: User
    baseline: Decimal | None
    slope_per_day: float | None
    pace_is_clear: bool
    suggested: Decimal
    expectation: Expectation | None
    one_on_ones: list[OneOnOne]

    @property
    def pace_per_week(self) -> Decimal | None:
        """The agent's recent trend as a change per week, in the metric's unit."""
        return None if self.slope_per_day is None else Decimal(str(round(self.slope_per_day * 7, 4)))


@dataclass
class ExpectationPlan:
    """A team goal made personal: the team's baseline and one row per current agent."""

    goal: Goal
    team_baseline: Decimal | None
    days: int
    rows: list[ExpectationPlanRow]
    achievable_limit: Decimal | None = None  # no suggestion goes beyond it (unless an agent already is)

    @property
    def team_step(self) -> Decimal | None:
        """The change the team goal asks for, from the team's baseline to its target."""
        return None if self.team_baseline is None else self.goal.target - self.team_baseline

    @property
    def set_rows(self) -> list[ExpectationPlanRow]:
        """Agents who already have an expectation for the goal."""
        return [row for row in self.rows if row.expectation is not None]

    @property
    def open_rows(self) -> list[ExpectationPlanRow]:
        """Agents who have no expectation for the goal yet."""
        return [row for row in self.rows if row.expectation is None]

    @property
    def acknowledged_count(self) -> int:
        """How many agents have acknowledged their expectation."""
        return sum(1 for row in self.rows if row.expectation and row.expectation.acknowledged_at is not None)

    @property
    def pending_rows(self) -> list[ExpectationPlanRow]:
        """Agents who have an expectation they have not acknowledged."""
        return [row for row in self.rows if row.expectation and row.expectation.acknowledged_at is None]


def team_goal_expectation_plan(goal: Goal, *, today: datetime.date) -> ExpectationPlan:
    """Each current agent of ``goal``'s team with a suggested personal target and their expectation, if set.

    The agent's baseline is measured over the same window as the goal's, so the step the
    team goal asks for applies to both; the pace is the agent's trend over the last six
    weeks, projected over the goal's span, and counts only when it stands out from
    day-to-day noise (``Trend.is_clear``): a noisy slope would set targets by chance.
    No suggestion goes beyond what the SMART check's Achievable criterion passes for one
    agent over the goal's span, nor asks for less than the agent's baseline.
    """
    metric = goal.metric
    baseline_end = goal.baseline_end or (goal.start_date - datetime.timedelta(days=1))
    baseline_days = (
        (goal.baseline_end - goal.baseline_start).days + 1 if goal.baseline_start and goal.baseline_end else None
    )
    team_baseline = goal.baseline
    if team_baseline is None:
        team_baseline = scope_baseline(metric, team=goal.team, end=baseline_end, days=baseline_days).value
    days = (goal.due_date - goal.start_date).days
    agents = list(current_members(goal.team).order_by("first_name", "last_name", "username"))
    expectations = {
        expectation.agent_id: expectation
        for expectation in goal.expectations.filter(agent__in=agents).select_related("one_on_one")
    }
    meetings: dict[int, list[OneOnOne]] = {agent.pk: [] for agent in agents}
    for meeting in (
        OneOnOne.objects.filter(agent__in=agents).only("pk", "agent_id", "meeting_on").order_by("-meeting_on")
    ):
        if len(meetings[meeting.agent_id]) < ONE_ON_ONE_CHOICES_PER_AGENT:
            meetings[meeting.agent_id].append(meeting)
    baselines = agents_baselines(metric, [agent.pk for agent in agents], end=baseline_end, days=baseline_days)
    trends = agents_trends(metric, [agent.pk for agent in agents], end=today)
    peers = peer_best_levels(metric, by="agent", window_days=days, end=baseline_end)
    rows = []
    for agent in agents:
        baseline = baselines[agent.pk].value if agent.pk in baselines else None
        trend = trends.get(agent.pk)
        slope = trend.slope_per_day if trend else None
        clear = bool(trend and trend.is_clear)
        suggested = suggest_personal_target(
            team_target=goal.target,
            team_baseline=team_baseline,
            agent_baseline=baseline,
            slope_per_day=slope if clear else None,
            days=days,
            higher_is_better=metric.higher_is_better,
            min_value=metric.min_value,
            max_value=metric.max_value,
            decimal_places=metric.decimal_places,
            peer_best_levels=peers,
        )
        rows.append(
            ExpectationPlanRow(agent, baseline, slope, clear, suggested, expectations.get(agent.pk), meetings[agent.pk])
        )
    return ExpectationPlan(
        goal=goal,
        team_baseline=team_baseline,
        days=days,
        rows=rows,
        achievable_limit=achievable_limit(peers, metric.higher_is_better),
    )
