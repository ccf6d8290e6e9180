"""API of KPI imports: post rows (JSON) or a CSV file, then follow the batch at its status URL.

``POST /api/v1/metric-values/import/`` takes ``{"rows": [{"employee_id", "metric_code",
"day", "value", "sample_size"}, ...]}`` (row 1 is ``rows[0]``) or a multipart ``file``
(CSV, row 1 is its header). Rows and small files are imported at once: 201 with the
batch, or 400 with the errors by row and column and nothing changed. A large file is
stored and imported by a background worker: 202 with the batch, whose ``status_url``
(``GET /api/v1/imports/<id>/``) its creator and administrators can follow. A batch whose
worker died is marked failed with ``interrupted_at`` set; ``POST /api/v1/imports/<id>/retry/``
queues it again from its stored file (202). A JSON body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``
is refused with 413. Only administrators (and service accounts with that role) import.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ...models import ImportSource, ImportStatus
from ...permissions import get_import_batch_or_404
from ...services.import_recovery import import_batch_retry
from ...services.imports import metric_values_import, metric_values_import_file
from ..parsers import JSONParser
from ..permissions import MayImport
from ..serializers import ErrorSerializer
from ..serializers.imports import (
    ImportBatchSerializer,
    ImportFailedSerializer,
    ImportFileSerializer,
    ImportRequestSerializer,
)


class MetricValueImportView(APIView):
    """Import daily metric values from JSON rows or a CSV file, all or nothing."""

    permission_classes = (IsAuthenticated, MayImport)
    parser_classes = (JSONParser, MultiPartParser)

    @extend_schema(
        request={"application/json": ImportRequestSerializer, "multipart/form-data": ImportFileSerializer},
        responses={
            201: ImportBatchSerializer,
            202: OpenApiResponse(ImportBatchSerializer, description=gettext_lazy("A large file, queued.")),
            400: ImportFailedSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            413: ErrorSerializer,
            429: ErrorSerializer,
        },
        summary=gettext_lazy("Import metric values"),
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is not None:
            batch = metric_values_import_file(
                source=ImportSource.API, actor=request.user, upload=upload, filename=upload.name
            )
        else:
            rows = request.data.get("rows") if isinstance(request.data, dict) else None
            if not isinstance(rows, list):
                return Response(
                    {
                        "error": {
                            "code": "invalid",
                            "message": _('Send {"rows": [...]} as JSON, or a CSV file in the field “file”.'),
                            "fields": {"rows": [_("Expected a list of rows.")]},
                        }
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
            batch = metric_values_import(source=ImportSource.API, actor=request.user, rows=rows)
        body = ImportBatchSerializer(batch, context={"request": request}).data
        if batch.status == ImportStatus.FAILED:
            message = ngettext(
                "%(count)d error: nothing was imported.", "%(count)d errors: nothing was imported.", batch.error_count
            ) % {"count": batch.error_count}
            return Response(
                {"error": {"code": "invalid_rows", "message": message}, "batch": body},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if batch.status == ImportStatus.SUCCEEDED:
            return Response(body, status=status.HTTP_201_CREATED)
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]})


class ImportBatchStatusView(APIView):
    """One import batch, for the person who started it and for administrators."""

    @extend_schema(responses={200: ImportBatchSerializer, 401: ErrorSerializer, 404: ErrorSerializer})
    def get(self, request, batch_id: int):
        batch = get_import_batch_or_404(request.user, batch_id)
        return Response(ImportBatchSerializer(batch, context={"request": request}).data)


class ImportBatchRetryView(APIView):
    """Queue again an import whose worker died, from its stored file."""

    permission_classes = (IsAuthenticated, MayImport)

    @extend_schema(
        request=None,
        responses={
            202: ImportBatchSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
        summary=gettext_lazy("Run an interrupted import again"),
    )
    def post(self, request, batch_id: int):
        batch = import_batch_retry(batch=get_import_batch_or_404(request.user, batch_id), actor=request.user)
        body = ImportBatchSerializer(batch, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]})
