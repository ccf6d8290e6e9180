"""Build a contact centre's worth of data on PostgreSQL, to judge pages and jobs at full size.

A benchmark script (never run as a test). By default: 2,000 agents in teams of 20 (100
teams, a manager each, a coach for every 10 teams), 8 daily metrics per agent (the demo's
seven and a transfer rate) on each of 730 days (11.68 million daily values, and their
weekly and monthly roll-ups), 3 active team goals per team that pass the SMART check,
expectations for them, 4 one-on-ones and 5 observations per agent, a coaching session after
every other observation, 6 fortnightly pulse rounds (engagement and eNPS per team), and
the demo's alert rules with their first evaluation. Then ``VACUUM ANALYZE``, as autovacuum
would have done by the time anyone opens a page.

The daily values go through the project's own import, one file of about a million rows
after the other (a second process writes the next file meanwhile; two imports side by
side were no faster on this 2-core machine). Goals go through ``goal_create``, recognition through
``recognition_give``, surveys and rounds through the pulse services. One-on-ones (with
action items and carried-over agenda points), expectations, observations, sessions and
pulse answers are written set-based by ``scale_records.py`` with the checks their services
make (who may, the rules, the models' validation), and the expectations' notifications
through the service's own trigger. People, teams and memberships are created directly,
as an administrator does in the Django admin. One transaction per step. Prints the time
of each step and the whole build beside the goal (≤ 15 min at full size).

    .venv/bin/python bench/scale_data.py --database coaching_scale [--agents 2000] [--days 730] [--teams-of 20]
    .venv/bin/python bench/scale_data.py --database coaching_scale --drop     # remove it afterwards

The database (``--database``, else the one in ``DATABASE_URL``, else ``coaching_scale``) is
dropped and created anew. The full size takes 2.5 GB (with the WAL, keep 4 GB free). A
small build for a quick look: ``--agents 100 --days 100`` (under a minute).
"""

import argparse
import contextlib
import datetime
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/coaching_scale"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

PASSWORD = "bench"
TEAMS_PER_COACH = 10
GOALS_PER_TEAM = 3
VALUES_PER_IMPORT = 1_000_000
GOAL_SECONDS = 15 * 60

# The eighth daily metric, beside the demo's seven: code, name, unit, direction, kind, aggregation, range.
TRANSFERS = ("TRF", "Transfer rate", "percent", "lower", "operational", "rate", 0, 100, 1)
# Per metric: typical level, spread between agents, day-to-day noise, daily sample size.
SHAPES = {
    "AHT": (360, 40, 35, 30),
    "FCR": (74, 6, 8, 30),
    "CSAT": (82, 5, 10, 12),
    "NPS": (35, 12, 25, 10),
    "QA": (85, 5, 6, 1),
    "ADH": (92, 3, 4, 8),
    "ABS": (4, 2, 0, 8),
    "TRF": (9, 3, 4, 30),
}
RISING_DAYS, SLIDING_DAYS, SLIDE = 42, 35, 20
BOUNDED = {"FCR": (0, 100), "CSAT": (0, 100), "ADH": (0, 100), "QA": (0, 100), "TRF": (0, 100), "NPS": (-100, 100)}


def database_url(name: str | None) -> str:
    """``DATABASE_URL`` (or the default) with its database name replaced by ``name``, if given."""
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        url = DEFAULT_URL
    return urlparse(url)._replace(path=f"/{name}").geturl() if name else url


