"""``manage.py import_metrics FILE``: import a CSV file of daily metric values, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...models import ImportSource, ImportStatus, User
from ...services.imports import metric_values_import


class Command(BaseCommand):
    help = (
        "Import daily metric values from a UTF-8 CSV file with the columns "
        "employee_id, metric_code, day, value, sample_size. A file with any error changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--user", help="username recorded as having started the import")

    def handle(self, *args, file, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No such user: {user}")
        with path.open("rb") as stream:
            batch = metric_values_import(source=ImportSource.COMMAND, actor=actor, stream=stream, filename=path.name)
        if batch.status != ImportStatus.SUCCEEDED:
            for error in batch.errors:
                row = "-" if error["row"] is None else error["row"]
                self.stderr.write(f"row {row}, column {error['column'] or '-'}: {error['message']}")
            if batch.error_count > len(batch.errors):
                self.stderr.write(f"... {batch.error_count - len(batch.errors)} more errors")
            errors = f"{batch.error_count} error" + ("" if batch.error_count == 1 else "s")
            raise CommandError(f"Import #{batch.pk} failed with {errors}; nothing was changed.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Import #{batch.pk}: {batch.rows_total} rows, {batch.rows_inserted} inserted, "
                f"{batch.rows_updated} updated, {batch.rows_unchanged} unchanged."
            )
        )
