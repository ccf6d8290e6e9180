"""Django admin of the KPIs: metric definitions, daily values per agent, team-level values."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import Metric, MetricValue, TeamMetricValue
from ..services.metrics import TeamCalendar
from .base import ViewOnlyAdmin


@admin.register(Metric)
class MetricAdmin(SimpleHistoryAdmin):
    """KPI definitions, and which metric plays which role (customer satisfaction, quality score)."""

    list_display = ("code", "name", "kind", "role", "unit", "direction", "aggregation", "source", "is_active")
    list_filter = ("kind", "source", "role", "unit", "direction", "is_active")
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
