"""Django admin of KPI imports: the batches, read-only."""

from django.contrib import admin

from ..models import ImportBatch
from .base import ViewOnlyAdmin


@admin.register(ImportBatch)
class ImportBatchAdmin(ViewOnlyAdmin):
    """Import batches, read-only: they are written by the import alone."""

    list_display = ("pk", "created_at", "source", "filename", "status", "rows_total", "error_count", "created_by")
    list_filter = ("status", "source")
    search_fields = ("filename", "checksum", "created_by__username")
    date_hierarchy = "created_at"

    can_delete = False
