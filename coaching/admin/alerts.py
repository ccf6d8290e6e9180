"""Django admin for alert rules (administrators edit them here), investigations and coaching proposals."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import AlertRule, CoachingProposal, Investigation, InvestigationNote
from .base import ViewOnlyAdmin


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    """Alert rules: what to watch, when it triggers, and who follows up. Retire one by unticking "active"."""

    list_display = ("name", "metric", "scope", "team", "condition", "period", "action", "assignee_choice", "is_active")
    list_filter = ("is_active", "condition", "scope", "action", "metric")
    list_editable = ("is_active",)
    search_fields = ("name",)
    autocomplete_fields = ("assignee",)
    fieldsets = (
        (None, {"fields": ("name", "metric", "scope", "team", "is_active")}),
        (_("Condition"), {"fields": ("condition", "threshold", "periods", "run_length", "baseline_periods", "period")}),
        (_("Action"), {"fields": ("action", "assignee_choice", "assignee", "due_in_days")}),
    )


class InvestigationNoteInline(admin.TabularInline):
    model = InvestigationNote
    extra = 0
    readonly_fields = ("author", "text", "created_at")
    can_delete = False


@admin.register(Investigation)
class InvestigationAdmin(ViewOnlyAdmin):
    """Investigations, read-only: they are opened by the evaluation and worked on in the app."""

    list_display = ("pk", "rule", "team", "agent", "assignee", "status", "due_date", "opened_at")
    list_filter = ("status", "rule", "team")
    inlines = (InvestigationNoteInline,)


@admin.register(CoachingProposal)
class CoachingProposalAdmin(ViewOnlyAdmin):
    """Coaching proposals, read-only: the coach decides them in the app."""

    list_display = ("pk", "rule", "agent", "coach", "metric", "status", "created_at")
    list_filter = ("status", "rule")
