"""The metric-value import: validation by row and column, all or nothing, idempotence, concurrency."""

import datetime
import hashlib
import io
import threading
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from coaching.models import ImportBatch, ImportChangedSeries, ImportSource, ImportStatus, MetricRollup, MetricValue
from coaching.services import imports
from coaching.services.imports import import_batch_run, metric_values_import, metric_values_import_later
from coaching.services.org import agent_assign_team
from coaching.services.rollups import rollups_rebuild

from ..factories import AgentFactory, MembershipFactory, MetricFactory, MetricValueFactory

# Frozen so that DAY1 and DAY2 are ten and nine days ago on every run.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]

HEADER = "employee_id,metric_code,day,value,sample_size"
DAY1, DAY2 = datetime.date(2026, 11, 15), datetime.date(2026, 11, 16)


@pytest.fixture
def catalog(org):
    """The org fixture's agents with employee ids E1, E2, E3 and metrics CSAT (0–100) and AHT (≥ 0)."""
    for agent, employee_id in ((org.agent_a1, "E1"), (org.agent_a2, "E2"), (org.agent_b1, "E3")):
        agent.employee_id = employee_id
        agent.save(update_fields=["employee_id"])
    org.csat = MetricFactory(code="CSAT", min_value=Decimal(0), max_value=Decimal(100))
    org.aht = MetricFactory(code="AHT", unit="seconds", min_value=Decimal(0), max_value=None)
    return org


def csv_file(*lines: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *lines]) + "\n").encode())


def run(stream, actor=None) -> ImportBatch:
    return metric_values_import(source=ImportSource.COMMAND, actor=actor, stream=stream, filename="kpis.csv")


def snapshot():
    return sorted(MetricValue.objects.values_list("agent_id", "metric_id", "day", "value", "sample_size", "team_id"))


def test_a_valid_file_inserts_every_row_with_the_team_of_its_day(catalog):
    mover = AgentFactory(employee_id="E9")
    MembershipFactory(agent=mover, team=catalog.team_a, start_date=datetime.date(2020, 1, 1), end_date=DAY1)
    MembershipFactory(agent=mover, team=catalog.team_b, start_date=DAY2)
    batch = run(
        csv_file(f"E1,CSAT,{DAY1},88.5,40", f"E9,CSAT,{DAY1},70,10", f"E9,CSAT,{DAY2},75,12", f"E3,AHT,{DAY2},301,9"),
        actor=catalog.admin,
    )
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert (batch.rows_total, batch.rows_inserted, batch.rows_updated, batch.rows_unchanged) == (4, 4, 0, 0)
    assert batch.created_by == catalog.admin and batch.finished_at is not None
    values = {(v.agent.employee_id, v.day): v for v in MetricValue.objects.select_related("agent")}
    assert values[("E1", DAY1)].value == Decimal("88.5") and values[("E1", DAY1)].sample_size == 40
    assert values[("E9", DAY1)].team == catalog.team_a
    assert values[("E9", DAY2)].team == catalog.team_b
    assert values[("E3", DAY2)].team == catalog.team_b


def test_the_checksum_is_the_sha256_of_the_file(catalog):
    content = f"{HEADER}\nE1,CSAT,{DAY1},80,10\n".encode()
    batch = run(io.BytesIO(content))
    assert batch.checksum == hashlib.sha256(content).hexdigest()


def test_columns_may_come_in_any_order_and_a_bom_is_ignored(catalog):
    content = "\ufeffday,value,employee_id,sample_size,metric_code\n" + f"{DAY1},80,E1,10,CSAT\n"
    batch = run(io.BytesIO(content.encode()))
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert MetricValue.objects.get().value == Decimal(80)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("E404,CSAT,{day},80,10", "employee_id", "Unknown employee id “E404”."),
        ("E1,NOPE,{day},80,10", "metric_code", "Unknown metric “NOPE”."),
        ("E1,CSAT,{day},eighty,10", "value", "Not a number: “eighty”."),
        ("E1,CSAT,{day},NaN,10", "value", "Not a number: “NaN”."),
        ("E1,CSAT,{day},100.5,10", "value", "100.5 is outside the valid range of CSAT (0 to 100)."),
        ("E1,AHT,{day},-1,10", "value", "-1 is outside the valid range of AHT (0 to ∞)."),
        ("E1,CSAT,{day},80,-3", "sample_size", "The sample size must not be negative."),
        ("E1,CSAT,{day},80,2.5", "sample_size", "Not a whole number: “2.5”."),
        ("E1,CSAT,{tomorrow},80,10", "day", "{tomorrow} is in the future."),
        ("E1,CSAT,31/12/2024,80,10", "day", "Not a date: “31/12/2024”; use YYYY-MM-DD."),
        ("E1,CSAT,{day},,10", "value", "This value is required."),
        ("E1,CSAT,{day},80", "", "This row has 4 fields; the header has 5."),
    ],
)
def test_each_bad_row_is_reported_by_row_and_column(today, catalog, line, column, message):
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    line = line.format(day=DAY1, tomorrow=tomorrow)
    batch = run(csv_file(f"E2,CSAT,{DAY1},80,10", line))
    assert batch.status == ImportStatus.FAILED
    assert batch.errors == [{"row": 3, "column": column, "message": message.format(tomorrow=tomorrow)}]
    assert batch.error_count == 1
    assert MetricValue.objects.count() == 0