def recreate_database(url: str, *, create: bool = True) -> None:
    """Drop the database of ``url`` (closing its connections) and, with ``create``, make it anew."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


class Steps:
    """Times each step and prints it as it ends."""

    def __init__(self):
        self.started = time.perf_counter()
        self.last = self.started

    def done(self, label: str, detail: str = "") -> None:
        now = time.perf_counter()
        print(f"{label:<34} {now - self.last:8.1f} s   {detail}", flush=True)
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.started


def build_org(*, agents: int, teams_of: int, history_start: datetime.date, today: datetime.date):
    """People, teams and memberships, as an administrator creates them in the Django admin."""
    from django.contrib.auth.hashers import make_password

    from coaching.models import Role, Team, TeamMembership, User

    password = make_password(PASSWORD)
    team_count = -(-agents // teams_of)
    teams = Team.objects.bulk_create(Team(name=f"Team {number:03d}") for number in range(1, team_count + 1))
    User.objects.create(
        username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True, password=password, first_name="Ada"
    )
    managers = User.objects.bulk_create(
        User(username=f"manager{n:03d}", role=Role.MANAGER, password=password, first_name="Manager", last_name=f"{n}")
        for n in range(1, team_count + 1)
    )
    coaches = User.objects.bulk_create(
        User(username=f"coach{n:02d}", role=Role.COACH, password=password, first_name="Coach", last_name=f"{n}")
        for n in range(1, -(-team_count // TEAMS_PER_COACH) + 1)
    )
    for index, team in enumerate(teams):
        team.managers.add(managers[index])
        team.coaches.add(coaches[index // TEAMS_PER_COACH])
    people = User.objects.bulk_create(
        User(
            username=f"agent{n:05d}",
            role=Role.AGENT,
            password=password,
            first_name="Agent",
            last_name=f"{n:05d}",
            employee_id=f"E{n:05d}",
        )
        for n in range(1, agents + 1)
    )
    # One agent in twenty moved team halfway through the history: team series must follow.
    halfway = history_start + (today - history_start) / 2
    memberships = []
    for index, agent in enumerate(people):
        team = teams[index // teams_of]
        if index % 20 == 7 and len(teams) > 1:
            earlier = teams[(index // teams_of + 1) % len(teams)]
            memberships.append(TeamMembership(agent=agent, team=earlier, start_date=history_start, end_date=halfway))
            memberships.append(TeamMembership(agent=agent, team=team, start_date=halfway + datetime.timedelta(days=1)))
        else:
            memberships.append(TeamMembership(agent=agent, team=team, start_date=history_start))
    TeamMembership.objects.bulk_create(memberships)
    return teams, people


def write_values(path: str, employee_ids: list[str], first_day: datetime.date, days: int, teams_of: int) -> int:
    """One CSV of daily values: every metric of ``SHAPES`` for each agent on each day; returns its rows.

    Runs in a second process (no Django), seeded by the employee id: the same agents always
    get the same values. Two stories for the alert rules to find: the first team's
    absenteeism rises to four times its usual rate over the last six weeks, and every
    twentieth agent's customer satisfaction slides by up to 20 points over the last five.
    """
    texts = [(first_day + datetime.timedelta(days=n)).isoformat() for n in range(days)]
    rows = 0
    with open(path, "w", newline="") as handle:
        handle.write("employee_id,metric_code,day,value,sample_size\n")
        for employee_id in employee_ids:
            number = int(employee_id[1:])
            rng = random.Random(employee_id)
            gauss, uniform, chance = rng.gauss, rng.uniform, rng.random
            rising = (number - 1) // teams_of == 0
            sliding = number % 20 == 10
            shapes = [
                (code, level + spread * gauss(0, 1), noise, sample, BOUNDED.get(code))
                for code, (level, spread, noise, sample) in SHAPES.items()
            ]
            lines = []
            for position, day in enumerate(texts):
                before_end = days - position  # 1 on the last day
                for code, usual, noise, sample, bounds in shapes:
                    if noise == 0:  # absent (100 %) or not, on the agent's usual rate
                        rate = max(0.0, usual)
                        if rising and before_end <= RISING_DAYS:
                            rate *= 1 + 3 * (RISING_DAYS - before_end) / RISING_DAYS
                        value, size = (100 if chance() < rate / 100 else 0), sample
                    else:
                        value = usual + gauss(0, noise)
                        if sliding and code == "CSAT" and before_end <= SLIDING_DAYS:
                            value -= SLIDE * (SLIDING_DAYS - before_end) / SLIDING_DAYS
                        if bounds:
                            value = min(bounds[1], max(bounds[0], value))
                        size = max(1, round(sample * uniform(0.6, 1.4)))
                    lines.append(f"{employee_id},{code},{day},{value:.1f},{size}\n")
            handle.writelines(lines)
            rows += len(lines)
    return rows


def import_values(agents, *, days: list[datetime.date], teams_of: int, admin, steps: Steps) -> int:
    """The daily values through the import, in files of about a million rows each.

    A second process writes the next file while the current one is imported.
    """
    from coaching.models import ImportSource, ImportStatus
    from coaching.services.imports import metric_values_import

    per_file = max(1, VALUES_PER_IMPORT // (len(days) * len(SHAPES)))
    groups = [agents[start : start + per_file] for start in range(0, len(agents), per_file)]
    total = 0
    with tempfile.TemporaryDirectory() as folder, ProcessPoolExecutor(1, mp_context=get_context("spawn")) as writer:

        def written(index: int):
            path = str(Path(folder) / f"values-{index}.csv")
            ids = [agent.employee_id for agent in groups[index]]
            return path, writer.submit(write_values, path, ids, days[0], len(days), teams_of)

        pending = written(0)
        for index, group in enumerate(groups):
            path, future = pending
            future.result()
            if index + 1 < len(groups):
                pending = written(index + 1)
            started = time.perf_counter()
            with open(path, "rb") as stream:
                batch = metric_values_import(
                    source=ImportSource.UPLOAD, actor=admin, stream=stream, filename=Path(path).name
                )
            took = time.perf_counter() - started
            if batch.status != ImportStatus.SUCCEEDED:
                sys.exit(f"import failed: {batch.errors[:5]}")
            Path(path).unlink()
            total += batch.rows_inserted
            steps.done(
                f"  import {group[0].employee_id}–{group[-1].employee_id}",
                f"{batch.rows_inserted:,} rows in {took:.1f} s ({batch.rows_inserted / took:,.0f} rows/s)",
            )
    return total


def create_transfer_metric():
    """The eighth metric, as an administrator adds it in the Django admin."""
    from decimal import Decimal

    from coaching.models import Metric

    code, name, unit, direction, kind, aggregation, low, high, decimals = TRANSFERS
    metric = Metric(
        code=code,
        name=name,
        unit=unit,
        direction=direction,
        kind=kind,
        aggregation=aggregation,
        min_value=Decimal(low),
        max_value=Decimal(high),
        decimal_places=decimals,
        display_order=80,
    )
    metric.full_clean()
    metric.save()
    return metric


def build_goals(teams, *, metrics, today: datetime.date):
    """Three active team goals per team, targets held to what the SMART check accepts (``goal_create``)."""
    from decimal import Decimal

    from coaching.models import GoalStatus
    from coaching.rules.smart import held_to_achievable
    from coaching.selectors.baselines import scope_baseline
    from coaching.selectors.goals import baseline_end, peer_best_levels
    from coaching.services.goals import goal_create

    start_date, due_date = today - datetime.timedelta(days=14), today + datetime.timedelta(days=76)
    end = baseline_end(start_date, today)
    window = (due_date - start_date).days
    chosen = [metrics[code] for code in ("FCR", "CSAT", "AHT")][:GOALS_PER_TEAM]
    peers = {metric.pk: peer_best_levels(metric, by="team", window_days=window, end=end) for metric in chosen}
    goals, drafts = [], 0
    for team in teams:
        manager = next(iter(team.managers.all()))
        for metric in chosen:
            baseline = scope_baseline(metric, team=team, end=end).value
            if baseline is None:
                continue
            step = Decimal("1.5") if metric.higher_is_better else Decimal("-8")
            target = held_to_achievable(baseline + step, peers[metric.pk], metric.higher_is_better)
            created = goal_create(
                actor=manager,
                metric=metric,
                team=team,
                title=f"{metric.name} · {team.name}",
                objective="Fewer repeat contacts and happier customers this quarter.",
                description=f"{metric.name} as measured in the daily export.",
                target=target.quantize(Decimal("0.1")),
                start_date=start_date,
                due_date=due_date,
                today=today,
                peer_levels=peers[metric.pk],
            )
            goals.append(created.goal)
            drafts += created.goal.status == GoalStatus.DRAFT
    return goals, drafts


@contextlib.contextmanager
def peer_levels_read_once():
    """Goals with the same metric and span share their peers' sustained levels: the plans read them once.

    ``team_goal_expectation_plan`` reads a year of every agent's values for them on each
    call; every goal here has the same span, so the answer is the same for all of a metric's goals.
    """
    from coaching.selectors import one_on_ones as plans

    original = getattr(plans, "peer_best_levels", None)
    if original is None:  # the plan no longer reads them itself
        yield
        return
    known = {}

    def once(metric, *, by, window_days, end):
        key = (metric.pk, by, window_days, end)
        if key not in known:
            known[key] = original(metric, by=by, window_days=window_days, end=end)
        return known[key]

    plans.peer_best_levels = once
    try:
        yield
    finally:
        plans.peer_best_levels = original


def build_expectations(goals, *, today: datetime.date) -> int:
    """Each active goal's suggested personal targets set for every agent of its team, as the manager accepts them."""
    import scale_records

    from coaching.models import GoalStatus
    from coaching.selectors.one_on_ones import team_goal_expectation_plan

    with peer_levels_read_once():
        plans = [team_goal_expectation_plan(goal, today=today) for goal in goals if goal.status == GoalStatus.ACTIVE]
    return len(scale_records.expectations(plans))


