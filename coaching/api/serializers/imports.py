"""Serializers of KPI imports: the rows or file posted, and the batch that answers.

The row serializers only document the shape for the OpenAPI schema: rows are validated by
the import itself (``services.imports``), by row and column.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.reverse import reverse

from ...models import ImportBatch
from .errors import ErrorDetailSerializer


class ImportRowSerializer(serializers.Serializer):
    """One daily value (documentation only: rows are validated by the import, by row and column)."""

    employee_id = serializers.CharField()
    metric_code = serializers.CharField()
    day = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    sample_size = serializers.IntegerField(min_value=0)


class ImportRequestSerializer(serializers.Serializer):
    """The rows to import."""

    rows = ImportRowSerializer(many=True)


class ImportFileSerializer(serializers.Serializer):
    """A CSV file to import."""

    file = serializers.FileField()


class RowErrorSerializer(serializers.Serializer):
    """One problem: the row (``null`` for the file as a whole), the column and what is wrong."""

    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportBatchSerializer(serializers.ModelSerializer):
    """An import batch: where it is, what it changed, what was wrong."""

    created_by = serializers.PrimaryKeyRelatedField(read_only=True)
    errors = RowErrorSerializer(many=True, read_only=True)
    percent_done = serializers.IntegerField(read_only=True)
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = (
            "id",
            "status",
            "status_url",
            "source",
            "filename",
            "checksum",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
            "interrupted_at",
            "percent_done",
            "rows_processed",
            "rows_total",
            "rows_inserted",
            "rows_updated",
            "rows_unchanged",
            "error_count",
            "errors",
            "followup_status",
            "followup_series_total",
            "followup_series_done",
            "followup_finished_at",
        )
        read_only_fields = fields

    def get_status_url(self, batch) -> str:
        return reverse("api-import-status", args=[batch.pk], request=self.context.get("request"))


class ImportFailedSerializer(serializers.Serializer):
    """A refused import: the error body and, when rows were checked, the failed batch with every error listed.

    ``batch`` is absent when the request itself could not be read (no ``rows`` list, no
    file, a body that is not JSON): nothing was recorded then.
    """

    error = ErrorDetailSerializer()
    batch = ImportBatchSerializer(
        required=False,
        help_text=_("The failed batch with its errors by row and column; absent when the request could not be read."),
    )
