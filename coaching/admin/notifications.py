"""Django admin of notifications: what reached whom and when it was emailed, and who wants which by email."""

from django.contrib import admin

from ..models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Notifications sent, to check what reached whom and when it was emailed."""

    list_display = ("recipient", "kind", "title", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username", "title")
    autocomplete_fields = ("recipient",)
    readonly_fields = ("reference", "created_at", "emailed_at")
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Who wants which notifications by email."""

    list_display = ("user", "kind", "email")
    list_filter = ("kind", "email")
    search_fields = ("user__username",)
    autocomplete_fields = ("user",)
