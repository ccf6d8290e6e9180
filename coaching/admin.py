"""Django admin for the configuration models: people, teams, memberships, metrics."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_view_only import ViewOnlyAdmin
from .models import ImportBatch, Metric, MetricValue, Team, TeamMembership, TeamMetricValue, User
from .services.metrics import TeamCalendar
from .services.org import metric_values_attribute


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    fields = ("team", "start_date", "end_date")
    autocomplete_fields = ("team",)


@admin.register(User)
class PersonAdmin(UserAdmin):
    """People with their role, employee id and team history."""

    list_display = ("username", "first_name", "last_name", "role", "employee_id", "is_active")
    list_filter = ("role", "is_active", "memberships__team")
    search_fields = ("username", "first_name", "last_name", "email", "employee_id")
    fieldsets = UserAdmin.fieldsets + ((_("Coaching"), {"fields": ("role", "employee_id", "language")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("Coaching"), {"fields": ("role", "employee_id", "first_name", "last_name", "language")}),
    )
    inlines = (MembershipInline,)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "language":
            # Only the languages the site is offered in; blank is the site default.
            choices = [("", _("Site default")), *settings.LANGUAGES]
            return forms.ChoiceField(
                choices=choices, required=False, label=db_field.verbose_name, help_text=db_field.help_text
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Edited memberships move the agent's daily values to the team of each day.
        metric_values_attribute(agent=form.instance)


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    """Teams, their managers and the coaches who cover them."""

    list_display = ("name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    filter_horizontal = ("managers", "coaches")


@admin.register(TeamMembership)
class TeamMembershipAdmin(SimpleHistoryAdmin):
    """Who was in which team when."""

    list_display = ("agent", "team", "start_date", "end_date")
    list_filter = ("team",)
    search_fields = ("agent__username", "agent__first_name", "agent__last_name", "agent__employee_id")
    autocomplete_fields = ("agent", "team")
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        metric_values_attribute(agent=obj.agent)

    def delete_model(self, request, obj):
        agent = obj.agent
        super().delete_model(request, obj)
        metric_values_attribute(agent=agent)


@admin.register(Metric)
class MetricAdmin(SimpleHistoryAdmin):
    """KPI definitions."""

    list_display = ("code", "name", "unit", "direction", "kind", "aggregation", "source", "is_active")
    list_filter = ("kind", "source", "unit", "direction", "is_active")
    search_fields = ("code", "name")

    def get_readonly_fields(self, request, obj=None):
        # Switching a metric between per-agent and per-team values would strand its goals, rules and values.
        return ("source",) if obj is not None else ()


@admin.register(MetricValue)
class MetricValueAdmin(admin.ModelAdmin):
    """Daily values, for looking up and correcting single entries."""

    list_display = ("day", "agent", "metric", "value", "sample_size", "team")
    list_filter = ("metric", "team")
    search_fields = ("agent__username", "agent__employee_id", "agent__last_name")
    date_hierarchy = "day"
    raw_id_fields = ("agent",)
    readonly_fields = ("team", "updated_at")
    list_select_related = ("agent", "metric", "team")
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        obj.team_id = TeamCalendar([obj.agent_id]).team_on(obj.agent_id, obj.day)
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "metric":
            # Team-level (pulse) metrics have no value per agent.
            kwargs["queryset"] = Metric.objects.per_agent()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(TeamMetricValue)
class TeamMetricValueAdmin(ViewOnlyAdmin):
    """Team-level values (pulse engagement, eNPS), computed when a round closes: to look at, not to edit."""

    list_display = ("day", "team", "metric", "value", "sample_size")
    list_filter = ("metric", "team")
    date_hierarchy = "day"
    list_select_related = ("team", "metric")

    can_delete = False


from . import admin_alerts, admin_observations, admin_pulse, admin_recognition  # noqa: E402,F401  (registers the behaviour catalogue and observations)


@admin.register(ImportBatch)
class ImportBatchAdmin(ViewOnlyAdmin):
    """Import batches, read-only: they are written by the import alone."""

    list_display = ("pk", "created_at", "source", "filename", "status", "rows_total", "error_count", "created_by")
    list_filter = ("status", "source")
    search_fields = ("filename", "checksum", "created_by__username")
    date_hierarchy = "created_at"

    can_delete = False
