"""Import of daily metric values: the one function behind the API, the upload page and the command.

Rows are keyed by (employee id, metric code, day) and carry a value and a sample size.
An import is all or nothing: every row is validated first (errors by row and column),
and only a batch without a single error writes. Writing upserts: a row equal to what is
stored counts as unchanged and touches nothing, so a repeated batch changes nothing.

The file is streamed, never held in memory. On PostgreSQL validated rows go through
``COPY`` into a temporary staging table, each with the team its agent was in that day
(from the memberships, checked again before writing); a unique index on it finds repeated
keys; one pass joins it with the stored values of its metrics and days and keeps only the
new and the changed rows; those are inserted and updated set-based. Nothing is locked or
rewritten for an unchanged row. The agents and metrics of the batch are locked once each
(the database does not check the values' keys row by row, see MetricValue). Elsewhere
(SQLite in development) validated rows are spooled to a temporary file and written with
the ORM in batches.

Roll-ups: an import that changes at most ``COACHING_IMPORT_INLINE_ROLLUP_ROWS`` values
refreshes their roll-ups before it commits, and queues the alert rules after. A larger
one records which series it changed between which days (ImportChangedSeries) and commits;
a background task (``import_batch_follow_up``) then refreshes their roll-ups chunk by
chunk and evaluates the alert rules, and the batch's page shows how far it has got.

Concurrent imports: the validation and loading phases run side by side; the write phase
takes a transaction-level advisory lock, so overlapping imports are applied one after the
other (each then sees the other's committed rows, which keeps the counts and the
roll-ups exact), and rows are written in key order so no other writer can deadlock with
an import. The follow-up task takes the same lock for each chunk.

Progress (bytes and rows read) is saved outside the write transaction, so the upload
page and the status URL can follow a run.
"""

import contextlib
import csv
import datetime
import hashlib
import io
import itertools
import json
import logging
import operator
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .. import clock
from ..models import (
    FollowUpStatus,
    ImportBatch,
    ImportChangedSeries,
    ImportSource,
    ImportStatus,
    Metric,
    MetricRollup,
    MetricValue,
    Role,
    TeamMembership,
    User,
)
from ..rules.import_rows import (
    COLUMNS,
    MetricRange,
    RowError,
    RowValidator,
    duplicate_error,
    header_errors,
    record_keys_errors,
    shown,
)
from .alerts import alert_rules_evaluate
from .metrics import TeamCalendar, ValueRow, metric_values_upsert
from .outbox import task_enqueue
from .rollups import affected_periods, rollups_refresh, rollups_refresh_from_table, rollups_refresh_spans

logger = logging.getLogger(__name__)

CHUNK_ROWS = 50_000
ORM_BATCH_ROWS = 2_000
# Series (agent × metric) whose roll-ups one transaction of the follow-up task refreshes.
FOLLOW_UP_CHUNK_SERIES = 2_000
# Any constant would do: it only has to be the same for every import.
ADVISORY_LOCK_KEY = 0x4B50_4931  # "KPI1"
NULL = "\\N"  # COPY's text format
_METRIC_GONE = "A metric of the batch was deleted while it was being imported."
_AGENT_GONE = "An agent of the batch was deleted while it was being imported."
# How many distinct values the loader remembers the text of.
MEMO_SIZE = 100_000
# Sorting and grouping a million staged rows fits in memory with this (the default 4 MB spills to disk).
WORK_MEM = "256MB"

# (row number, the row's raw texts in the order of COLUMNS or None if unreadable, problems)
Record = tuple[int, Sequence[str] | None, Iterable[RowError]]