def build_pulse(*, admin, today: datetime.date) -> int:
    """A fortnightly survey of every team, its rounds opened on their days, then answered; then its metrics."""
    import scale_records

    from coaching.models import PulseSchedule, TeamMembership
    from coaching.services.pulse import pulse_rounds_open, pulse_survey_create
    from coaching.services.pulse_metrics import pulse_metrics_record

    starts_on = today - datetime.timedelta(days=14 * scale_records.PULSE_ROUNDS)
    survey = pulse_survey_create(
        actor=admin,
        name="Fortnightly pulse",
        teams=[],
        schedule=PulseSchedule.BIWEEKLY,
        starts_on=starts_on,
        recommend_text="How likely are you to recommend working here to a friend?",
        statements=["I have what I need to do my job well.", "My manager helps me improve."],
    )
    rounds = []
    for index in range(scale_records.PULSE_ROUNDS):
        opens_on = starts_on + datetime.timedelta(days=14 * index)
        rounds += pulse_rounds_open(today=opens_on, surveys=[survey], notify=False)

    def members_on(day):
        memberships = TeamMembership.objects.on(day).select_related("agent")
        return {membership.agent_id: (membership.agent, membership.team_id) for membership in memberships}

    survey.refresh_from_db()
    answered = scale_records.pulse_answers(survey, rounds, members_on=members_on)
    pulse_metrics_record(today=today)
    pulse_rounds_open(today=today, surveys=[survey], notify=False)  # this fortnight's round, open to answers
    return answered


