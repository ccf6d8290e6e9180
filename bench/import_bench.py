"""Benchmark of the metric-value import on PostgreSQL (a script that prints figures, not a test).

Generates N synthetic rows as a CSV file on disk, then prints rows per second for

1. importing the N rows into an empty table (all new),
2. re-importing the same file (all unchanged),
3. a raw ``COPY`` of the same file into an unindexed table (the ceiling),

the ratio import / COPY, and the peak resident memory of the process (run it with
``--rows 200000`` and with ``--rows 1000000`` to see it does not grow with the file).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching_bench .venv/bin/python bench/import_bench.py

The database is created if missing and migrated; its metric values are replaced.
"""

import argparse
import datetime
import math
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coaching_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate (default 1,000,000)")
    parser.add_argument("--agents", type=int, default=2_000, help="agents the rows are spread over")
    parser.add_argument("--metrics", type=int, default=5, help="metrics the rows are spread over")
    parser.add_argument("--file", default=None, help="where to write the CSV (default: /tmp/coaching_bench_<rows>.csv)")
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
    from coaching.services.imports import metric_values_import

    employee_ids, metric_codes = prepare_catalog(args.agents, args.metrics)
    path = Path(args.file or f"/tmp/coaching_bench_{args.rows}.csv")
    started = time.perf_counter()
    rows = write_csv(path, args.rows, employee_ids, metric_codes)
    print(f"generated {rows:,} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    rss_before = peak_rss_mb()

    def timed_import(label: str):
        started = time.perf_counter()
        with path.open("rb") as stream:
            batch = metric_values_import(source=ImportSource.COMMAND, actor=None, stream=stream, filename=path.name)
        seconds = time.perf_counter() - started
        assert batch.status == "succeeded", batch.errors[:5]
        print(
            f"{label:<28} {seconds:7.2f} s  {rows / seconds:>11,.0f} rows/s   "
            f"inserted {batch.rows_inserted:,} · updated {batch.rows_updated:,} · unchanged {batch.rows_unchanged:,}"
        )
        return seconds

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE coaching_metricvalue, coaching_metricrollup")
    import_seconds = timed_import("import (all new)")
    reimport_seconds = timed_import("re-import (all unchanged)")
    copy_seconds = raw_copy(path)
    print(f"{'raw COPY, unindexed table':<28} {copy_seconds:7.2f} s  {rows / copy_seconds:>11,.0f} rows/s")
    insert_seconds, checks_seconds = schema_floor(path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'coaching_metricvalue'")
        (index_count,) = cursor.fetchone()
    print(
        f"{'  for scale: bare INSERT':<28} {insert_seconds + checks_seconds:7.2f} s  "
        f"{rows / (insert_seconds + checks_seconds):>11,.0f} rows/s   (already-resolved rows into an empty "
        f"coaching_metricvalue: {insert_seconds:.1f} s writing it and its {index_count} indexes, "
        f"{checks_seconds:.1f} s of FK checks)"
    )
    print(
        f"import / COPY rate: {copy_seconds / import_seconds:.2f} (new rows), "
        f"{copy_seconds / reimport_seconds:.2f} (unchanged)"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB (before the imports: {rss_before:.0f} MB)")


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


def schema_floor(path: Path) -> tuple[float, float]:
    """Seconds for a bare INSERT ... SELECT of the rows, already resolved to ids, into an empty
    coaching_metricvalue, and for its deferred foreign-key checks; rolled back.

    No parsing, validation, duplicate check, counts or roll-ups: what the table itself costs.
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
            "r.value, r.sample_size FROM floor_raw r JOIN coaching_user u ON u.employee_id = r.employee_id "
            "JOIN coaching_metric m ON m.code = r.metric_code"
        )
        cursor.execute("TRUNCATE coaching_metricvalue, coaching_metricrollup")
        started = time.perf_counter()
        cursor.execute(
            "INSERT INTO coaching_metricvalue (agent_id, metric_id, day, value, sample_size, team_id, updated_at) "
            "SELECT s.agent_id, s.metric_id, s.day, s.value, s.sample_size, "
            "(SELECT team_id FROM coaching_teammembership WHERE agent_id = s.agent_id AND start_date <= s.day "
            "ORDER BY start_date DESC LIMIT 1), now() FROM floor_rows s ORDER BY s.agent_id, s.metric_id, s.day"
        )
        inserted = time.perf_counter()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        checked = time.perf_counter()
        transaction.set_rollback(True)
    return inserted - started, checked - inserted


if __name__ == "__main__":
    main()