class _FileProblem(Exception):
    """A problem that stops reading the file (size, encoding, header)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


class _ErrorList:
    """The first ``cap`` errors, and how many there were in all."""

    def __init__(self, cap: int):
        self.cap = cap
        self.listed: list[RowError] = []
        self.count = 0

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.count += 1
            if len(self.listed) < self.cap:
                self.listed.append(error)

    def add_counted(self, listed: list[RowError], total: int) -> None:
        """Errors of which only some were listed (``total`` counts them all)."""
        self.extend(listed)
        self.count += total - len(listed)

    def as_json(self) -> list[dict]:
        return [error.as_dict() for error in sorted(self.listed, key=_error_order)]


def _error_order(error: RowError) -> tuple[int, int]:
    return (error.row or 0, COLUMNS.index(error.column) if error.column in COLUMNS else -1)


class _Meter:
    """What a run has read so far: bytes (of a file) and the checksum of what was read."""

    def __init__(self):
        self.reader: _CountingReader | None = None
        self.hasher = hashlib.sha256()

    @property
    def bytes_read(self) -> int:
        return self.reader.count if self.reader is not None else 0

    def checksum(self) -> str:
        if self.reader is not None:
            while self.reader.read(1 << 20):  # the rest of the file, so the checksum covers all of it
                pass
            return self.reader.hasher.hexdigest()
        return self.hasher.hexdigest()


# ---------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------


def metric_values_import(
    *,
    source: str,
    actor: User | None,
    stream=None,
    rows: list | None = None,
    filename: str = "",
) -> ImportBatch:
    """Import a CSV file (``stream``, binary) or a list of row objects (``rows``) now.

    Returns the finished batch: succeeded with its counts, or failed with its errors.
    """
    if (stream is None) == (rows is None):
        raise ValueError("Give exactly one of stream and rows.")
    size = _stream_size(stream) if stream is not None else 0
    batch = _batch_create(source=source, actor=actor, filename=filename, file_size=size)
    meter = _Meter()
    if stream is not None:
        return _run(batch, _csv_records(stream, meter), meter)
    return _run(batch, _object_records(rows, meter), meter)


def metric_values_import_file(*, source: str, actor: User | None, upload, filename: str = "") -> ImportBatch:
    """Import an uploaded file: now if it is small, in a background task if it is large."""
    size = _stream_size(upload)
    if size is not None and size > settings.COACHING_IMPORT_ASYNC_BYTES and size <= settings.COACHING_IMPORT_MAX_BYTES:
        return metric_values_import_later(source=source, actor=actor, upload=upload, filename=filename)
    return metric_values_import(source=source, actor=actor, stream=upload, filename=filename)


@transaction.atomic
def metric_values_import_later(*, source: str, actor: User | None, upload, filename: str = "") -> ImportBatch:
    """Store the file where the workers can read it and queue its import; returns the waiting batch.

    The task goes through the outbox: with the broker down the batch waits, saved, and runs
    when the broker is back.
    """
    hasher = hashlib.sha256()
    size = 0
    for chunk in _chunks(upload):
        hasher.update(chunk)
        size += len(chunk)
    upload.seek(0)
    batch = _batch_create(source=source, actor=actor, filename=filename, file_size=size)
    batch.checksum = hasher.hexdigest()
    batch.file.save(f"batch-{batch.pk}.csv", File(upload), save=False)
    batch.save(update_fields=["checksum", "file"])
    import_batch_enqueue(batch)
    return batch


def import_batch_enqueue(batch: ImportBatch) -> None:
    """Queue the background run of a waiting batch (through the outbox, in the caller's transaction)."""
    # Imported here because the task module imports the services.
    from ..tasks.imports import import_batch_run_task

    task_enqueue(import_batch_run_task, batch_id=batch.pk)


def import_batch_run(*, batch_id: int) -> ImportBatch:
    """Run a waiting batch from its stored file (what the background task calls).

    A batch that is no longer waiting is left alone, so a task delivered twice imports once.
    """
    now = clock.now()
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    batch = ImportBatch.objects.get(pk=batch_id)
    if not claimed:
        return batch
    meter = _Meter()
    try:
        # Through the storage API: the worker may run on another machine than the web process.
        with batch.file.open("rb") as stream:
            return _run(batch, _csv_records(stream, meter), meter)
    finally:
        if not settings.COACHING_IMPORT_FILE_RETENTION_DAYS:
            _file_delete(batch)


def _file_delete(batch: ImportBatch) -> None:
    """Delete a finished batch's stored file (its checksum and counts stay)."""
    if batch.file:
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")


def _batch_create(*, source: str, actor: User | None, filename: str, file_size: int | None) -> ImportBatch:
    if source not in ImportSource.values:
        raise ValueError(f"Unknown import source: {source!r}")
    batch = ImportBatch(
        source=source,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        # As a person named the file; whatever it holds must be storable (no NUL, valid Unicode).
        filename=shown((filename or "")[:255], 255),
        file_size=file_size or 0,
        heartbeat_at=clock.now(),
    )
    batch.full_clean(exclude=["file"])
    batch.save()
    return batch


# ---------------------------------------------------------------------------------------
# Reading: CSV files and row objects, both as (row number, fields, problems)
# ---------------------------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """Counts and hashes the bytes read from a stream, and stops at the size limit."""

    def __init__(self, stream, limit: int):
        self._stream = stream
        self.limit = limit
        self.count = 0
        self.hasher = hashlib.sha256()

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._stream.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.count += size
        self.hasher.update(data)
        if self.count > self.limit:
            raise _FileProblem([_too_large_error()])
        return size


def _too_large_error() -> RowError:
    limit = filesizeformat(settings.COACHING_IMPORT_MAX_BYTES).replace("\xa0", " ")
    return RowError(None, "", _("The file is larger than the limit of %(size)s.") % {"size": limit})


def _csv_records(stream, meter: _Meter) -> Iterator[Record]:
    """The data rows of a CSV file, numbered as a spreadsheet shows them (the header is row 1)."""
    size = _stream_size(stream)
    if size is not None and size > settings.COACHING_IMPORT_MAX_BYTES:
        raise _FileProblem([_too_large_error()])
    raw = _CountingReader(stream, settings.COACHING_IMPORT_MAX_BYTES)
    meter.reader = raw
    long_lines: list[_LongLine] = []
    reader = csv.reader(_decoded_lines(io.BufferedReader(raw, buffer_size=1 << 16), long_lines))
    try:
        header = next(reader)
    except StopIteration:
        raise _FileProblem([RowError(None, "", _("The file is empty."))]) from None
    except csv.Error as error:
        raise _FileProblem([_unreadable_error(1, error)]) from None
    if long_lines and long_lines[0].line == reader.line_num:
        raise _FileProblem([long_lines[0].error(1, [])])
    header = [name.strip() for name in header]
    problems = header_errors(header)
    if problems:
        raise _FileProblem(problems)
    positions = [header.index(name) for name in COLUMNS]
    in_order = None if positions == list(range(len(COLUMNS))) else operator.itemgetter(*positions)
    width = len(header)
    row = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # Inside a quoted value: the lines after it cannot be told apart from its own.
            raise _FileProblem([_unreadable_error(row + 1, error)]) from None
        row += 1
        if len(record) == width:
            yield row, record if in_order is None else in_order(record), ()
        elif not record:
            if long_lines and long_lines[0].line == reader.line_num:
                yield row, None, (long_lines.pop(0).error(row, header),)
        else:
            message = _("This row has %(found)d fields; the header has %(expected)d.") % {
                "found": len(record),
                "expected": width,
            }
            yield row, None, (RowError(row, "", message),)


def _unreadable_error(row: int, error: csv.Error) -> RowError:
    if "field limit" in str(error):
        message = _("A value of this row is longer than %(limit)s characters.") % {"limit": csv.field_size_limit()}
    else:
        message = _("This row cannot be read as CSV: %(reason)s.") % {"reason": error}
    return RowError(row, "", message)


# A line of an import file holds five short values; a longer one is refused (and never held whole in memory).
LINE_MAX_BYTES = 64 * 1024


class _LongLine:
    """A line longer than LINE_MAX_BYTES, which the reader emptied: its number, and the field it ran over in."""

    def __init__(self, line: int, field_index: int):
        self.line = line
        self.field_index = field_index

    def error(self, row: int, header: list[str]) -> RowError:
        column = header[self.field_index] if self.field_index < len(header) else ""
        message = _("This line is longer than %(size)s; a row holds five short values.") % {
            "size": filesizeformat(LINE_MAX_BYTES).replace("\xa0", " ")
        }
        return RowError(row, column, message)


def _decoded_lines(binary, long_lines: list[_LongLine]) -> Iterator[str]:
    """Lines of UTF-8 text (a byte-order mark is dropped); stops at the first line that is not UTF-8.

    Lines may end in LF, CRLF or a bare CR (old Mac spreadsheets). A line longer than
    LINE_MAX_BYTES is skipped as it is read, never held whole: it comes out as an empty
    line (so the rows keep their numbers) and is noted in ``long_lines``. Decodes blocks of
    lines at a time, so iterating runs in C; only a block that fails is decoded again line
    by line, to name the line at fault.
    """
    return itertools.chain.from_iterable(_decoded_blocks(_split_lines(binary, long_lines)))


def _split_lines(binary, long_lines: list[_LongLine]) -> Iterator[list[bytes]]:
    """Blocks of whole lines (ends kept), cut at LF, CRLF and bare CR alike; over-long lines emptied."""
    carry = b""  # the start of a line that goes on in the next block
    number = 0  # lines given out so far
    while data := binary.read(1 << 16):
        lines = (carry + data).splitlines(keepends=True)
        # A line ending in CR may be the first half of a CRLF: the next block tells.
        carry = lines.pop() if not lines[-1].endswith(b"\n") else b""
        if len(carry) > LINE_MAX_BYTES and not carry.endswith(b"\r"):
            carry = carry[: LINE_MAX_BYTES + 1]  # long enough to be refused; the rest is not kept
        if lines:
            yield _without_long_lines(lines, number, long_lines)
            number += len(lines)
    if carry:
        yield _without_long_lines([carry], number, long_lines)


def _without_long_lines(lines: list[bytes], before: int, long_lines: list[_LongLine]) -> list[bytes]:
    """``lines`` (the first is line ``before + 1``) with each over-long line emptied and noted."""
    if max(map(len, lines)) <= LINE_MAX_BYTES:
        return lines
    kept = []
    for number, line in enumerate(lines, start=before + 1):
        if len(line) > LINE_MAX_BYTES:
            long_lines.append(_LongLine(number, line[:LINE_MAX_BYTES].count(b",")))
            line = b"\n"
        kept.append(line)
    return kept


def _decoded_blocks(blocks: Iterator[list[bytes]]) -> Iterator[list[str]]:
    number = 0
    for lines in blocks:
        try:
            texts = [line.decode("utf-8") for line in lines]
        except UnicodeDecodeError:
            for offset, line in enumerate(lines, start=number + 1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    message = _("This line is not UTF-8 text. Save the file as “CSV UTF-8” and import it again.")
                    raise _FileProblem([RowError(offset, "", message)]) from None
        if number == 0 and texts[0].startswith("\ufeff"):
            texts[0] = texts[0][1:]
        number += len(lines)
        yield texts


def _object_records(rows, meter: _Meter) -> Iterator[Record]:
    """Row objects (the JSON API), numbered from 1 in the order given."""
    hasher = meter.hasher
    if not isinstance(rows, list):
        raise _FileProblem([RowError(None, "rows", _("Expected a list of rows."))])
    if not rows:
        raise _FileProblem([RowError(None, "rows", _("There are no rows."))])
    for row, item in enumerate(rows, start=1):
        hasher.update(json.dumps(item, sort_keys=True, default=str).encode())
        if not isinstance(item, dict):
            yield row, None, (RowError(row, "", _("Each row must be an object.")),)
            continue
        problems = record_keys_errors(row, item.keys())
        if problems:
            yield row, None, problems
            continue
        yield row, [_as_text(item[name]) for name in COLUMNS], ()


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # never a number, whatever Python thinks
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _stream_size(stream) -> int | None:
    size = getattr(stream, "size", None)
    if size is not None:
        return size
    try:
        position = stream.tell()
        stream.seek(0, io.SEEK_END)
        end = stream.tell()
        stream.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return end - position


def _chunks(upload) -> Iterator[bytes]:
    if hasattr(upload, "chunks"):
        yield from upload.chunks()
        return
    while chunk := upload.read(1 << 20):
        yield chunk


# ---------------------------------------------------------------------------------------
# The run: validate everything, then write everything or nothing
# ---------------------------------------------------------------------------------------


def _run(batch: ImportBatch, records: Iterator[Record], meter: _Meter) -> ImportBatch:
    now = clock.now()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now)
    batch.status, batch.started_at, batch.heartbeat_at = ImportStatus.RUNNING, now, now
    errors = _ErrorList(settings.COACHING_IMPORT_MAX_ERRORS)
    validator = RowValidator(
        agents=_agent_ids(),
        metrics=_metric_ranges(),
        today=clock.today(),
        team_level_codes=frozenset(Metric.objects.per_team().values_list("code", flat=True)),
    )
    loader = _PostgresLoader(batch) if connection.vendor == "postgresql" else _OrmLoader(batch)
    rows = 0
    try:
        with loader:
            try:
                for row, fields, problems in records:
                    rows += 1
                    if fields is None:
                        errors.extend(problems)
                    else:
                        key, value, sample_size, row_errors = validator.validate(row, fields)
                        if row_errors:
                            errors.extend(row_errors)
                        if key is not None:
                            loader.add(row, key, value, sample_size)
                    if rows % CHUNK_ROWS == 0:
                        loader.flush()
                        _progress(batch, rows, meter)
            except _FileProblem as problem:
                errors.extend(problem.errors)
            loader.flush()
            _progress(batch, rows, meter)
            if rows == 0 and not errors.count:
                errors.extend([RowError(None, "", _("The file has no rows."))])
            errors.add_counted(*loader.duplicates(errors.cap))
            if errors.count:
                return _finish_failed(batch, errors, rows, meter)
            inserted, updated = loader.write()
            _finish_succeeded(batch, rows, inserted, updated, meter)
    except Exception:
        logger.exception("Import batch %s failed", batch.pk)
        errors.extend([RowError(None, "", _("The import stopped on an internal error; nothing was changed."))])
        _finish_failed(batch, errors, rows, meter)
        raise
    if (batch.rows_inserted or batch.rows_updated) and batch.followup_status == FollowUpStatus.NONE:
        # New numbers may trip an alert rule: evaluate them once the import is committed (after a
        # large import, its follow-up task does, once it has refreshed the roll-ups). Queued
        # after the run, so nothing the queue does can turn a written import into a failed one.
        # Imported here because the task module imports the services.
        from ..tasks.alerts import alerts_evaluate_task

        task_enqueue(alerts_evaluate_task)
    return batch


class _Timer:
    """Logs how long each phase of a run took."""

    def __init__(self, label: str):
        self.label = label
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        logger.info("%s: %s %.2f s", self.label, phase, now - self.last)
        self.last = now


def _progress(batch: ImportBatch, rows: int, meter: _Meter) -> None:
    """Save how far the run got; also its sign of life, which keeps the sweeper away."""
    now = clock.now()
    batch.rows_processed, batch.bytes_processed, batch.heartbeat_at = rows, meter.bytes_read, now
    ImportBatch.objects.filter(pk=batch.pk).update(
        rows_processed=rows, bytes_processed=meter.bytes_read, heartbeat_at=now
    )


def _finish_failed(batch: ImportBatch, errors: _ErrorList, rows: int, meter: _Meter) -> ImportBatch:
    try:
        checksum = meter.checksum() or batch.checksum
    except _FileProblem:
        checksum = batch.checksum
    fields = {
        "status": ImportStatus.FAILED,
        "checksum": checksum,
        "rows_total": rows,
        "rows_inserted": 0,
        "rows_updated": 0,
        "rows_unchanged": 0,
        "error_count": errors.count,
        "errors": errors.as_json(),
    }
    try:
        with transaction.atomic():
            _finish(batch, **fields)
    except DatabaseError:
        # The batch must not stay "running": record the failure without the list that could not be stored.
        logger.exception("Import batch %s: its errors could not be saved", batch.pk)
        message = _("The errors of this file could not be saved; nothing was changed.")
        _finish(batch, **{**fields, "errors": [RowError(None, "", message).as_dict()]})
    return batch


def _finish(batch: ImportBatch, **fields) -> None:
    # A run that ends was not interrupted, even if the sweeper thought so while it was writing.
    fields.update(finished_at=clock.now(), interrupted_at=None)
    for name, value in fields.items():
        setattr(batch, name, value)
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)


