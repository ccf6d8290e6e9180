"""Build a contact centre's worth of data on PostgreSQL, to judge pages and jobs at full size.

A benchmark script (never run as a test). By default: 2,000 agents in teams of 20 (100
teams, a manager each, a coach for every 10 teams), the demo's metric catalogue (7 daily
metrics per agent; engagement and eNPS per team from pulse rounds), 730 days of daily
values (≈ 9.5 million rows), 3 active team goals per team that pass the SMART check,
expectations for them, 4 one-on-ones and 5 observations per agent, a coaching session
after every other observation, 6 fortnightly pulse rounds, and the demo's alert rules with
their first evaluation.

Everything goes through the project's own code: the daily values through the import (as
an administrator's upload would), the rest through the services a user's action calls.
Only the people, teams and memberships are created directly, as an administrator does in
the Django admin. Prints the time of each step beside the goal (the whole build ≤ 15 min).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching_scale \\
        .venv/bin/python bench/scale_data.py [--agents 2000] [--days 730] [--teams-of 20]

The database is emptied first (``flush``) and migrated. A smaller build for a rough look:
``--agents 200 --days 120``.
"""

import argparse
import csv
import datetime
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coaching_scale")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

from import_bench import ensure_database  # noqa: E402  (beside this script)

PASSWORD = "bench"
TEAMS_PER_COACH = 10
GOALS_PER_TEAM = 3
ONE_ON_ONES_PER_AGENT = 4
OBSERVATIONS_PER_AGENT = 5
PULSE_ROUNDS = 6
VALUES_PER_IMPORT = 1_000_000
GOAL_SECONDS = 15 * 60

# Per metric: typical level, spread between agents, day-to-day noise, daily sample size,
# and the share of days with a value (QA comes from a few evaluations a month).
SHAPES = {
    "AHT": (360, 40, 35, 30, 1.0),
    "FCR": (74, 6, 8, 30, 1.0),
    "CSAT": (82, 5, 10, 12, 1.0),
    "NPS": (35, 12, 25, 10, 1.0),
    "QA": (85, 5, 6, 1, 0.15),
    "ADH": (92, 3, 4, 8, 1.0),
    "ABS": (4, 2, 0, 8, 1.0),
}


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


def write_values(path: Path, agents, days: list[datetime.date]) -> int:
    """One CSV of daily values for ``agents`` over ``days``; returns its rows."""
    rows = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["employee_id", "metric_code", "day", "value", "sample_size"])
        for agent in agents:
            rng = random.Random(agent.employee_id)
            skill = {code: rng.gauss(0, 1) for code in SHAPES}
            for day in days:
                for code, (level, spread, noise, sample, share) in SHAPES.items():
                    if share < 1 and rng.random() > share:
                        continue
                    if day.weekday() == 6 and code != "ABS":
                        continue
                    if code == "ABS":
                        value = 100 if rng.random() < max(0.0, level + spread * skill[code]) / 100 else 0
                        size = sample
                    else:
                        value = level + spread * skill[code] + rng.gauss(0, noise)
                        if code in ("FCR", "CSAT", "ADH", "QA"):
                            value = min(100.0, max(0.0, value))
                        elif code == "NPS":
                            value = min(100.0, max(-100.0, value))
                        size = max(1, round(sample * rng.uniform(0.6, 1.4)))
                    writer.writerow([agent.employee_id, code, day.isoformat(), f"{value:.1f}", size])
                    rows += 1
    return rows


