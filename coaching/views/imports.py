"""The KPI import page for administrators: upload a CSV file, follow its progress, read its errors, run it again."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models import ImportSource, ImportStatus
from ..permissions import get_import_batch_or_404, import_batches_visible_to, may_import
from ..rules.import_rows import COLUMNS
from ..selectors.outbox import task_waits_for_broker
from ..services.import_recovery import import_batch_can_retry, import_batch_retry
from ..services.imports import metric_values_import_file
from ..tasks.imports import import_batch_run_task

RECENT_BATCHES = 20


class ImportUploadForm(forms.Form):
    """The file to import."""

    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8, comma-separated, with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


def _require_administrator(user) -> None:
    if not may_import(user):
        raise Http404(_("No such page."))


@login_required
def import_upload(request):
    """The upload form and the latest batches; a posted file is imported (in the background if large)."""
    _require_administrator(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = metric_values_import_file(
            source=ImportSource.UPLOAD, actor=request.user, upload=upload, filename=upload.name
        )
        return redirect("import-detail", batch_id=batch.pk)
    context = {
        "form": form,
        "columns": COLUMNS,
        "batches": import_batches_visible_to(request.user)[:RECENT_BATCHES],
    }
    return render(request, "coaching/imports/import_upload.html", context)


@login_required
def import_detail(request, batch_id):
    """One batch: its progress while it runs, then its counts or its errors."""
    _require_administrator(request.user)
    batch = get_import_batch_or_404(request.user, batch_id)
    return render(request, "coaching/imports/import_detail.html", _status_context(batch))


@login_required
def import_status(request, batch_id):
    """The progress partial the detail page polls every second until the batch is finished."""
    _require_administrator(request.user)
    batch = get_import_batch_or_404(request.user, batch_id)
    return render(request, "coaching/imports/import_status.html", _status_context(batch))


@login_required
@require_POST
def import_retry(request, batch_id):
    """Run an interrupted batch again from its stored file."""
    _require_administrator(request.user)
    batch = get_import_batch_or_404(request.user, batch_id)
    try:
        import_batch_retry(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The import was queued again."))
    return redirect("import-detail", batch_id=batch.pk)


def _status_context(batch) -> dict:
    return {
        "batch": batch,
        # Its task could not reach the broker yet: it starts when the queue is back.
        "waits_for_queue": batch.status == ImportStatus.PENDING
        and task_waits_for_broker(import_batch_run_task, batch_id=batch.pk),
        "can_retry": import_batch_can_retry(batch),
    }