def build_recognition(teams, members, *, today: datetime.date) -> int:
    """The company values, and every fourth agent recognised by their manager (``recognition_give``)."""
    from coaching.demo.recognition import VALUES
    from coaching.models import CompanyValue
    from coaching.services.recognition import recognition_give

    values = []
    for name, description, order in VALUES:
        value = CompanyValue(name=name, description=description, order=order)
        value.full_clean()
        value.save()
        values.append(value)
    given = 0
    for team in teams:
        manager = next(iter(team.managers.all()))
        for index, agent in enumerate(members[team.pk]):
            if index % 4:
                continue
            given_at = datetime.datetime.combine(
                today - datetime.timedelta(days=1 + index % 30), datetime.time(15), tzinfo=datetime.UTC
            )
            recognition_give(
                actor=manager,
                agent=agent,
                value=values[index % len(values)],
                message="Stayed with a difficult customer until the refund was confirmed.",
                given_at=given_at,
            )
            given += 1
    return given


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=2_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--teams-of", type=int, default=20)
    parser.add_argument("--database", help="the PostgreSQL database to build (default: the one in DATABASE_URL)")
    parser.add_argument("--drop", action="store_true", help="only drop the database and stop")
    args = parser.parse_args()

    url = database_url(args.database)
    if args.drop:
        recreate_database(url, create=False)
        print(f"dropped {urlparse(url).path.lstrip('/')}")
        return
    os.environ["DATABASE_URL"] = url
    steps = Steps()
    recreate_database(url)
    import django

    django.setup()
    import scale_records
    from django.core.management import call_command
    from django.db import connection, transaction

    from coaching import clock
    from coaching.demo.alerts import seed_alerts
    from coaching.demo.metrics import seed_metric_roles, seed_metrics
    from coaching.demo.observations import seed_behaviours
    from coaching.models import (
        CoachingProposal,
        CoachingSession,
        Expectation,
        Investigation,
        MetricValue,
        Notification,
        Observation,
        OneOnOne,
        Team,
        User,
    )
    from coaching.services.goals import goal_template_create

    call_command("migrate", verbosity=0)
    steps.done("new database, migrated", urlparse(url).path.lstrip("/"))

    today = clock.today()
    days = [today - datetime.timedelta(days=n) for n in range(args.days, 0, -1)]
    with transaction.atomic():
        build_org(agents=args.agents, teams_of=args.teams_of, history_start=days[0], today=today)
        admin = User.objects.get(username="admin")
        metrics = seed_metrics()
        seed_metric_roles(metrics)
        metrics["TRF"] = create_transfer_metric()
        behaviours = list(seed_behaviours().values())
    agents = list(User.objects.filter(employee_id__startswith="E").order_by("employee_id"))
    teams = list(Team.objects.prefetch_related("managers", "coaches").order_by("name"))
    steps.done("people, teams, metrics", f"{len(agents):,} agents in {len(teams)} teams, {len(SHAPES)} metrics")

    imported = time.perf_counter()
    values = import_values(agents, days=days, teams_of=args.teams_of, admin=admin, steps=steps)
    steps.done(
        "daily values imported",
        f"{values:,} rows ({values / (time.perf_counter() - imported):,.0f} rows/s overall), "
        f"{MetricValue.objects.count():,} in the table",
    )

    with transaction.atomic():
        goals, drafts = build_goals(teams, metrics=metrics, today=today)
        if goals:  # the first manager keeps their first goal as a template
            goal_template_create(goal=goals[0], actor=goals[0].created_by, name="Quarterly first-contact resolution")
    steps.done("team goals, a template", f"{len(goals) - drafts} active, {drafts} kept as drafts by the SMART check")
    members = scale_records.current_members(today)
    with transaction.atomic():
        made, items = scale_records.one_on_ones(teams, members, today=today, now=clock.now())
    steps.done("one-on-ones, action items", f"{made:,} and {items:,}")
    with transaction.atomic():
        made = build_expectations(goals, today=today)
    steps.done("expectations", f"{made:,}")
    with transaction.atomic():
        observations, sessions = scale_records.observations_and_sessions(
            teams, members, behaviours=behaviours, now=clock.now()
        )
    steps.done("observations and sessions", f"{observations:,} and {sessions:,}")
    with transaction.atomic():
        answered = build_pulse(admin=admin, today=today)
    steps.done("pulse rounds", f"{answered:,} answers in {scale_records.PULSE_ROUNDS} rounds, one round open")
    with transaction.atomic():
        given = build_recognition(teams, members, today=today)
    steps.done("company values, recognition", f"{given:,}")
    evaluation = seed_alerts(today=today)
    steps.done("alert rules, first evaluation", f"{evaluation.as_dict()}")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        (size,) = cursor.fetchone()
    steps.done("VACUUM ANALYZE", f"the database takes {size}")

    total = steps.total()
    print(
        f"\n{'whole build':<34} {total:8.1f} s   goal ≤ {GOAL_SECONDS} s "
        f"({'met' if total <= GOAL_SECONDS else 'MISSED'})"
    )
    print(
        f"one-on-ones {OneOnOne.objects.count():,} · expectations {Expectation.objects.count():,} · "
        f"observations {Observation.objects.count():,} · sessions {CoachingSession.objects.count():,} · "
        f"investigations {Investigation.objects.count():,} · proposals {CoachingProposal.objects.count():,} · "
        f"notifications {Notification.objects.count():,}"
    )
    print("Every user's password is 'bench' (admin, manager001…, coach01…, agent00001…).")


if __name__ == "__main__":
    main()
