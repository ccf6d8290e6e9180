"""Import batches: one record per KPI import, whoever or whatever started it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .org import User


class ImportSource(models.TextChoices):
    """Which entry point started an import."""

    API = "api", _("API")
    UPLOAD = "upload", _("Upload page")
    COMMAND = "command", _("Command line")


class ImportStatus(models.TextChoices):
    """Where an import batch is in its life."""

    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class FollowUpStatus(models.TextChoices):
    """Where the work that follows a large import's commit is: its roll-ups, then the alert rules."""

    NONE = "", _("Nothing to follow up")
    WAITING = "waiting", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """One import of daily metric values: who, when, from where, what it changed, what was wrong.

    A batch with any error changes nothing; ``errors`` lists the first errors found (by
    row and column) and ``error_count`` says how many there were in all.
    """

    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_batches",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=16, choices=ImportSource.choices)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    file = models.FileField(
        _("stored file"),
        upload_to="imports/%Y/%m/",
        blank=True,
        help_text=_("Kept for large files, which a background worker imports."),
    )
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    bytes_processed = models.PositiveBigIntegerField(_("bytes read"), default=0)
    rows_processed = models.PositiveIntegerField(_("rows read"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_inserted = models.PositiveIntegerField(_("rows inserted"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("rows unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors in all"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    started_at = models.DateTimeField(_("run started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The last sign of life of the run (queued, started, a chunk read); a waiting or running
    # batch silent for too long has lost its process, and the sweeper marks it failed.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    interrupted_at = models.DateTimeField(
        _("found interrupted at"),
        null=True,
        blank=True,
        help_text=_("Set when the process running the import stopped before it finished; nothing was changed."),
    )
    # A large import commits its daily values first; a background task then refreshes the
    # roll-ups of the series it changed (ImportChangedSeries) and evaluates the alert rules.
    followup_status = models.CharField(
        _("roll-ups and alerts"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.NONE, blank=True
    )
    followup_series_total = models.PositiveIntegerField(_("series to refresh"), default=0)
    followup_series_done = models.PositiveIntegerField(_("series refreshed"), default=0)
    followup_finished_at = models.DateTimeField(_("roll-ups and alerts finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "running"]) | Q(finished_at__isnull=False),
                name="import_batch_finished_has_time",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_source_display()} {self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def followup_pending(self) -> bool:
        """Whether the roll-ups and alerts that follow the commit are still to come."""
        return self.followup_status in (FollowUpStatus.WAITING, FollowUpStatus.RUNNING)

    @property
    def followup_percent_done(self) -> int:
        if self.followup_status == FollowUpStatus.DONE:
            return 100
        if not self.followup_series_total:
            return 0
        return min(99, int(100 * self.followup_series_done / self.followup_series_total))

    @property
    def percent_done(self) -> int:
        """How far the run has got, from the bytes read (the row count is only known at the end)."""
        if self.is_finished:
            return 100
        if not self.file_size:
            return 0
        return min(99, int(100 * self.bytes_processed / self.file_size))


class ImportChangedSeries(models.Model):
    """One agent's series of one metric that a large import changed between two days, whose roll-ups are still due.

    Written in the import's transaction, consumed (and deleted) by the follow-up task that
    refreshes the roll-ups of every week and month from ``first_day`` to ``last_day``.
    """

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="changed_series", verbose_name=_("import batch")
    )
    # Plain ids: like the daily values they describe (see MetricValue), they are resolved and
    # locked by the import that writes them; a series of a deleted agent or metric refreshes nothing.
    agent_id = models.BigIntegerField(_("agent"))
    metric_id = models.BigIntegerField(_("metric"))
    first_day = models.DateField(_("first day changed"))
    last_day = models.DateField(_("last day changed"))

    class Meta:
        verbose_name = _("series changed by an import")
        verbose_name_plural = _("series changed by imports")
        constraints = [
            models.UniqueConstraint(fields=["batch", "agent_id", "metric_id"], name="import_changed_series_once"),
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="import_changed_series_span"),
        ]

    def __str__(self):
        return f"#{self.batch_id} · {self.agent_id} · {self.metric_id} · {self.first_day}–{self.last_day}"
