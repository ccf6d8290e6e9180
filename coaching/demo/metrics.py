"""The demo KPIs, the roles the administrator gives two of them, and six months of daily values for every agent.

Values depend on the agent's skill, the weekday, the improving agents' progress and the
rising absenteeism of one team; every draw is seeded by the employee id, so seeding
twice writes the same values. They go in through ``metric_values_upsert``, as an import's do,
which also refreshes their weekly and monthly roll-ups.
"""

import datetime
import random
from decimal import Decimal

from ..models import Aggregation, Direction, Metric, MetricKind, MetricRole, MetricUnit, User
from ..services.metrics import ValueRow, metric_set_role, metric_values_upsert
from .org import AgentProfile
from .story import HISTORY_DAYS, RISING_ABSENTEEISM_TEAM, RISING_WEEKS

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

WEEKDAY_VOLUME = [1.15, 1.05, 1.0, 0.98, 0.92, 0.7, 0.6]
WEEKDAY_AHT = [18, 8, 0, -2, -6, -10, -12]


def seed_metrics() -> dict[str, Metric]:
    """Create or refresh the demo KPI definitions; returns {code: Metric}."""
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


def seed_metric_roles(metrics: dict[str, Metric]) -> None:
    """The demo's administrator says which metric is customer satisfaction and which the quality score."""
    admin = User.objects.get(username="admin")
    for code, role in METRIC_ROLES.items():
        metric_set_role(actor=admin, metric=metrics[code], role=role)


def seed_metric_values(
    *, metrics: dict[str, Metric], agents: list[tuple[User, AgentProfile]], today: datetime.date
) -> int:
    """Every agent's daily values for the ``HISTORY_DAYS`` before ``today``; returns the rows written."""
    rows = [row for agent, profile in agents for row in _agent_rows(agent, profile, metrics, today)]
    return metric_values_upsert(rows=rows)


def _absence_rate(profile: AgentProfile, days_before_today: int) -> float:
    """Rising absenteeism in one team over the last weeks: up to four times the usual rate."""
    rising_days = RISING_WEEKS * 7
    if profile.team_name == RISING_ABSENTEEISM_TEAM and days_before_today <= rising_days:
        return profile.absence_rate * (1 + 3 * (rising_days - days_before_today) / rising_days)
    return profile.absence_rate


def _agent_rows(agent: User, profile: AgentProfile, metrics, today) -> list[ValueRow]:
    rng = random.Random(f"values-{profile.employee_id}")
    rows = []

    def add(code, day, value, sample):
        rows.append(ValueRow(agent.pk, metrics[code].pk, day, Decimal(str(round(value, 2))), sample))

    for days_ago in range(HISTORY_DAYS, 0, -1):
        day = today - datetime.timedelta(days=days_ago)
        if day.weekday() in profile.days_off:
            continue
        progress = (HISTORY_DAYS - days_ago) / HISTORY_DAYS if profile.improving else 0.0
        if rng.random() < _absence_rate(profile, days_ago):
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