def test_a_key_repeated_in_the_file_is_reported_with_the_first_row(catalog):
    batch = run(csv_file(f"E1,CSAT,{DAY1},80,10", f"E2,CSAT,{DAY1},70,10", f"E1,CSAT,{DAY1},81,10"))
    assert batch.errors == [
        {"row": 4, "column": "day", "message": "Duplicate of row 2: same employee id, metric and day."}
    ]
    assert MetricValue.objects.count() == 0


def test_missing_and_unknown_columns_are_reported_on_the_header_row(catalog):
    batch = run(csv_file(f"E1,CSAT,{DAY1},80,x", header="employee_id,metric_code,day,value,notes"))
    assert batch.errors == [
        {
            "row": 1,
            "column": "notes",
            "message": "Unknown column; expected only employee_id, metric_code, day, value, sample_size.",
        },
        {"row": 1, "column": "sample_size", "message": "This column is missing."},
    ]


def test_an_empty_file_and_a_file_with_only_a_header_are_refused(catalog):
    empty = run(io.BytesIO(b""))
    header_only = run(csv_file())
    assert empty.errors == [{"row": None, "column": "", "message": "The file is empty."}]
    assert header_only.errors == [{"row": None, "column": "", "message": "The file has no rows."}]
    assert empty.status == header_only.status == ImportStatus.FAILED


def test_a_file_that_is_not_utf8_is_refused_at_the_first_bad_line(catalog):
    content = f"{HEADER}\nE1,CSAT,{DAY1},80,10\nE2,CSAT,{DAY1},80,10 Müller\n".encode("latin-1")
    batch = run(io.BytesIO(content))
    assert batch.errors == [
        {
            "row": 3,
            "column": "",
            "message": "This line is not UTF-8 text. Save the file as “CSV UTF-8” and import it again.",
        }
    ]
    assert MetricValue.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_anything_is_written(catalog, settings):
    settings.COACHING_IMPORT_MAX_BYTES = 100
    batch = run(csv_file(*(f"E1,CSAT,{DAY1 - datetime.timedelta(days=n)},80,10" for n in range(10))))
    assert batch.errors == [{"row": None, "column": "", "message": "The file is larger than the limit of 100 bytes."}]
    assert MetricValue.objects.count() == 0


def test_a_batch_with_one_bad_row_changes_nothing(catalog):
    MetricValueFactory(agent=catalog.agent_a1, metric=catalog.csat, day=DAY1, value=Decimal(50), team=catalog.team_a)
    before = snapshot()
    batch = run(csv_file(f"E1,CSAT,{DAY1},90,10", f"E2,CSAT,{DAY1},90,10", f"E404,CSAT,{DAY1},90,10"))
    assert batch.status == ImportStatus.FAILED
    assert (batch.rows_inserted, batch.rows_updated, batch.rows_unchanged) == (0, 0, 0)
    assert snapshot() == before


def test_errors_are_listed_up_to_the_cap_and_counted_in_full(catalog, settings):
    settings.COACHING_IMPORT_MAX_ERRORS = 3
    batch = run(csv_file(*(f"E404,CSAT,{DAY1 - datetime.timedelta(days=n)},80,10" for n in range(7))))
    assert batch.error_count == 7
    assert [error["row"] for error in batch.errors] == [2, 3, 4]


