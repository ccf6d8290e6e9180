"""Demo data: teams, people, metrics and six months of realistic daily KPI values.

Deterministic (every random draw is seeded by the agent's employee id), so running it
twice gives the same records, and safe to repeat: people, teams and metrics are matched
by their natural keys and values are upserted by (agent, metric, day).
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ..models import (
    Aggregation,
    CoachingSession,
    Direction,
    Expectation,
    Goal,
    Metric,
    MetricKind,
    MetricRole,
    MetricSource,
    MetricUnit,
    MetricValue,
    Observation,
    OneOnOne,
    Role,
    Team,
    User,
)
from ..rules.smart import quartile_of_best
from ..selectors.baselines import scope_baseline
from ..selectors.goals import baseline_end, peer_best_levels
from ..selectors.org import current_members
from ..services.goals import goal_adjust, goal_close, goal_create
from ..services.metrics import ValueRow, metric_set_role, metric_values_upsert
from ..services.org import agent_assign_team
from ..services.pulse import pulse_rounds_open
from ..services.pulse_metrics import pulse_metrics_record
from ..services.rollups import rollups_rebuild
from .alerts import seed_alerts
from .observations import seed_observations
from .one_on_ones import seed_one_on_ones
from .pulse import seed_pulse
from .recognition import seed_recognition
from .story import BILLING, RISING_ABSENTEEISM_TEAM, RISING_WEEKS, SALES, TECH

DEMO_PASSWORD = "demo"
HISTORY_DAYS = 180

METRICS = [
    # code, name, unit, direction, kind, aggregation, min, max, decimals
    (
        "AHT",
        "Average handle time",
        MetricUnit.SECONDS,
        Direction.LOWER,
        MetricKind.OPERATIONAL,
        Aggregation.WEIGHTED_MEAN,
        0,
        7200,
        0,
    ),
    (
        "FCR",
        "First-contact resolution",
        MetricUnit.PERCENT,
        Direction.HIGHER,
        MetricKind.CUSTOMER,
        Aggregation.RATE,
        0,
        100,
        1,
    ),
    (
        "CSAT",
        "Customer satisfaction",
        MetricUnit.PERCENT,
        Direction.HIGHER,
        MetricKind.CUSTOMER,
        Aggregation.RATE,
        0,
        100,
        1,
    ),
    (
        "NPS",
        "Net promoter score",
        MetricUnit.SCORE,
        Direction.HIGHER,
        MetricKind.CUSTOMER,
        Aggregation.WEIGHTED_MEAN,
        -100,
        100,
        0,
    ),
    ("QA", "QA score", MetricUnit.SCORE, Direction.HIGHER, MetricKind.CUSTOMER, Aggregation.WEIGHTED_MEAN, 0, 100, 1),
    (
        "ADH",
        "Schedule adherence",
        MetricUnit.PERCENT,
        Direction.HIGHER,
        MetricKind.OPERATIONAL,
        Aggregation.RATE,
        0,
        100,
        1,
    ),
    ("ABS", "Absenteeism", MetricUnit.PERCENT, Direction.LOWER, MetricKind.EMPLOYEE, Aggregation.RATE, 0, 100, 1),
]
METRIC_ROLES = {"CSAT": MetricRole.CUSTOMER_SATISFACTION, "QA": MetricRole.QUALITY_SCORE}

TEAMS = {
    BILLING: "Invoices, payments and refunds for consumer customers.",
    TECH: "Connectivity, devices and set-up for consumer and small-business customers.",
    SALES: "Upgrades, renewals and customers who want to leave.",
}

# username, first name, last name, role, teams managed or covered
LEADS = [
    ("admin", "Olivia", "Hart", Role.ADMIN, []),
    ("manager", "Laura", "Gómez", Role.MANAGER, [BILLING]),
    ("manager2", "Jonas", "Weber", Role.MANAGER, [TECH]),
    ("manager3", "Wei", "Li", Role.MANAGER, [SALES]),
    ("coach", "Marco", "Bianchi", Role.COACH, [BILLING, TECH]),
    ("coach2", "Sofía", "Navarro", Role.COACH, [SALES]),
]

AGENT_NAMES = [
    "Ana Silva",
    "Lukas Fischer",
    "Giulia Romano",
    "Chen Jing",
    "Mateo Díaz",
    "Emma Wilson",
    "Hannah Becker",
    "Luca Ferrari",
    "Zhang Min",
    "Valentina Cruz",
    "Noah Brown",
    "Sara Conti",
    "Felix Wagner",
    "Liu Yang",
    "Carmen Ruiz",
    "Oliver Smith",
    "Lea Hoffmann",
    "Alessandro Greco",
    "Wang Fang",
    "Lucía Morales",
    "Jack Taylor",
    "Mia Schulz",
    "Francesca Marino",
    "Huang Lei",
    "Diego Herrera",
    "Amelia Jones",
    "Paul Koch",
    "Chiara Galli",
    "Zhao Xin",
    "Elena Vargas",
    "Thomas Evans",
    "Marie Richter",
    "Pablo Ortiz",
]
TEAM_OF_AGENT = [BILLING] * 11 + [TECH] * 11 + [SALES] * 11
IMPROVING = {"E1001", "E1005", "E1014", "E1026"}  # agents whose coaching visibly pays off
MOVED = {"E1011": (SALES, 60)}  # joined their team this many days ago, from Sales
DAY_OFF_PATTERNS = [(5, 6), (5, 6), (5, 6), (6, 0), (4, 5)]  # weekday numbers, Monday = 0
WEEKDAY_VOLUME = [1.15, 1.05, 1.0, 0.98, 0.92, 0.7, 0.6]
WEEKDAY_AHT = [18, 8, 0, -2, -6, -10, -12]


@dataclass(frozen=True)
class AgentProfile:
    """How one demo agent performs: skill, whether they improve, when they work."""

    employee_id: str
    skill: float
    improving: bool
    days_off: tuple[int, int]
    absence_rate: float


def seed_demo(*, today: datetime.date | None = None) -> dict:
    """Create or refresh the demo organisation and its KPI history; returns counts."""
    today = today or datetime.date.today()
    with transaction.atomic():
        password = make_password(DEMO_PASSWORD)
        metrics = _seed_metrics()
        teams = _seed_teams()
        _seed_leads(teams, password)
        _seed_metric_roles(metrics)
        agents = _seed_agents(teams, password, today)
        rows = [row for agent in agents for row in _agent_rows(agent, metrics, teams, today)]
        metric_values_upsert(rows=rows)
        goals = _seed_goals(metrics, teams, {agent.username: agent for agent, _profile in agents}, today)
        seed_one_on_ones(
            today=today,
            managers_agents={
                manager: current_members(team) for team in teams.values() for manager in team.managers.all()
            },
            team_goals=[goal for goal in goals if goal.team_id and goal.is_open],
        )
        seed_observations(today=today)
        seed_pulse(today=today)
        pulse_metrics_record(today=today)
        # Today's round opens as beat would open it, so agents find a survey waiting.
        pulse_rounds_open(today=today)
        _seed_engagement_goal(teams, today)
        seed_recognition(today=today)
        rollups_rebuild(agent_ids=[agent.pk for agent, _profile in agents])
        # The first evaluation, so the demo shows the investigation Billing Support opens.
        seed_alerts(today=today)
    return {
        "teams": Team.objects.count(),
        "agents": User.objects.filter(role=Role.AGENT).count(),
        "metrics": Metric.objects.count(),
        "values": MetricValue.objects.count(),
        "goals": Goal.objects.count(),
        "one_on_ones": OneOnOne.objects.count(),
        "expectations": Expectation.objects.count(),
        "observations": Observation.objects.count(),
        "sessions": CoachingSession.objects.count(),
    }


def _seed_metrics() -> dict[str, Metric]:
    metrics = {}
    for order, (code, name, unit, direction, kind, aggregation, low, high, decimals) in enumerate(METRICS):
        metric, _ = Metric.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "direction": direction,
                "kind": kind,
                "aggregation": aggregation,
                "min_value": Decimal(low),
                "max_value": Decimal(high),
                "decimal_places": decimals,
                "display_order": (order + 1) * 10,
            },
        )
        metrics[code] = metric
    return metrics


def _seed_metric_roles(metrics) -> None:
    """The demo's administrator says which metric is customer satisfaction and which the quality score."""
    admin = User.objects.get(username="admin")
    for code, role in METRIC_ROLES.items():
        metric_set_role(actor=admin, metric=metrics[code], role=role)


