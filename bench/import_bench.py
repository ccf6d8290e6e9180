"""Benchmark of the metric-value import on PostgreSQL (a script that prints figures, not a test).

Generates N synthetic rows as a CSV file on disk, then measures, in the same run,

1. a plain ``COPY`` of the file into an unindexed table (the ceiling), three times: before,
   between and after the imports, keeping the median (the machine may be shared);
2. importing the N rows into an empty table (all new);
3. re-importing the same file (all unchanged);

and prints each rate, the ratios import / COPY beside their goals, how long the roll-ups and
alert rules that follow a large import's commit took (a background task; not part of the
import's time), the floor the table itself sets (an ``INSERT`` of already-resolved rows into
the empty table and its indexes) and the peak resident memory of the process (run it with
``--rows 200000`` and ``--rows 1000000`` to see it does not grow with the file).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching_bench .venv/bin/python bench/import_bench.py

The database is created if missing and migrated; its metric values are replaced. Exit
status 1 if a ratio misses its goal.
"""

import argparse
import datetime
import math
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coaching_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

# Goals: an import's rate as a share of COPY's rate on the same file.
NEW_ROWS_GOAL = 0.25
UNCHANGED_GOAL = 0.5


def ensure_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate (default 1,000,000)")
    parser.add_argument("--agents", type=int, default=2_000, help="agents the rows are spread over")
    parser.add_argument("--metrics", type=int, default=5, help="metrics the rows are spread over")
    parser.add_argument("--file", default=None, help="where to write the CSV (default: /tmp/coaching_bench_<rows>.csv)")
    parser.add_argument(
        "--existing",
        type=int,
        default=0,
        help="daily values already stored (older days) before the imports run, e.g. 11680000 for two years "
        "of 2,000 agents × 8 metrics (default 0: an empty table)",
    )
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("This benchmark measures PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)

    from coaching.models import ImportSource
    from coaching.services.imports import import_batch_follow_up, metric_values_import

    employee_ids, metric_codes = prepare_catalog(args.agents, args.metrics)
    path = Path(args.file or f"/tmp/coaching_bench_{args.rows}.csv")
    started = time.perf_counter()
    rows = write_csv(path, args.rows, employee_ids, metric_codes)
    print(f"generated {rows:,} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    print(f"load average: {' '.join(f'{load:.1f}' for load in os.getloadavg())} on {os.cpu_count()} CPUs")
    rss_before = peak_rss_mb()

    def timed_import(label: str) -> tuple[float, float]:
        """Seconds of the import (to its commit), and of the follow-up task it queued (roll-ups, alerts)."""
        queued = []

        def held_back(task, /, **kwargs):
            """The import's tasks (its follow-up, the alert rules) are kept to run after the timing."""
            if task.name == "coaching.import_batch_follow_up":
                queued.append(kwargs["batch_id"])

        with mock.patch("coaching.services.imports.task_enqueue", held_back):
            started = time.perf_counter()
            with path.open("rb") as stream:
                batch = metric_values_import(source=ImportSource.COMMAND, actor=None, stream=stream, filename=path.name)
            seconds = time.perf_counter() - started
        assert batch.status == "succeeded", batch.errors[:5]
        print(
            f"{label:<30} {seconds:7.2f} s  {rows / seconds:>11,.0f} rows/s   "
            f"inserted {batch.rows_inserted:,} · updated {batch.rows_updated:,} · unchanged {batch.rows_unchanged:,}"
        )
        follow_up = 0.0
        for batch_id in queued:
            started = time.perf_counter()
            done = import_batch_follow_up(batch_id=batch_id)
            follow_up += time.perf_counter() - started
            print(
                f"{'  then roll-ups and alerts':<30} {follow_up:7.2f} s  "
                f"(a background task after the commit: {done.followup_series_done:,} series refreshed)"
            )
        return seconds, follow_up

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE coaching_metricvalue, coaching_metricrollup")
    if args.existing:
        started = time.perf_counter()
        stored = fill_history(args.existing, first_new_day=oldest_day(path))
        print(f"stored {stored:,} older daily values first in {time.perf_counter() - started:.0f} s; {table_size()}")
    copies = [raw_copy(path)]
    new_seconds, _ = timed_import("import (all new)")
    copies.append(raw_copy(path))
    unchanged_seconds, _ = timed_import("re-import (all unchanged)")
    copies.append(raw_copy(path))
    copy_seconds = statistics.median(copies)
    print(
        f"{'COPY, unindexed table':<30} {copy_seconds:7.2f} s  {rows / copy_seconds:>11,.0f} rows/s   "
        f"(median of {', '.join(f'{seconds:.2f}' for seconds in copies)} s)"
    )
    insert_seconds = schema_floor(path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'coaching_metricvalue'")
        (index_count,) = cursor.fetchone()
    print(
        f"{'  floor: bare INSERT':<30} {insert_seconds:7.2f} s  {rows / insert_seconds:>11,.0f} rows/s   "
        f"(already-resolved rows into the empty coaching_metricvalue and its {index_count} indexes; "
        f"{copy_seconds / insert_seconds:.2f} × COPY)"
    )
    new_ratio, unchanged_ratio = copy_seconds / new_seconds, copy_seconds / unchanged_seconds
    print(f"new rows:      {new_ratio:.2f} × COPY's rate (goal ≥ {NEW_ROWS_GOAL})  {verdict(new_ratio, NEW_ROWS_GOAL)}")
    print(
        f"unchanged:     {unchanged_ratio:.2f} × COPY's rate (goal ≥ {UNCHANGED_GOAL})  "
        f"{verdict(unchanged_ratio, UNCHANGED_GOAL)}"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB (before the imports: {rss_before:.0f} MB)")
    print(f"after the imports: {table_size()}")
    print(f"load average: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    return 0 if new_ratio >= NEW_ROWS_GOAL and unchanged_ratio >= UNCHANGED_GOAL else 1


def verdict(ratio: float, goal: float) -> str:
    return "met" if ratio >= goal else "MISSED"


def prepare_catalog(agent_count: int, metric_count: int) -> tuple[list[str], list[str]]:
    """Agents in 20 teams (a fifth of them moved team 30 days ago) and metrics without a range."""
    from coaching.models import Metric, Role, Team, TeamMembership, User

    today = datetime.date.today()
    teams = [Team.objects.get_or_create(name=f"Bench team {n}")[0] for n in range(20)]
    existing = set(User.objects.filter(username__startswith="bench-").values_list("username", flat=True))
    User.objects.bulk_create(
        User(username=f"bench-{n}", role=Role.AGENT, employee_id=f"B{n:06d}")
        for n in range(agent_count)
        if f"bench-{n}" not in existing
    )
    agents = list(User.objects.filter(username__startswith="bench-").order_by("employee_id")[:agent_count])
    TeamMembership.objects.filter(agent__in=agents).delete()
    memberships = []
    for n, agent in enumerate(agents):
        team = teams[n % len(teams)]
        if n % 5 == 0:
            moved = today - datetime.timedelta(days=30)
            memberships.append(
                TeamMembership(agent=agent, team=team, start_date=datetime.date(2020, 1, 1), end_date=moved)
            )
            memberships.append(
                TeamMembership(agent=agent, team=teams[(n + 1) % len(teams)], start_date=moved + datetime.timedelta(1))
            )
        else:
            memberships.append(TeamMembership(agent=agent, team=team, start_date=datetime.date(2020, 1, 1)))
    TeamMembership.objects.bulk_create(memberships)
    codes = [f"BENCH{n}" for n in range(metric_count)]
    for code in codes:
        Metric.objects.get_or_create(
            code=code, defaults={"name": code, "unit": "score", "direction": "higher", "kind": "customer"}
        )
    return [agent.employee_id for agent in agents], codes


def write_csv(path: Path, rows: int, employee_ids: list[str], metric_codes: list[str]) -> int:
    """Rows for every agent × metric over as many past days as needed; returns the row count."""
    days_needed = math.ceil(rows / (len(employee_ids) * len(metric_codes)))
    today = datetime.date.today()
    days = [(today - datetime.timedelta(days=n)).isoformat() for n in range(1, days_needed + 1)]
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("employee_id,metric_code,day,value,sample_size\n")
        for day_index, day in enumerate(days):
            for agent_index, employee_id in enumerate(employee_ids):
                for metric_index, code in enumerate(metric_codes):
                    if written == rows:
                        return written
                    value = (agent_index * 7 + metric_index * 13 + day_index * 3) % 1000 / 10
                    out.write(f"{employee_id},{code},{day},{value},{(agent_index + day_index) % 50}\n")
                    written += 1
    return written


def oldest_day(path: Path) -> datetime.date:
    """The first day of the generated file (its last rows: days run backwards from yesterday)."""
    with path.open("rb") as source:
        source.seek(max(0, path.stat().st_size - 4096))
        last_line = source.read().decode().strip().splitlines()[-1]
    return min(datetime.date.today() - datetime.timedelta(days=1), datetime.date.fromisoformat(last_line.split(",")[2]))


def fill_history(rows: int, *, first_new_day: datetime.date) -> int:
    """Store ``rows`` daily values of the bench agents and metrics on the days before ``first_new_day``.

    Written in one INSERT in key order (as a history would have arrived, import after import),
    each with the team of the agent's first membership; then analysed.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM coaching_user WHERE username LIKE 'bench-%%'",
        )
        (agents,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM coaching_metric WHERE code LIKE 'BENCH%%'")
        (metrics,) = cursor.fetchone()
        days = math.ceil(rows / (agents * metrics))
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(
            """
            INSERT INTO coaching_metricvalue (agent_id, metric_id, day, value, sample_size, team_id, updated_at)
            SELECT a.id, m.id, d.day, ((a.id * 7 + m.id * 13 + d.n * 3) %% 1000) / 10.0, (a.id + d.n) %% 50,
                   (SELECT team_id FROM coaching_teammembership t WHERE t.agent_id = a.id ORDER BY start_date LIMIT 1),
                   now()
              FROM (SELECT id FROM coaching_user WHERE username LIKE 'bench-%%') a
             CROSS JOIN (SELECT id FROM coaching_metric WHERE code LIKE 'BENCH%%') m
             CROSS JOIN (SELECT n, %s::date - n AS day FROM generate_series(1, %s) n) d
             ORDER BY a.id, m.id, d.day
             LIMIT %s
            """,
            [first_new_day, days, rows],
        )
        stored = cursor.rowcount
        cursor.execute("ANALYZE coaching_metricvalue")
    return stored


def table_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), pg_table_size('coaching_metricvalue'), pg_indexes_size('coaching_metricvalue') "
            "FROM coaching_metricvalue"
        )
        rows, table, indexes = cursor.fetchone()
    return (
        f"coaching_metricvalue holds {rows:,} rows in {table / 1e6:,.0f} MB of table "
        f"and {indexes / 1e6:,.0f} MB of indexes"
    )


def raw_copy(path: Path) -> float:
    """Seconds to COPY the file into a fresh table without indexes or constraints."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
        cursor.execute(
            "CREATE TABLE bench_raw_copy (employee_id text, metric_code text, day date, value numeric(14, 4), "
            "sample_size integer)"
        )
        started = time.perf_counter()
        with path.open("rb") as source, cursor.copy("COPY bench_raw_copy FROM STDIN (FORMAT csv, HEADER true)") as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw_copy")
    return seconds


def schema_floor(path: Path) -> float:
    """Seconds for a bare INSERT ... SELECT of the rows, already resolved to ids and teams, into an
    empty coaching_metricvalue, rolled back.

    No parsing, validation, duplicate check, comparison, counts or roll-ups: what the table and
    its indexes themselves cost.
    """
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            "CREATE TEMP TABLE floor_raw (employee_id text, metric_code text, day date, value numeric(14, 4), "
            "sample_size integer) ON COMMIT DROP"
        )
        with path.open("rb") as source, cursor.copy("COPY floor_raw FROM STDIN (FORMAT csv, HEADER true)") as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        cursor.execute(
            "CREATE TEMP TABLE floor_rows ON COMMIT DROP AS SELECT u.id AS agent_id, m.id AS metric_id, r.day, "
            "r.value, r.sample_size, (SELECT team_id FROM coaching_teammembership WHERE agent_id = u.id "
            "AND start_date <= r.day ORDER BY start_date DESC LIMIT 1) AS team_id FROM floor_raw r "
            "JOIN coaching_user u ON u.employee_id = r.employee_id JOIN coaching_metric m ON m.code = r.metric_code"
        )
        cursor.execute("TRUNCATE coaching_metricvalue, coaching_metricrollup")
        started = time.perf_counter()
        cursor.execute(
            "INSERT INTO coaching_metricvalue (agent_id, metric_id, day, value, sample_size, team_id, updated_at) "
            "SELECT agent_id, metric_id, day, value, sample_size, team_id, now() FROM floor_rows "
            "ORDER BY agent_id, metric_id, day"
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


if __name__ == "__main__":
    sys.exit(main())