def test_repeating_a_batch_changes_nothing_and_counts_every_row_unchanged(catalog):
    lines = [f"E1,CSAT,{DAY1},80,10", f"E2,CSAT,{DAY1},70.25,12", f"E3,AHT,{DAY2},300,8"]
    first = run(csv_file(*lines))
    stored = sorted(MetricValue.objects.values_list("pk", "value", "sample_size", "team_id", "updated_at"))
    second = run(csv_file(*lines))
    assert (first.rows_inserted, first.rows_updated, first.rows_unchanged) == (3, 0, 0)
    assert (second.rows_inserted, second.rows_updated, second.rows_unchanged) == (0, 0, 3)
    assert second.status == ImportStatus.SUCCEEDED
    assert sorted(MetricValue.objects.values_list("pk", "value", "sample_size", "team_id", "updated_at")) == stored


def test_changed_values_are_updated_and_counted_exactly(catalog):
    run(csv_file(f"E1,CSAT,{DAY1},80,10", f"E2,CSAT,{DAY1},70,10"))
    batch = run(csv_file(f"E1,CSAT,{DAY1},80,10", f"E2,CSAT,{DAY1},71,10", f"E2,CSAT,{DAY2},72,10"))
    assert (batch.rows_inserted, batch.rows_updated, batch.rows_unchanged) == (1, 1, 1)
    assert MetricValue.objects.get(agent=catalog.agent_a2, day=DAY1).value == Decimal(71)


def test_json_rows_are_validated_like_a_file_and_numbered_from_one(catalog):
    rows = [
        {"employee_id": "E1", "metric_code": "CSAT", "day": str(DAY1), "value": 80.5, "sample_size": 10},
        {"employee_id": "E2", "metric_code": "CSAT", "day": str(DAY1), "value": 80},
        {"employee_id": "E3", "metric_code": "CSAT", "day": str(DAY1), "value": 1, "sample_size": 1, "x": 1},
        "not an object",
    ]
    batch = metric_values_import(source=ImportSource.API, actor=catalog.admin, rows=rows)
    assert batch.errors == [
        {"row": 2, "column": "sample_size", "message": "This column is missing."},
        {
            "row": 3,
            "column": "x",
            "message": "Unknown column; expected only employee_id, metric_code, day, value, sample_size.",
        },
        {"row": 4, "column": "", "message": "Each row must be an object."},
    ]
    good = metric_values_import(source=ImportSource.API, actor=catalog.admin, rows=rows[:1])
    assert good.rows_inserted == 1
    assert MetricValue.objects.get().value == Decimal("80.5")