def _seed_engagement_goal(teams, today: datetime.date) -> None:
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


def _seed_teams() -> dict[str, Team]:
    return {
        name: Team.objects.update_or_create(name=name, defaults={"description": text})[0]
        for name, text in TEAMS.items()
    }


def _person(username, first_name, last_name, role, password, employee_id="") -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "role": role,
            "employee_id": employee_id,
            "email": f"{username}@example.com",
            "password": password,
        },
    )
    if not created:
        user.first_name, user.last_name, user.role, user.employee_id = first_name, last_name, role, employee_id
        user.password = password
        user.save(update_fields=["first_name", "last_name", "role", "employee_id", "password"])
    return user


def _seed_leads(teams: dict[str, Team], password: str) -> None:
    for username, first_name, last_name, role, team_names in LEADS:
        user = _person(username, first_name, last_name, role, password)
        if role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        for name in team_names:
            (teams[name].managers if role == Role.MANAGER else teams[name].coaches).add(user)


def _seed_agents(teams: dict[str, Team], password: str, today: datetime.date) -> list[tuple[User, AgentProfile]]:
    agents = []
    first_day = today - datetime.timedelta(days=HISTORY_DAYS)
    for number, (full_name, team_name) in enumerate(zip(AGENT_NAMES, TEAM_OF_AGENT, strict=True), start=1):
        employee_id = f"E{1000 + number}"
        username = "agent" if number == 1 else f"agent{number:02d}"
        first_name, last_name = full_name.split(" ", 1)
        agent = _person(username, first_name, last_name, Role.AGENT, password, employee_id)
        if not agent.memberships.exists():
            if employee_id in MOVED:
                previous_team, days_ago = MOVED[employee_id]
                agent_assign_team(agent=agent, team=teams[previous_team], start_date=first_day)
                agent_assign_team(
                    agent=agent, team=teams[team_name], start_date=today - datetime.timedelta(days=days_ago)
                )
            else:
                agent_assign_team(agent=agent, team=teams[team_name], start_date=first_day)
        rng = random.Random(employee_id)
        agents.append(
            (
                agent,
                AgentProfile(
                    employee_id=employee_id,
                    skill=rng.gauss(0, 1),
                    improving=employee_id in IMPROVING,
                    days_off=DAY_OFF_PATTERNS[number % len(DAY_OFF_PATTERNS)],
                    absence_rate=0.025 + rng.random() * 0.03,
                ),
            )
        )
    return agents


