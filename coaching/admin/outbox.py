"""Django admin of the task outbox: what was queued, sent, or still waits for the broker; read-only."""

from django.contrib import admin

from ..models import OutboxTask
from .base import ViewOnlyAdmin


@admin.register(OutboxTask)
class OutboxTaskAdmin(ViewOnlyAdmin):
    """Queued tasks, read-only: written with the changes that call for them, sent by the outbox alone."""

    list_display = ("pk", "task", "created_at", "sent_at", "attempts", "last_attempt_at")
    list_filter = ("task", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("task", "last_error")
    date_hierarchy = "created_at"

    can_delete = False
