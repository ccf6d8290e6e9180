"""The demo goals: team and personal goals in every state, and Billing Support's engagement goal.

Each goal is created as its manager would create it, through ``goal_create``: the target is
set from the baseline the app computes from the seeded history, held back to what the
peers reach. One goal has had its due date moved, one closed as achieved months ago.
Goals are matched by title and scope, so seeding twice creates nothing more.
"""

import datetime
from decimal import Decimal

from ..models import Goal, Metric, MetricSource, Team, User
from ..rules.smart import held_to_achievable
from ..selectors.baselines import scope_baseline
from ..selectors.goals import baseline_end, peer_best_levels
from ..services.goals import goal_adjust, goal_close, goal_create
from .story import BILLING, SALES, TECH

# title, team or agent username, metric, target offset from baseline, days since start, days to due
TEAM_GOALS = [
    ("Resolve more billing questions first time", BILLING, "FCR", Decimal(4), 40, 50),
    ("Shorter retention calls, same outcomes", SALES, "AHT", Decimal(-20), 30, 60),
    ("More promoters after technical fixes", TECH, "NPS", Decimal(6), 20, 70),
]
AGENT_GOALS = [
    ("Warmer closings lift CSAT", "agent", "CSAT", Decimal(4), 35, 55),
    ("Back on schedule", "agent04", "ADH", Decimal(2), 25, 40),
]
OBJECTIVES = {
    "FCR": "Every repeat call costs about €4 and hurts satisfaction; resolving first time protects both.",
    "AHT": "Shorter calls free capacity for the winter peak without hiring.",
    "NPS": "Promoters renew more often: retention revenue depends on it.",
    "CSAT": "Satisfied customers stay; CSAT is the service-level commitment to the client.",
    "ADH": "Staffing plans only work when agents are on the phones when scheduled.",
}


def seed_goals(
    *, metrics: dict[str, Metric], teams: dict[str, Team], agents: dict[str, User], today: datetime.date
) -> list[Goal]:
    """Team and personal goals in every state, with a baseline computed from the seeded history; returns them.

    ``agents`` maps usernames to the demo agents.
    """
    manager_of = {team.pk: team.managers.first() for team in teams.values()}
    goals = []
    for title, scope, code, offset, since, until in TEAM_GOALS + AGENT_GOALS:
        team = teams.get(scope)
        agent = agents.get(scope)
        existing = Goal.objects.filter(title=title, team=team, agent=agent).first()
        if existing:
            goals.append(existing)
            continue
        owner = manager_of[team.pk] if team else manager_of[agent.memberships.get(end_date__isnull=True).team_id]
        start_date = today - datetime.timedelta(days=since)
        # The target is set from the computed baseline, as a manager would after seeing it.
        baseline = scope_baseline(metrics[code], team=team, agent=agent, end=baseline_end(start_date, today)).value
        target = _achievable_target(
            metrics[code], baseline, offset, team=team, start_date=start_date, due_in=until, since=since, today=today
        )
        created = goal_create(
            actor=owner,
            metric=metrics[code],
            team=team,
            agent=agent,
            title=title,
            objective=OBJECTIVES[code],
            description=f"{metrics[code].name} as measured in the daily {code} export.",
            target=target,
            start_date=start_date,
            due_date=today + datetime.timedelta(days=until),
            today=today,
        )
        goals.append(created.goal)
    tech_goal = next(goal for goal in goals if goal.metric.code == "AHT")
    if not tech_goal.adjustments.exists():
        goal_adjust(
            goal=tech_goal,
            actor=tech_goal.created_by,
            due_date=tech_goal.due_date + datetime.timedelta(days=14),
            reason="New retention offers need a longer explanation until January.",
            today=today,
        )
    closed_title = "Summer CSAT recovery"
    if not Goal.objects.filter(title=closed_title).exists():
        manager = manager_of[teams[BILLING].pk]
        summer = goal_create(
            actor=manager,
            metric=metrics["CSAT"],
            team=teams[BILLING],
            title=closed_title,
            objective=OBJECTIVES["CSAT"],
            description="CSAT of the billing queue after the tariff change.",
            target=Decimal(80),
            start_date=today - datetime.timedelta(days=170),
            due_date=today - datetime.timedelta(days=100),
            today=today - datetime.timedelta(days=170),
        ).goal
        summer = goal_close(
            goal=summer,
            actor=manager,
            status="achieved",
            review_note="Refund scripts rewritten with the team; CSAT back above 80 % by mid-July.",
        )
        goals.append(summer)
    return goals


def _achievable_target(metric, baseline, offset, *, team, start_date, due_in, since, today) -> Decimal:
    """Baseline plus ``offset``, held back to the peers' top quartile as the SMART check advises."""
    wanted = (baseline or Decimal(0)) + offset
    peers = peer_best_levels(
        metric, by="team" if team else "agent", window_days=due_in + since, end=baseline_end(start_date, today)
    )
    return held_to_achievable(wanted, peers, metric.higher_is_better).quantize(Decimal("0.1"))


def seed_engagement_goal(*, teams: dict[str, Team], today: datetime.date) -> None:
    """Billing Support's manager answers the sliding pulse with a team goal on engagement, a metric like any other."""
    metric = Metric.objects.filter(source=MetricSource.PULSE_ENGAGEMENT, is_active=True).first()
    team = teams[BILLING]
    title = "Win back Billing Support's engagement"
    if metric is None or Goal.objects.filter(title=title, team=team).exists():
        return
    start_date = today - datetime.timedelta(days=7)
    baseline = scope_baseline(metric, team=team, end=baseline_end(start_date, today)).value
    if baseline is None:
        return
    goal_create(
        actor=team.managers.first(),
        metric=metric,
        team=team,
        title=title,
        objective="Agents who feel equipped and recognised stay, and customers hear it in their calls.",
        description="The engagement score of the fortnightly pulse survey, recorded when each round closes.",
        target=min(Decimal(100), (baseline + 3).quantize(Decimal(1))),
        start_date=start_date,
        due_date=today + datetime.timedelta(days=84),
        today=today,
    )