def _absence_rate(profile: AgentProfile, team_name: str, days_before_today: int) -> float:
    """Rising absenteeism in one team over the last weeks: up to four times the usual rate."""
    rising_days = RISING_WEEKS * 7
    if team_name == RISING_ABSENTEEISM_TEAM and days_before_today <= rising_days:
        return profile.absence_rate * (1 + 3 * (rising_days - days_before_today) / rising_days)
    return profile.absence_rate


def _agent_rows(agent_profile, metrics, teams, today) -> list[ValueRow]:
    agent, profile = agent_profile
    rng = random.Random(f"values-{profile.employee_id}")
    team_name = TEAM_OF_AGENT[int(profile.employee_id[1:]) - 1001]
    rows = []

    def add(code, day, value, sample):
        rows.append(ValueRow(agent.pk, metrics[code].pk, day, Decimal(str(round(value, 2))), sample))

    for days_ago in range(HISTORY_DAYS, 0, -1):
        day = today - datetime.timedelta(days=days_ago)
        if day.weekday() in profile.days_off:
            continue
        progress = (HISTORY_DAYS - days_ago) / HISTORY_DAYS if profile.improving else 0.0
        if rng.random() < _absence_rate(profile, team_name, days_ago):
            add("ABS", day, 100, 8)
            continue
        late_hours = 2 if rng.random() < 0.03 else 0
        add("ABS", day, late_hours / 8 * 100, 8)
        contacts = max(5, int(rng.gauss(38, 5) * WEEKDAY_VOLUME[day.weekday()]))
        aht = 380 - 25 * profile.skill + WEEKDAY_AHT[day.weekday()] - 70 * progress + rng.gauss(0, 22)
        add("AHT", day, max(120, aht), contacts)
        fcr_chance = min(0.95, 0.72 + 0.035 * profile.skill + 0.09 * progress)
        resolved = sum(rng.random() < fcr_chance for _ in range(contacts))
        add("FCR", day, resolved / contacts * 100, contacts)
        surveys = sum(rng.random() < 0.13 for _ in range(contacts))
        if surveys:
            satisfied_chance = min(0.98, 0.8 + 0.035 * profile.skill + 0.1 * progress)
            satisfied = sum(rng.random() < satisfied_chance for _ in range(surveys))
            add("CSAT", day, satisfied / surveys * 100, surveys)
            promoter, detractor = satisfied_chance - 0.25, max(0.03, 0.22 - 0.04 * profile.skill - 0.08 * progress)
            draws = [rng.random() for _ in range(surveys)]
            nps = (sum(d < promoter for d in draws) - sum(d > 1 - detractor for d in draws)) / surveys * 100
            add("NPS", day, nps, surveys)
        if rng.random() < 0.3:
            qa = 80 + 5 * profile.skill + 10 * progress + rng.gauss(0, 5)
            add("QA", day, max(40, min(100, qa)), 1)
        adherence = 92 + 1.5 * profile.skill + 2 * progress + rng.gauss(0, 2) - (20 if late_hours else 0)
        add("ADH", day, max(50, min(100, adherence)), 480)
    return rows


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


def _seed_goals(metrics, teams, agents_by_username, today) -> list:
    """Team and personal goals in every state, with a baseline computed from the seeded history."""
    manager_of = {team.pk: team.managers.first() for team in teams.values()}
    goals = []
    for title, scope, code, offset, since, until in TEAM_GOALS + AGENT_GOALS:
        team = teams.get(scope)
        agent = agents_by_username.get(scope)
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
    if peers:
        ceiling = quartile_of_best(peers, metric.higher_is_better)
        wanted = min(wanted, ceiling) if metric.higher_is_better else max(wanted, ceiling)
    return wanted.quantize(Decimal("0.1"))
