"""Inputs that used to stop an import with a 500: each is now an error by row and column, and nothing changes.

Over-long values and lines, bare-CR line endings, NUL characters and text that is not valid
Unicode, in CSV files and in JSON rows; and an error list that cannot be saved, which used
to leave the batch "running" for ever.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import DatabaseError

from coaching.models import ImportBatch, ImportSource, ImportStatus, MetricValue
from coaching.services import imports
from coaching.services.imports import LINE_MAX_BYTES, metric_values_import

from ..factories import MetricFactory, MetricValueFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]

HEADER = "employee_id,metric_code,day,value,sample_size"
DAY = "2026-11-15"
GOOD_ROW = f"E1,CSAT,{DAY},80,10"


@pytest.fixture
def catalog(org):
    org.agent_a1.employee_id = "E1"
    org.agent_a1.save(update_fields=["employee_id"])
    org.csat = MetricFactory(code="CSAT", min_value=Decimal(0), max_value=Decimal(100))
    # A value already stored, which no failed import may touch.
    MetricValueFactory(agent=org.agent_a1, metric=org.csat, day=datetime.date(2026, 11, 1), value=Decimal(50))
    return org


def run_csv(content: bytes) -> ImportBatch:
    return metric_values_import(source=ImportSource.UPLOAD, actor=None, stream=io.BytesIO(content), filename="k.csv")


def run_rows(rows) -> ImportBatch:
    return metric_values_import(source=ImportSource.API, actor=None, rows=rows)


def stored():
    return sorted(MetricValue.objects.values_list("agent_id", "metric_id", "day", "value", "sample_size"))


def failed_with(batch: ImportBatch, *errors):
    """The batch failed, saved as failed, with exactly ``errors`` as (row, column, start of the message)."""
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and batch.finished_at is not None
    found = [(error["row"], error["column"], error["message"]) for error in batch.errors]
    assert len(found) == len(errors), found
    for (row, column, message), (expected_row, expected_column, start) in zip(found, errors, strict=True):
        assert (row, column) == (expected_row, expected_column), found
        assert message.startswith(start), message
    return batch


def test_a_value_over_the_line_limit_is_an_error_of_its_row_and_column(catalog):
    before = stored()
    long_value = "9" * 200_000  # over Python's CSV field limit (128 KB) too
    content = f"{HEADER}\n{GOOD_ROW}\nE1,CSAT,{DAY},{long_value},10\nE1,CSAT,2026-11-16,81,10\n".encode()
    batch = run_csv(content)
    failed_with(batch, (3, "value", "This line is longer than 64.0 KB"))
    assert batch.rows_total == 3  # the rows after it were still read and checked
    assert stored() == before


def test_a_one_megabyte_line_without_a_line_break_in_the_header_is_refused(catalog):
    batch = run_csv(b"employee_id," + b"x" * (1 << 20))
    failed_with(batch, (1, "", "This line is longer than 64.0 KB"))


def test_a_long_line_split_across_reads_keeps_the_rows_after_it_numbered(catalog):
    filler = "a" * (LINE_MAX_BYTES * 3)  # spans several 64 KB reads
    content = f"{HEADER}\n{filler}\nE7,CSAT,{DAY},80,10\n".encode()
    failed_with(run_csv(content), (2, "employee_id", "This line is longer"), (3, "employee_id", "Unknown employee id"))


def test_a_quoted_value_over_the_csv_field_limit_is_an_error_of_its_row(catalog):
    # Short lines, one quoted value spanning them: only the CSV reader sees how long it is.
    spanning = "\n".join(["y" * 1000] * 140)
    content = f'{HEADER}\nE1,CSAT,{DAY},"{spanning}",10\n'.encode()
    failed_with(run_csv(content), (2, "", "A value of this row is longer than 131072 characters."))


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_files_with_any_line_ending_import(catalog, ending):
    content = ending.join([HEADER, GOOD_ROW, "E1,CSAT,2026-11-16,81,10", ""]).encode()
    batch = run_csv(content)
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert batch.rows_total == 2 and batch.rows_inserted == 2


def test_a_crlf_split_between_two_reads_is_one_line_end(catalog):
    # The first line ends exactly at a read boundary with its CR; the LF comes with the next read.
    first = f"E1,CSAT,{DAY},80,10".ljust((1 << 16) - len(HEADER) - 3, " ")
    content = f"{HEADER}\r\n{first}\r\nE1,CSAT,2026-11-16,81,10\r\n".encode()
    assert content.index(b"\r\nE1,CSAT,2026-11-16") == (1 << 16) - 1
    batch = run_csv(content)
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert batch.rows_total == 2


def test_a_bare_cr_inside_a_row_is_an_error_of_that_row(catalog):
    before = stored()
    content = f"{HEADER}\n{GOOD_ROW}\nE1,CS\rAT,{DAY},80,10\n".encode()
    failed_with(
        run_csv(content),
        (3, "", "This row has 2 fields; the header has 5."),
        (4, "", "This row has 4 fields; the header has 5."),
    )
    assert stored() == before


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("E1\x00,CSAT,2026-11-16,80,10", "employee_id"),
        ("E1,CS\x00AT,2026-11-16,80,10", "metric_code"),
        ("E1,CSAT,2026-11-16\x00,80,10", "day"),
        ("E1,CSAT,2026-11-16,8\x000,10", "value"),
        ("E1,CSAT,2026-11-16,80,\x0010", "sample_size"),
    ],
)
def test_a_nul_character_in_a_csv_value_is_an_error_of_its_column(catalog, row, column):
    before = stored()
    batch = run_csv(f"{HEADER}\n{GOOD_ROW}\n{row}\n".encode())
    failed_with(batch, (3, column, "This contains a NUL character"))
    assert stored() == before


def test_a_nul_character_in_a_header_is_an_error_of_the_header(catalog):
    batch = run_csv(f"employee_id,metric_code,day,value,sample_size,no\x00te\n{GOOD_ROW},x\n".encode())
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert batch.errors == [{"row": 1, "column": "no␀te", "message": batch.errors[0]["message"]}]
    assert "NUL character" in batch.errors[0]["message"]


def test_nul_characters_and_lone_surrogates_in_json_rows_are_errors_by_row_and_column(catalog):
    before = stored()
    batch = run_rows(
        [
            {"employee_id": "E1", "metric_code": "CSAT", "day": DAY, "value": 80, "sample_size": 10},
            {"employee_id": "E1\u0000", "metric_code": "CSAT", "day": DAY, "value": "8\u00000", "sample_size": 10},
            {"employee_id": "E\ud800", "metric_code": "CSAT", "day": DAY, "value": 80, "sample_size": 10},
            {"employee_id": "E1", "metric_code": "CSAT", "day": DAY, "value": 80, "sample_size": 10, "x\u0000": 1},
        ]
    )
    failed_with(
        batch,
        (2, "employee_id", "This contains a NUL character"),
        (2, "value", "This contains a NUL character"),
        (3, "employee_id", "Unknown employee id “E?”."),
        (4, "x␀", "This contains a NUL character"),
    )
    assert stored() == before


def test_a_huge_value_is_quoted_short_in_its_error(catalog):
    batch = run_rows([{"employee_id": "E" * 100_000, "metric_code": "CSAT", "day": DAY, "value": 1, "sample_size": 1}])
    batch.refresh_from_db()
    (error,) = batch.errors
    assert error["column"] == "employee_id"
    assert error["message"] == f"Unknown employee id “{'E' * 40}…”."


def test_a_file_name_with_a_nul_character_is_stored_visibly(catalog):
    batch = metric_values_import(
        source=ImportSource.UPLOAD,
        actor=None,
        stream=io.BytesIO(f"{HEADER}\n{GOOD_ROW}\n".encode()),
        filename="a\x00.csv",
    )
    batch.refresh_from_db()
    assert batch.filename == "a␀.csv" and batch.status == ImportStatus.SUCCEEDED


def test_errors_that_cannot_be_saved_still_end_the_batch_as_failed(catalog, monkeypatch):
    before = stored()
    real_finish = imports._finish
    calls = []

    def refuse_the_error_list(batch, **fields):
        calls.append(fields["errors"])
        if len(calls) == 1:
            raise DatabaseError("unsupported Unicode escape sequence")
        real_finish(batch, **fields)

    monkeypatch.setattr(imports, "_finish", refuse_the_error_list)
    batch = run_csv(f"{HEADER}\nE7,CSAT,{DAY},80,10\n".encode())
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == ImportStatus.FAILED and batch.finished_at is not None
    assert batch.error_count == 1
    assert batch.errors == [
        {"row": None, "column": "", "message": "The errors of this file could not be saved; nothing was changed."}
    ]
    assert stored() == before