def _finish_succeeded(batch: ImportBatch, rows: int, inserted: int, updated: int, meter: _Meter) -> None:
    _finish(
        batch,
        status=ImportStatus.SUCCEEDED,
        checksum=meter.checksum(),
        rows_total=rows,
        rows_processed=rows,
        rows_inserted=inserted,
        rows_updated=updated,
        rows_unchanged=rows - inserted - updated,
        error_count=0,
        errors=[],
    )


def _agent_ids() -> dict[str, int]:
    agents = User.objects.filter(role=Role.AGENT).exclude(employee_id="")
    return dict(agents.values_list("employee_id", "pk"))


def _metric_ranges() -> dict[str, MetricRange]:
    return {
        code: MetricRange(pk, code, low, high)
        for pk, code, low, high in Metric.objects.per_agent().values_list("pk", "code", "min_value", "max_value")
    }


# ---------------------------------------------------------------------------------------
# PostgreSQL: COPY into a staging table, one pass to find what changed, set-based writes
# ---------------------------------------------------------------------------------------


class _PostgresLoader:
    """Stages validated rows with COPY and writes the new and changed ones set-based."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch
        self.staging = f"import_staging_{batch.pk}"
        self.changes = f"import_changes_{batch.pk}"
        self._lines: list[str] = []
        self._teams = TeamCalendar()
        self._agent_ids: set[int] = set()
        self._metric_ids: set[int] = set()
        self._first_day = self._last_day = None
        # The same few days and values, formatted once.
        self._iso_days: dict[datetime.date, str] = {}
        self._texts: dict[Decimal, str] = {}

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE {self.staging} (row integer NOT NULL, agent_id bigint NOT NULL, "
                "metric_id bigint NOT NULL, day date NOT NULL, value numeric(14, 4), sample_size integer, "
                "team_id bigint)"
            )
        return self

    def __exit__(self, *exc_info):
        if connection.connection is not None and not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.staging}")
        return False

    def add(self, row: int, key, value: Decimal | None, sample_size: int | None) -> None:
        agent_id, metric_id, day = key
        iso_day = self._iso_days.get(day)
        if iso_day is None:
            iso_day = self._iso_days[day] = day.isoformat()
            self._first_day = day if self._first_day is None else min(self._first_day, day)
            self._last_day = day if self._last_day is None else max(self._last_day, day)
        if value is None:
            value = NULL
        else:
            text = self._texts.get(value)
            if text is None:
                text = str(value)
                if len(self._texts) < MEMO_SIZE:
                    self._texts[value] = text
            value = text
        team_id = self._teams.team_on(agent_id, day)
        self._agent_ids.add(agent_id)
        self._metric_ids.add(metric_id)
        sample_size = NULL if sample_size is None else sample_size
        team_id = NULL if team_id is None else team_id
        self._lines.append(f"{row}\t{agent_id}\t{metric_id}\t{iso_day}\t{value}\t{sample_size}\t{team_id}\n")

    def flush(self) -> None:
        if not self._lines:
            return
        with connection.cursor() as cursor:
            with cursor.copy(
                f"COPY {self.staging} (row, agent_id, metric_id, day, value, sample_size, team_id) FROM STDIN"
            ) as copy:
                copy.write("".join(self._lines))
        self._lines = []

    def duplicates(self, cap: int) -> tuple[list[RowError], int]:
        """The first ``cap`` rows repeating an earlier row's key, and how many there are.

        A unique index on the staged keys answers "none" in one sort, which is the usual
        answer; only when it cannot be built are the repeats counted and listed.
        """
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = %s", [WORK_MEM])
            cursor.execute("SET LOCAL jit = off")
            try:
                with transaction.atomic():
                    cursor.execute(f"CREATE UNIQUE INDEX ON {self.staging} (agent_id, metric_id, day)")
                return [], 0
            except IntegrityError:
                pass
            cursor.execute("SET LOCAL work_mem = %s", [WORK_MEM])
            cursor.execute(
                f"SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT count(*) AS n FROM {self.staging} "
                "GROUP BY agent_id, metric_id, day HAVING count(*) > 1) AS repeated"
            )
            (total,) = cursor.fetchone()
            cursor.execute(
                f"SELECT row, first_row FROM (SELECT row, min(row) OVER (PARTITION BY agent_id, metric_id, day) "
                f"AS first_row FROM {self.staging}) AS keyed WHERE row > first_row ORDER BY row LIMIT %s",
                [cap],
            )
            listed = [duplicate_error(row, first_row) for row, first_row in cursor.fetchall()]
        return listed, int(total)

    def write(self) -> tuple[int, int]:
        """Insert the new rows, update the changed ones and see to their roll-ups; returns (inserted, updated)."""
        value_table = connection.ops.quote_name(MetricValue._meta.db_table)
        timer = _Timer(f"import {self.staging}")
        now = clock.now()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {self.staging}")
            cursor.execute("SET LOCAL work_mem = %s", [WORK_MEM])
            # Compiling these one-off statements costs more than it saves.
            cursor.execute("SET LOCAL jit = off")
            # Losing the last committed import in a server crash is acceptable: the batch is only
            # marked succeeded by a later (synchronous) commit, whose flush covers this one, and
            # importing the file again is idempotent. It saves waiting for the WAL flush here.
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            self._lock_keys(cursor)
            self._check_teams(cursor)
            timer.lap("lock")
            self._find_changes(cursor)
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE value_id IS NULL), count(*) FILTER (WHERE value_id IS NOT NULL) "
                f"FROM {self.changes}"
            )
            inserted, updated = cursor.fetchone()
            timer.lap("compare")
            if updated:
                cursor.execute(
                    f"""
                    UPDATE {value_table} AS mv
                       SET value = c.value, sample_size = c.sample_size, team_id = c.team_id, updated_at = %s
                      FROM {self.changes} c
                     WHERE c.value_id IS NOT NULL AND mv.id = c.value_id
                    """,
                    [now],
                )
            if inserted:
                self._insert(cursor, value_table, now)
            timer.lap("write")
            if inserted + updated > settings.COACHING_IMPORT_INLINE_ROLLUP_ROWS:
                cursor.execute(
                    f"""
                    INSERT INTO {connection.ops.quote_name(ImportChangedSeries._meta.db_table)}
                           (batch_id, agent_id, metric_id, first_day, last_day)
                    SELECT %s, agent_id, metric_id, min(day), max(day) FROM {self.changes} GROUP BY agent_id, metric_id
                    """,
                    [self.batch.pk],
                )
                _follow_up_later(self.batch, series=cursor.rowcount)
            elif inserted or updated:
                rollups_refresh_from_table(cursor=cursor, changed_table=self.changes)
                timer.lap("roll-ups")
        timer.lap("commit")
        return inserted, updated

    def _lock_keys(self, cursor) -> None:
        """Lock the staged rows' agents and metrics against deletion until commit, and check they still exist.

        What the foreign-key checks would do, once per agent and metric instead of once per
        row (the daily values' keys are not enforced by the database, see MetricValue).
        """
        checks = ((Metric, self._metric_ids, _METRIC_GONE), (User, self._agent_ids, _AGENT_GONE))
        for model, ids, gone in checks:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"SELECT count(*) FROM (SELECT id FROM {table} WHERE id = ANY(%s) FOR KEY SHARE) AS locked",
                [sorted(ids)],
            )
            if cursor.fetchone()[0] != len(ids):
                raise RuntimeError(gone)

    def _check_teams(self, cursor) -> None:
        """Re-attribute the staged rows of agents whose memberships changed since the rows were staged."""
        now = TeamCalendar(self._agent_ids)
        moved = [agent_id for agent_id in self._agent_ids if now.spans(agent_id) != self._teams.spans(agent_id)]
        if not moved:
            return
        membership = connection.ops.quote_name(TeamMembership._meta.db_table)
        # The same rule as TeamCalendar: memberships as spans, each up to the next one's start.
        cursor.execute(
            f"""
            UPDATE {self.staging} AS s
               SET team_id = (
                   SELECT CASE WHEN m.end_date IS NULL OR m.end_date >= s.day THEN m.team_id END
                     FROM {membership} m
                    WHERE m.agent_id = s.agent_id AND m.start_date <= s.day
                    ORDER BY m.start_date DESC, m.id DESC
                    LIMIT 1
               )
             WHERE s.agent_id = ANY(%s)
            """,
            [moved],
        )

    def _find_changes(self, cursor) -> None:
        """Keep the staged rows that are new or differ from what is stored (value, sample or team of the day)."""
        value_table = connection.ops.quote_name(MetricValue._meta.db_table)
        cursor.execute(
            f"""
            CREATE TEMP TABLE {self.changes} ON COMMIT DROP AS
            SELECT s.agent_id, s.metric_id, s.day, s.value, s.sample_size, s.team_id, mv.id AS value_id
              FROM {self.staging} s
              LEFT JOIN {value_table} mv
                ON mv.agent_id = s.agent_id AND mv.metric_id = s.metric_id AND mv.day = s.day
               AND mv.metric_id = ANY(%s) AND mv.day BETWEEN %s AND %s
             WHERE mv.id IS NULL
                OR (mv.value, mv.sample_size, mv.team_id) IS DISTINCT FROM (s.value, s.sample_size, s.team_id)
            """,
            # The stored rows of the batch's metrics and days, read as ranges of the (metric, day)
            # index: without the metrics, a day's file was compared by probing that index once per
            # row and filtering a whole day of every agent (48 s instead of 0.1 s at 12 million rows).
            [sorted(self._metric_ids), self._first_day, self._last_day],
        )

    def _insert(self, cursor, value_table: str, now) -> None:
        """Insert the new rows in key order; if another writer stored one of their keys meanwhile, overwrite it."""
        insert = f"""
            INSERT INTO {value_table} AS mv (agent_id, metric_id, day, value, sample_size, team_id, updated_at)
            SELECT agent_id, metric_id, day, value, sample_size, team_id, %s
              FROM {self.changes} WHERE value_id IS NULL
             ORDER BY agent_id, metric_id, day
        """
        try:
            with transaction.atomic():
                cursor.execute(insert, [now])
        except IntegrityError:
            cursor.execute(
                insert
                + """
                ON CONFLICT (agent_id, metric_id, day) DO UPDATE
                   SET value = EXCLUDED.value, sample_size = EXCLUDED.sample_size,
                       team_id = EXCLUDED.team_id, updated_at = EXCLUDED.updated_at
                """,
                [now],
            )


# ---------------------------------------------------------------------------------------
# Elsewhere (SQLite): spool to a temporary file, write with the ORM in batches
# ---------------------------------------------------------------------------------------


class _OrmLoader:
    """Spools validated rows to a temporary file and writes them with the ORM upsert."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch
        self._seen: dict[tuple, int] = {}
        self._duplicates: list[RowError] = []
        self._metric_ids: set[int] = set()
        self._agent_ids: set[int] = set()

    def __enter__(self):
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        return self

    def __exit__(self, *exc_info):
        self._spool.close()
        return False

    def add(self, row: int, key, value: Decimal | None, sample_size: int | None) -> None:
        first = self._seen.setdefault(key, row)
        if first != row:
            self._duplicates.append(duplicate_error(row, first))
            return
        agent_id, metric_id, day = key
        self._metric_ids.add(metric_id)
        self._agent_ids.add(agent_id)
        self._spool.write(f"{agent_id}\t{metric_id}\t{day.isoformat()}\t{value}\t{sample_size}\n")

    def flush(self) -> None:
        """Nothing to do: rows go to the spool file as they come."""

    def duplicates(self, cap: int) -> tuple[list[RowError], int]:
        return self._duplicates[:cap], len(self._duplicates)

    def write(self) -> tuple[int, int]:
        """Upsert the spooled rows and see to their roll-ups; returns (inserted, updated)."""
        self._spool.seek(0)
        inserted = updated = 0
        inline_limit = settings.COACHING_IMPORT_INLINE_ROLLUP_ROWS
        changed: set[tuple[int, int, datetime.date]] = set()
        spans: dict[tuple[int, int], tuple[datetime.date, datetime.date]] = {}
        with transaction.atomic():
            if Metric.objects.filter(pk__in=self._metric_ids).count() != len(self._metric_ids):
                raise RuntimeError(_METRIC_GONE)
            if User.objects.filter(pk__in=self._agent_ids).count() != len(self._agent_ids):
                raise RuntimeError(_AGENT_GONE)
            for rows in _batched(self._spool_rows(), ORM_BATCH_ROWS):
                new, different = _changed_rows(rows)
                if new or different:
                    metric_values_upsert(rows=new + different, refresh_rollups=False)
                inserted += len(new)
                updated += len(different)
                for row in new + different:
                    series = (row.agent_id, row.metric_id)
                    first, last = spans.get(series, (row.day, row.day))
                    spans[series] = (min(first, row.day), max(last, row.day))
                if inserted + updated <= inline_limit:
                    changed.update((row.agent_id, row.metric_id, row.day) for row in new + different)
            if inserted + updated > inline_limit:
                ImportChangedSeries.objects.bulk_create(
                    ImportChangedSeries(
                        batch=self.batch, agent_id=agent_id, metric_id=metric_id, first_day=first, last_day=last
                    )
                    for (agent_id, metric_id), (first, last) in sorted(spans.items())
                )
                _follow_up_later(self.batch, series=len(spans))
            elif changed:
                rollups_refresh(periods=affected_periods(changed))
        return inserted, updated

    def _spool_rows(self) -> Iterator[ValueRow]:
        for line in self._spool:
            agent_id, metric_id, day, value, sample_size = line.rstrip("\n").split("\t")
            yield ValueRow(
                int(agent_id), int(metric_id), datetime.date.fromisoformat(day), Decimal(value), int(sample_size)
            )


def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _changed_rows(rows: list[ValueRow]) -> tuple[list[ValueRow], list[ValueRow]]:
    """Split ``rows`` into those not stored yet and those stored with other values or team."""
    calendar = TeamCalendar(row.agent_id for row in rows)
    days = [row.day for row in rows]
    stored = {
        (agent_id, metric_id, day): (value, sample_size, team_id)
        for agent_id, metric_id, day, value, sample_size, team_id in MetricValue.objects.filter(
            agent_id__in={row.agent_id for row in rows},
            metric_id__in={row.metric_id for row in rows},
            day__range=(min(days), max(days)),
        ).values_list("agent_id", "metric_id", "day", "value", "sample_size", "team_id")
    }
    new, different = [], []
    for row in rows:
        current = stored.get((row.agent_id, row.metric_id, row.day))
        if current is None:
            new.append(row)
        elif current != (row.value, row.sample_size, calendar.team_on(row.agent_id, row.day)):
            different.append(row)
    return new, different


# ---------------------------------------------------------------------------------------
# After a large import's commit: its roll-ups, then the alert rules
# ---------------------------------------------------------------------------------------


def _follow_up_later(batch: ImportBatch, *, series: int) -> None:
    """Mark ``batch``'s roll-ups and alerts as due and queue them, inside its write transaction (the outbox)."""
    # Imported here because the task module imports the services.
    from ..tasks.imports import import_batch_follow_up_task

    fields = {"followup_status": FollowUpStatus.WAITING, "followup_series_total": series, "followup_series_done": 0}
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)
    for name, value in fields.items():
        setattr(batch, name, value)
    task_enqueue(import_batch_follow_up_task, batch_id=batch.pk)


