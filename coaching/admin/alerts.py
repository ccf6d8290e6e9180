"""Django admin for alert rules (administrators edit them here), investigations and coaching proposals.

The rule form has a "false-alarm budget" button: it shows, before the rule is saved, how many
false investigations a month its settings would open across its scopes and how many it would
have opened in each of the last 12 months, and saves nothing. Saving a new rule, or a change to
what a rule watches or when it triggers, shows that budget first; the rule is saved when the
administrator saves again with the settings they saw.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .. import clock
from ..models import AlertRule, CoachingProposal, Investigation, InvestigationNote
from ..services.alerts import alert_rule_budget
from .base import ViewOnlyAdmin

BUDGET_BUTTON = "_budget"
# The detection settings whose budget the administrator has seen, echoed back by the form.
BUDGET_SEEN = "_budget_seen"
# What decides how many investigations a rule opens; a change to anything else saves at once.
DETECTION_FIELDS = (
    "metric",
    "scope",
    "team",
    "is_active",
    "condition",
    "threshold",
    "periods",
    "run_length",
    "baseline_periods",
    "period",
)


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
    change_form_template = "admin/coaching/alertrule/change_form.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and BUDGET_BUTTON in request.POST:
            return self._budget_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and request.POST.get(BUDGET_SEEN) != self._settings_seen(request.POST):
            if self._changes_detection(request, object_id):
                return self._budget_view(request, object_id, form_url, {**(extra_context or {}), "confirm_save": True})
        return super().changeform_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _settings_seen(data) -> str:
        """The posted detection settings, as the form echoes them back once their budget was shown."""
        return "|".join(f"{name}={data.get(name, '')}" for name in DETECTION_FIELDS)

    def _changes_detection(self, request, object_id) -> bool:
        """Whether this save makes a rule or changes what it watches or when it triggers."""
        if not object_id:
            return True
        rule = self.get_object(request, unquote(object_id))
        if rule is None:
            return False  # the usual answer for a missing rule follows
        form = self.get_form(request, rule, change=True)(request.POST, instance=rule)
        return bool(set(form.changed_data) & set(DETECTION_FIELDS))

    def _budget_view(self, request, object_id, form_url, extra_context):
        """The form as filled in, with the budget of its settings below it; nothing is saved."""
        rule = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and rule is None:
            raise Http404(_("No such alert rule."))
        allowed = self.has_change_permission(request, rule) if rule else self.has_add_permission(request)
        if not allowed:
            raise PermissionDenied
        form = self.get_form(request, rule, change=rule is not None)(request.POST, instance=rule)
        budget = None
        if form.is_valid():
            fields = {name: value for name, value in form.cleaned_data.items() if name in self._rule_fields()}
            try:
                budget = alert_rule_budget(actor=request.user, today=clock.today(), rule=rule, **fields)
            except ValidationError as error:
                form.add_error(None, error)
        fieldsets = list(self.get_fieldsets(request, rule))
        admin_form = helpers.AdminForm(form, fieldsets, {}, self.get_readonly_fields(request, rule), model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change alert rule") if rule else _("Add alert rule"),
            "subtitle": str(rule) if rule else None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": rule,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            "budget": budget,
            "settings_seen": self._settings_seen(request.POST) if budget else "",
            **(extra_context or {}),
        }
        return self.render_change_form(
            request, context, add=rule is None, change=rule is not None, obj=rule, form_url=form_url
        )

    @staticmethod
    def _rule_fields() -> set[str]:
        return {field.name for field in AlertRule._meta.get_fields() if getattr(field, "editable", False)}


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
