"""The demo organisation, built once per test run and laid into each test that asks for it.

Building the demo goes through every service a user's action goes through (about fifteen
seconds of work, minutes on a loaded machine), so a test run builds it once: with the
clock frozen at ``DEMO_MOMENT``, in a transaction that is rolled back afterwards, keeping a
copy of every table the build changed. A test that asks for the ``demo_data`` fixture gets
those rows written into its own transaction (a few hundred milliseconds), which is rolled
back when it ends like any other test's. Tests using the demo freeze the clock at the same
moment, since the demo's dates count from its day.
"""

import datetime
from dataclasses import dataclass

import time_machine
from django.apps import apps
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction

from coaching.demo import seed_demo

DEMO_MOMENT = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)
# Django's own bookkeeping, which building the demo never changes.
UNTOUCHED = {"django_migrations"}


@dataclass
class DemoSnapshot:
    """The rows of every table building the demo changed, and what ``seed_demo`` returned."""

    counts: dict
    tables: dict[str, tuple[list[str], list[tuple]]]

    builds = 0  # how many times this run built the demo (reported at the end of the run)

    @classmethod
    def build(cls) -> "DemoSnapshot":
        """Build the demo in a transaction that is rolled back, keeping the rows it wrote."""
        before = _all_rows()
        with time_machine.travel(DEMO_MOMENT, tick=False), transaction.atomic():
            counts = seed_demo(today=DEMO_MOMENT.date())
            after = _all_rows()
            transaction.set_rollback(True)
        cache.clear()  # nothing computed from the rolled-back rows may outlive them
        DemoSnapshot.builds += 1
        return cls(counts=counts, tables={table: rows for table, rows in after.items() if rows != before.get(table)})

    def restore(self) -> None:
        """Replace the contents of the tables the demo changed with the demo's rows."""
        quote = connection.ops.quote_name
        # One transaction, so the keys are checked once every row is back (in a test that commits too).
        with transaction.atomic(), connection.cursor() as cursor:
            for table, (columns, rows) in self.tables.items():
                cursor.execute(f"DELETE FROM {quote(table)}")
                if rows:
                    names = ", ".join(quote(column) for column in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
            # Rows came with their ids: the sequences must start after them (PostgreSQL).
            models = apps.get_models(include_auto_created=True)
            models = [model for model in models if model._meta.db_table in self.tables]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


def _all_rows() -> dict[str, tuple[list[str], list[tuple]]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in UNTOUCHED:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = ([column[0] for column in cursor.description], cursor.fetchall())
    return rows
