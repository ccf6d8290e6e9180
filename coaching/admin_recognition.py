"""Django admin for recognition and notifications: the company values, recognition given, notifications sent."""

from django.contrib import admin

from .models import CompanyValue, Notification, NotificationPreference, Recognition


@admin.register(CompanyValue)
class CompanyValueAdmin(admin.ModelAdmin):
    """The values people are recognised for; administrators edit the list and its order."""

    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "description")


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    """Recognition given and goal celebrations, for moderation."""

    list_display = ("agent", "value", "goal", "given_by", "team", "is_celebration", "created_at")
    list_filter = ("is_celebration", "value", "team")
    search_fields = ("agent__username", "agent__first_name", "agent__last_name", "message")
    autocomplete_fields = ("agent", "given_by", "team")
    raw_id_fields = ("goal",)
    date_hierarchy = "created_at"


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