def import_batch_follow_up(*, batch_id: int) -> ImportBatch:
    """Refresh the roll-ups a large import left due, chunk by chunk, then evaluate the alert rules.

    What the background task calls, and the hourly tidy-up for a follow-up that failed or
    whose worker was lost. On PostgreSQL one worker at a time holds a batch's follow-up (a
    session lock, released if the worker dies); a finished one is left alone, so a task
    delivered twice works once. Each chunk deletes the series it refreshed in its own
    transaction, so a follow-up started again goes on where the last one stopped.
    """
    with _follow_up_claim(batch_id) as claimed:
        batch = ImportBatch.objects.get(pk=batch_id)
        if not claimed or batch.followup_status not in FOLLOW_UP_UNFINISHED:
            return batch
        ImportBatch.objects.filter(pk=batch_id).update(followup_status=FollowUpStatus.RUNNING)
        try:
            while _follow_up_chunk(batch):
                pass
            _statistics_refresh()
            alert_rules_evaluate(today=clock.today())
        except Exception:
            logger.exception("Roll-ups and alerts after import batch %s failed", batch_id)
            ImportBatch.objects.filter(pk=batch_id).update(followup_status=FollowUpStatus.FAILED)
            raise
        ImportBatch.objects.filter(pk=batch_id).update(
            followup_status=FollowUpStatus.DONE,
            followup_series_done=F("followup_series_total"),
            followup_finished_at=clock.now(),
        )
        batch.refresh_from_db()
        return batch


