"""Django admin of the organisation: people (with their role and team history), teams and memberships."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import Team, TeamMembership, User
from ..services.org import metric_values_attribute


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
