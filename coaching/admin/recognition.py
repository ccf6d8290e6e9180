"""Django admin of recognition: the company values and the recognition given."""

from django.contrib import admin

from ..models import CompanyValue, Recognition


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