def import_values(agents, *, days: list[datetime.date], admin, steps: Steps) -> int:
    """The daily values through the import, in files of about a million rows each."""
    from coaching.models import ImportSource, ImportStatus
    from coaching.services.imports import metric_values_import

    per_agent = len(days) * len(SHAPES)
    chunk = max(1, VALUES_PER_IMPORT // per_agent)
    total = 0
    with tempfile.TemporaryDirectory() as folder:
        for start in range(0, len(agents), chunk):
            path = Path(folder) / f"values-{start}.csv"
            write_values(path, agents[start : start + chunk], days)
            with path.open("rb") as stream:
                batch = metric_values_import(source=ImportSource.UPLOAD, actor=admin, stream=stream, filename=path.name)
            if batch.status != ImportStatus.SUCCEEDED:
                sys.exit(f"import failed: {batch.errors[:5]}")
            total += batch.rows_inserted
            path.unlink()
            steps.done(f"  import {start + 1}–{min(start + chunk, len(agents))}", f"{batch.rows_inserted:,} rows")
    return total


def build_goals(teams, *, metrics, today: datetime.date):
    """Three active team goals per team, targets held to what the SMART check accepts."""
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
        manager = team.managers.first()
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


def build_one_on_ones(teams, *, today: datetime.date) -> int:
    from coaching.models import TeamMembership
    from coaching.services.one_on_ones import one_on_one_create

    made = 0
    for team in teams:
        manager = team.managers.first()
        for index, membership in enumerate(TeamMembership.objects.on(today).filter(team=team).select_related("agent")):
            for number in range(ONE_ON_ONES_PER_AGENT):
                # Three past meetings a month apart and one planned in the coming weeks.
                days = 28 * (ONE_ON_ONES_PER_AGENT - 1 - number) - (3 + index % 20)
                meeting_on = datetime.datetime.combine(
                    today - datetime.timedelta(days=days), datetime.time(9 + index % 8), tzinfo=datetime.UTC
                )
                one_on_one_create(
                    actor=manager,
                    agent=membership.agent,
                    meeting_on=meeting_on,
                    shared_notes="Went through the last weeks' numbers together.",
                    mood=3 + index % 3 if days > 0 else None,
                )
                made += 1
    return made


def build_expectations(goals, *, today: datetime.date) -> int:
    from coaching.models import GoalStatus
    from coaching.selectors.one_on_ones import team_goal_expectation_plan
    from coaching.services.expectations import ExpectationDraft, expectations_create_for_team_goal

    made = 0
    for goal in goals:
        if goal.status != GoalStatus.ACTIVE:
            continue
        plan = team_goal_expectation_plan(goal, today=today)
        drafts = [
            ExpectationDraft(agent=row.agent, target=row.suggested, suggested_target=row.suggested)
            for row in plan.open_rows
            if row.suggested is not None
        ]
        if drafts:
            made += len(expectations_create_for_team_goal(goal=goal, actor=goal.created_by, drafts=drafts))
    return made


def build_observations(teams, *, today: datetime.date) -> tuple[int, int]:
    from coaching.demo.observations import seed_behaviours
    from coaching.models import ObservationMethod, TeamMembership
    from coaching.services.coaching_sessions import coaching_session_create
    from coaching.services.observations import RatingInput, observation_create

    behaviours = list(seed_behaviours().values())
    observations = sessions = 0
    for team in teams:
        coach = team.coaches.first()
        for index, membership in enumerate(TeamMembership.objects.on(today).filter(team=team).select_related("agent")):
            rng = random.Random(membership.agent.employee_id)
            for number in range(OBSERVATIONS_PER_AGENT):
                day = today - datetime.timedelta(days=150 - 30 * number + index % 10)
                chosen = rng.sample(behaviours, 3)
                observation_create(
                    actor=coach,
                    agent=membership.agent,
                    observed_at=datetime.datetime.combine(day, datetime.time(10 + number), tzinfo=datetime.UTC),
                    method=ObservationMethod.RECORDING,
                    ratings=[RatingInput(behaviour=behaviour, score=rng.randint(2, 5)) for behaviour in chosen],
                    shared_with_agent=True,
                )
                observations += 1
                if number % 2:
                    coaching_session_create(
                        actor=coach,
                        agent=membership.agent,
                        held_on=day + datetime.timedelta(days=1),
                        behaviours=chosen[:2],
                        agreed_actions="Summarise the customer's need before solving it.",
                        follow_up_on=day + datetime.timedelta(days=15),
                    )
                    sessions += 1
    return observations, sessions


def build_pulse(*, admin, today: datetime.date) -> int:
    from coaching.models import PulseQuestionKind, PulseSchedule, TeamMembership
    from coaching.services.pulse import pulse_answer, pulse_rounds_open, pulse_survey_create
    from coaching.services.pulse_metrics import pulse_metrics_record

    starts_on = today - datetime.timedelta(days=14 * PULSE_ROUNDS)
    survey = pulse_survey_create(
        actor=admin,
        name="Fortnightly pulse",
        teams=[],
        schedule=PulseSchedule.BIWEEKLY,
        starts_on=starts_on,
        recommend_text="How likely are you to recommend working here to a friend?",
        statements=["I have what I need to do my job well.", "My manager helps me improve."],
    )
    questions = list(survey.questions.order_by("order"))
    rng = random.Random(7)
    answered = 0
    for index in range(PULSE_ROUNDS):
        opens_on = starts_on + datetime.timedelta(days=14 * index)
        (pulse_round,) = pulse_rounds_open(today=opens_on, surveys=[survey], notify=False)
        for membership in TeamMembership.objects.on(opens_on).select_related("agent"):
            if rng.random() > 0.7:
                continue
            answers = {}
            for question in questions:
                if question.kind == PulseQuestionKind.TEXT:
                    continue
                low, high = question.score_range()
                answers[question.pk] = rng.randint(low, high)
            pulse_answer(
                round=pulse_round,
                agent=membership.agent,
                answers=answers,
                answered_at=datetime.datetime.combine(opens_on, datetime.time(11), tzinfo=datetime.UTC),
            )
            answered += 1
    pulse_metrics_record(today=today)
    return answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=2_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--teams-of", type=int, default=20)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("This benchmark builds a PostgreSQL data set: set DATABASE_URL=postgres://...")
    from coaching import clock
    from coaching.demo.alerts import seed_alerts
    from coaching.demo.metrics import seed_metric_roles, seed_metrics
    from coaching.models import CoachingSession, Expectation, MetricValue, Observation, OneOnOne, User

    steps = Steps()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)  # flush empties the rows data migrations made
    steps.done("empty database, migrated")

    today = clock.today()
    days = [today - datetime.timedelta(days=n) for n in range(args.days, 0, -1)]
    teams, agents = build_org(agents=args.agents, teams_of=args.teams_of, history_start=days[0], today=today)
    admin = User.objects.get(username="admin")
    metrics = seed_metrics()
    seed_metric_roles(metrics)
    steps.done("people, teams, metrics", f"{len(agents):,} agents in {len(teams)} teams")

    values = import_values(agents, days=days, admin=admin, steps=steps)
    steps.done("daily values imported", f"{values:,} rows, {MetricValue.objects.count():,} in the table")

    goals, drafts = build_goals(teams, metrics=metrics, today=today)
    steps.done("team goals", f"{len(goals) - drafts} active, {drafts} kept as drafts by the SMART check")
    steps.done("one-on-ones", f"{build_one_on_ones(teams, today=today):,}")
    steps.done("expectations", f"{build_expectations(goals, today=today):,}")
    observations, sessions = build_observations(teams, today=today)
    steps.done("observations and sessions", f"{observations:,} and {sessions:,}")
    steps.done("pulse rounds", f"{build_pulse(admin=admin, today=today):,} answers")
    evaluation = seed_alerts(today=today)
    steps.done("alert rules, first evaluation", f"{evaluation.as_dict()}")

    total = steps.total()
    print(
        f"\n{'whole build':<34} {total:8.1f} s   goal ≤ {GOAL_SECONDS} s "
        f"({'met' if total <= GOAL_SECONDS else 'MISSED'})"
    )
    print(
        f"one-on-ones {OneOnOne.objects.count():,} · expectations {Expectation.objects.count():,} · "
        f"observations {Observation.objects.count():,} · sessions {CoachingSession.objects.count():,}"
    )
    print("Every user's password is 'bench' (admin, manager001…, coach01…, agent00001…).")


if __name__ == "__main__":
    main()