FOLLOW_UP_UNFINISHED = (FollowUpStatus.WAITING, FollowUpStatus.RUNNING, FollowUpStatus.FAILED)
# The class of the session locks that say which worker holds a batch's follow-up.
_FOLLOW_UP_LOCK_CLASS = 0x4B50


@contextlib.contextmanager
def _follow_up_claim(batch_id: int) -> Iterator[bool]:
    """Whether this process may run the batch's follow-up (always, where there is no PostgreSQL)."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = [_FOLLOW_UP_LOCK_CLASS, batch_id % 2**31]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        (claimed,) = cursor.fetchone()
    try:
        yield claimed
    finally:
        if claimed and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


def _statistics_refresh() -> None:
    """Let PostgreSQL's planner see the rows a large import added before the next import or page plans on them.

    Autovacuum would, some time later; until then a day the planner believes empty is read
    with plans meant for one row.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (MetricValue, MetricRollup):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _follow_up_chunk(batch: ImportBatch) -> bool:
    """Refresh the roll-ups of the next chunk of ``batch``'s changed series; False when none are left."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        chunk = list(
            ImportChangedSeries.objects.filter(batch=batch)
            .order_by("agent_id", "metric_id")
            .values_list("pk", "agent_id", "metric_id", "first_day", "last_day")[:FOLLOW_UP_CHUNK_SERIES]
        )
        if not chunk:
            return False
        rollups_refresh_spans(spans=[span for _pk, *span in chunk])
        ImportChangedSeries.objects.filter(pk__in=[pk for pk, *_rest in chunk]).delete()
        ImportBatch.objects.filter(pk=batch.pk).update(followup_series_done=F("followup_series_done") + len(chunk))
    return True


# ---------------------------------------------------------------------------------------
# Hourly: follow-ups that stalled, and stored files past their time
# ---------------------------------------------------------------------------------------

# A follow-up not done this long after its import finished is queued again (a second
# delivery does no harm: one worker at a time holds a batch's follow-up, a finished one is
# left alone).
STALLED_FOLLOW_UP_AFTER = datetime.timedelta(minutes=15)
# An interrupted import keeps its file at least this long, to be run again from its page.
INTERRUPTED_FILE_KEPT = datetime.timedelta(days=7)


@dataclass(frozen=True)
class ImportsTidied:
    """What the hourly tidy-up of imports did."""

    follow_ups_queued: int
    files_deleted: int

    def as_dict(self) -> dict:
        return {"follow_ups_queued": self.follow_ups_queued, "files_deleted": self.files_deleted}


def imports_tidy(*, now: datetime.datetime) -> ImportsTidied:
    """Queue again the follow-ups that failed or stalled, and delete stored files past their time.

    A file is kept ``COACHING_IMPORT_FILE_RETENTION_DAYS`` after its import finished (the
    run itself deletes it at once when that is 0); the file of an import interrupted by the
    loss of its process (see import_recovery) at least ``INTERRUPTED_FILE_KEPT``, so it can
    run again. Waiting and running imports are the sweeper's (import_recovery).
    """
    # Imported here because the task module imports the services.
    from ..tasks.imports import import_batch_follow_up_task

    stalled = list(
        ImportBatch.objects.filter(
            followup_status__in=FOLLOW_UP_UNFINISHED, finished_at__lt=now - STALLED_FOLLOW_UP_AFTER
        ).values_list("pk", flat=True)
    )
    for batch_id in stalled:
        task_enqueue(import_batch_follow_up_task, batch_id=batch_id)
    retention = datetime.timedelta(days=settings.COACHING_IMPORT_FILE_RETENTION_DAYS)
    expired = (
        ImportBatch.objects.filter(
            status__in=[ImportStatus.SUCCEEDED, ImportStatus.FAILED], finished_at__lt=now - retention
        )
        .exclude(file="")
        .exclude(interrupted_at__isnull=False, finished_at__gte=now - max(retention, INTERRUPTED_FILE_KEPT))
    )
    deleted = 0
    for batch in expired:
        _file_delete(batch)
        deleted += 1
    return ImportsTidied(follow_ups_queued=len(stalled), files_deleted=deleted)
