"""URLs of the KPI import endpoints, mounted under ``/api/v1/`` before the resource routes."""

from django.urls import path

from . import imports

urlpatterns = [
    path("metric-values/import/", imports.MetricValueImportView.as_view(), name="api-metric-value-import"),
    path("imports/<int:batch_id>/", imports.ImportBatchStatusView.as_view(), name="api-import-status"),
]
