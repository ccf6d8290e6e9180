"""Django admin for pulse surveys and their questions.

Responses and answers are deliberately not registered: the admin shows no individual
answers, only the survey definitions, rounds and who has answered (never what).
"""

from django.contrib import admin

from ..models import PulseParticipation, PulseQuestion, PulseRound, PulseSurvey
from .base import ViewOnlyAdmin


class PulseQuestionInline(admin.TabularInline):
    model = PulseQuestion
    extra = 0
    fields = ("order", "kind", "text")


@admin.register(PulseSurvey)
class PulseSurveyAdmin(admin.ModelAdmin):
    """Surveys: teams asked (none: every team), schedule, questions; untick "active" to stop new rounds."""

    list_display = ("name", "schedule", "starts_on", "is_active", "created_by")
    list_filter = ("is_active", "schedule")
    search_fields = ("name",)
    filter_horizontal = ("teams",)
    fields = ("name", "teams", "schedule", "starts_on", "is_active", "created_by")
    raw_id_fields = ("created_by",)
    inlines = (PulseQuestionInline,)


@admin.register(PulseRound)
class PulseRoundAdmin(admin.ModelAdmin):
    """Rounds opened by the daily task; the closing day can be moved."""

    list_display = ("survey", "opens_on", "closes_on")
    list_filter = ("survey",)
    date_hierarchy = "opens_on"


@admin.register(PulseParticipation)
class PulseParticipationAdmin(ViewOnlyAdmin):
    """Who was asked, answered and reminded: read-only, and never what they answered."""

    list_display = ("round", "agent", "answered_at", "reminded_at")
    list_filter = ("round__survey",)
    search_fields = ("agent__username", "agent__first_name", "agent__last_name")