def test_a_stored_file_is_imported_by_its_batch_once(catalog, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = csv_file(f"E1,CSAT,{DAY1},80,10")
    batch = metric_values_import_later(source=ImportSource.UPLOAD, actor=catalog.admin, upload=upload, filename="a.csv")
    assert batch.status == ImportStatus.PENDING and batch.checksum
    done = import_batch_run(batch_id=batch.pk)
    again = import_batch_run(batch_id=batch.pk)
    assert done.status == again.status == ImportStatus.SUCCEEDED
    assert done.rows_inserted == 1 and done.bytes_processed == upload.getbuffer().nbytes
    assert MetricValue.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent imports need PostgreSQL (SQLite locks)")
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_imports_at_once_lose_nothing_and_duplicate_nothing(today, catalog):
    days = [today - datetime.timedelta(days=n) for n in range(1, 121)]
    agents = ("E1", "E2", "E3")
    first = [f"{e},CSAT,{d},{10 + n % 50},5" for n, d in enumerate(days[:90]) for e in agents]
    second = [f"{e},CSAT,{d},{60 + n % 30},7" for n, d in enumerate(days[30:]) for e in agents]
    results, failures = {}, []
    barrier = threading.Barrier(2)

    def worker(name, lines):
        try:
            barrier.wait()
            results[name] = run(csv_file(*lines))
        except Exception as error:  # surfaced in the main thread below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=args) for args in (("first", first), ("second", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert all(batch.status == ImportStatus.SUCCEEDED for batch in results.values()), results
    stored = {
        (v.agent.employee_id, v.day): (v.value, v.sample_size) for v in MetricValue.objects.select_related("agent")
    }
    assert len(stored) == MetricValue.objects.count() == 3 * 120
    from_first = {(e, d): (Decimal(10 + n % 50), 5) for n, d in enumerate(days[:90]) for e in agents}
    from_second = {(e, d): (Decimal(60 + n % 30), 7) for n, d in enumerate(days[30:]) for e in agents}
    for key, value in stored.items():
        assert value in (from_first.get(key), from_second.get(key))
    inserted = sum(batch.rows_inserted for batch in results.values())
    assert inserted == 360


def test_the_command_imports_a_file_and_reports_the_counts(catalog, tmp_path):
    path = tmp_path / "kpis.csv"
    path.write_bytes(csv_file(f"E1,CSAT,{DAY1},80,10", f"E2,CSAT,{DAY1},70,10").getvalue())
    out = io.StringIO()
    call_command("import_metrics", str(path), "--user", catalog.admin.username, stdout=out)
    batch = ImportBatch.objects.get()
    assert f"Import #{batch.pk}: 2 rows, 2 inserted, 0 updated, 0 unchanged." in out.getvalue()
    assert batch.source == ImportSource.COMMAND and batch.created_by == catalog.admin and batch.filename == "kpis.csv"


def test_the_command_lists_the_errors_and_fails_without_changing_anything(catalog, tmp_path):
    path = tmp_path / "kpis.csv"
    path.write_bytes(csv_file(f"E1,CSAT,{DAY1},800,10").getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError, match="failed with 1 error; nothing was changed"):
        call_command("import_metrics", str(path), stderr=err)
    assert "row 2, column value: 800 is outside the valid range of CSAT (0 to 100)." in err.getvalue()
    assert MetricValue.objects.count() == 0


def test_a_metric_gone_before_the_write_fails_the_batch_and_writes_nothing(catalog, monkeypatch):
    # The database does not enforce the values' metric key: the import checks it once per metric.
    from coaching.rules.import_rows import MetricRange

    ghost = MetricRange(10**9, "GHOST", None, None)
    real = imports._metric_ranges
    monkeypatch.setattr("coaching.services.imports._metric_ranges", lambda: {**real(), "GHOST": ghost})
    with pytest.raises(RuntimeError):
        run(csv_file(f"E1,CSAT,{DAY1},88,4", f"E1,GHOST,{DAY1},1,1"))
    assert MetricValue.objects.count() == 0
    assert ImportBatch.objects.get().status == ImportStatus.FAILED


# A large import: committed first, its roll-ups and the alert rules after, by a task


def large(catalog, settings, lines, inline_limit=None):
    """Import ``lines`` with the inline roll-up limit below their count, so the roll-ups are left to the task."""
    settings.COACHING_IMPORT_INLINE_ROLLUP_ROWS = len(lines) - 1 if inline_limit is None else inline_limit
    batch = run(csv_file(*lines))
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    return batch


def rollup_sums():
    return sorted(
        MetricRollup.objects.values_list("agent_id", "team_id", "metric_id", "period", "period_start", "weighted_sum")
    )


def history_lines(employee_ids=("E1", "E2", "E3"), days=40, offset=0):
    return [
        f"{employee_id},CSAT,{DAY2 - datetime.timedelta(days=n)},{(n * 7 + offset) % 90 + 5},{n % 13 + 1}"
        for employee_id in employee_ids
        for n in range(days)
    ]


def test_a_large_import_commits_its_values_and_leaves_its_rollups_to_the_follow_up(catalog, settings):
    lines = history_lines()
    batch = large(catalog, settings, lines)
    assert batch.rows_inserted == len(lines)
    assert (batch.followup_status, batch.followup_series_total, batch.followup_series_done) == ("waiting", 3, 0)
    assert not MetricRollup.objects.exists()  # not yet: the task refreshes them after the commit
    spans = set(ImportChangedSeries.objects.values_list("agent_id", "first_day", "last_day"))
    first = DAY2 - datetime.timedelta(days=39)
    assert spans == {(agent.pk, first, DAY2) for agent in (catalog.agent_a1, catalog.agent_a2, catalog.agent_b1)}

    done = imports.import_batch_follow_up(batch_id=batch.pk)

    assert (done.followup_status, done.followup_series_done) == ("done", 3)
    assert done.followup_finished_at is not None
    assert not ImportChangedSeries.objects.exists()
    expected = rollup_sums()
    MetricRollup.objects.all().delete()
    rollups_rebuild()
    assert rollup_sums() == expected


def test_the_follow_up_evaluates_the_alert_rules_after_the_rollups(catalog, settings, monkeypatch):
    seen = []
    monkeypatch.setattr(
        "coaching.services.imports.alert_rules_evaluate", lambda today: seen.append(MetricRollup.objects.count())
    )
    batch = large(catalog, settings, history_lines(days=10))
    imports.import_batch_follow_up(batch_id=batch.pk)
    assert len(seen) == 1 and seen[0] > 0


def test_a_small_import_refreshes_its_rollups_before_it_commits(catalog):
    batch = run(csv_file(*history_lines(days=10)))
    assert batch.followup_status == "" and not ImportChangedSeries.objects.exists()
    assert MetricRollup.objects.exists()


def test_the_follow_up_is_queued_on_commit_and_runs_once_when_delivered_twice(
    catalog, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = large(catalog, settings, history_lines(days=10))
    assert len(callbacks) == 1  # the follow-up task only: the alert rules come with it
    batch.refresh_from_db()
    assert batch.followup_status == "done"  # Celery is eager in tests: the task ran on commit
    written = rollup_sums()
    again = imports.import_batch_follow_up(batch_id=batch.pk)
    assert again.followup_status == "done" and rollup_sums() == written


def test_a_failed_follow_up_starts_again_where_it_stopped(catalog, settings, monkeypatch):
    monkeypatch.setattr(imports, "FOLLOW_UP_CHUNK_SERIES", 1)
    batch = large(catalog, settings, history_lines(days=10))
    real = imports.rollups_refresh_spans
    calls = []

    def second_chunk_fails(*, spans):
        calls.append(spans)
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return real(spans=spans)

    monkeypatch.setattr(imports, "rollups_refresh_spans", second_chunk_fails)
    with pytest.raises(RuntimeError):
        imports.import_batch_follow_up(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.followup_status, batch.followup_series_done) == ("failed", 1)
    assert ImportChangedSeries.objects.count() == 2

    done = imports.import_batch_follow_up(batch_id=batch.pk)

    assert (done.followup_status, done.followup_series_done) == ("done", 3)
    assert len(calls) == 4 and not ImportChangedSeries.objects.exists()
    expected = rollup_sums()
    MetricRollup.objects.all().delete()
    rollups_rebuild()
    assert rollup_sums() == expected


def test_a_large_reimport_with_a_few_changes_refreshes_only_their_series(catalog, settings):
    run(csv_file(*history_lines(days=20)))
    lines = history_lines(days=20)
    lines[0] = lines[0].rsplit(",", 2)[0] + ",99,3"  # E1's latest day changes
    batch = large(catalog, settings, lines, inline_limit=0)
    assert (batch.rows_updated, batch.rows_unchanged) == (1, len(lines) - 1)
    assert (batch.followup_status, batch.followup_series_total) == ("waiting", 1)
    assert list(ImportChangedSeries.objects.values_list("agent_id", "first_day", "last_day")) == [
        (catalog.agent_a1.pk, DAY2, DAY2)
    ]


def test_an_agent_gone_before_the_write_fails_the_batch_and_writes_nothing(catalog, monkeypatch):
    real = imports._agent_ids
    monkeypatch.setattr("coaching.services.imports._agent_ids", lambda: {**real(), "GHOST": 10**9})
    with pytest.raises(RuntimeError):
        run(csv_file(f"E1,CSAT,{DAY1},88,4", f"GHOST,CSAT,{DAY1},1,1"))
    assert MetricValue.objects.count() == 0
    assert ImportBatch.objects.get().status == ImportStatus.FAILED


def test_an_agent_who_moves_team_while_the_file_is_read_gets_the_team_of_each_day(catalog, monkeypatch):
    # The move is committed between reading the rows and writing them.
    real = imports._PostgresLoader.write if connection.vendor == "postgresql" else imports._OrmLoader.write

    def move_then_write(loader):
        agent_assign_team(agent=catalog.agent_a1, team=catalog.team_b, start_date=DAY2)
        return real(loader)

    monkeypatch.setattr(imports._PostgresLoader, "write", move_then_write)
    monkeypatch.setattr(imports._OrmLoader, "write", move_then_write)
    batch = run(csv_file(f"E1,CSAT,{DAY1},80,10", f"E1,CSAT,{DAY2},81,10"))
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    teams = dict(MetricValue.objects.values_list("day", "team_id"))
    assert teams == {DAY1: catalog.team_a.pk, DAY2: catalog.team_b.pk}
