"""The task outbox: background tasks written in the same transaction as the data they follow.

A service never hands a task to the broker directly: it writes an ``OutboxTask`` row
beside its own rows, so the task exists exactly when the data does, and the row is sent
to the broker after the commit. When the broker cannot be reached the row simply waits
and is sent later (see ``coaching/services/outbox.py``).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxTaskQuerySet(models.QuerySet):
    """Rows still to send, oldest first."""

    def waiting(self):
        return self.filter(sent_at__isnull=True).order_by("pk")


class OutboxTask(models.Model):
    """One Celery task to send: its registered name and keyword arguments, and whether it went out."""

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last failed attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # A sender holds a row until then; a sender that died lets go of it when the time is up.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)

    objects = OutboxTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")
        ordering = ("-pk",)
        indexes = [
            models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="outbox_task_waiting"),
            models.Index(fields=["sent_at"], condition=Q(sent_at__isnull=False), name="outbox_task_sent"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.task}"
