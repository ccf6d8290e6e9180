"""URLs of KPI imports (administrators) and CSV exports (everyone, within what they may see)."""

from django.urls import path

from ..views import exports, imports

urlpatterns = [
    path("", imports.import_upload, name="import-upload"),
    path("<int:batch_id>/", imports.import_detail, name="import-detail"),
    path("<int:batch_id>/status/", imports.import_status, name="import-status"),
    path("<int:batch_id>/retry/", imports.import_retry, name="import-retry"),
    path("exports/", exports.export_index, name="export-index"),
    path("exports/metric-values.csv", exports.metric_values_export, name="export-metric-values"),
    path("exports/goal-progress.csv", exports.goal_progress_export, name="export-goal-progress"),
]
