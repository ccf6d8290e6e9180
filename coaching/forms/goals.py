"""Forms for goals and goal templates."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from .. import clock
from ..models import GoalStatus, Metric, Role, TargetKind, User, per_team_message
from ..permissions import agents_visible_to, teams_visible_to
from ..selectors.org import current_members
from .widgets import DateInput

DEFAULT_GOAL_DAYS = 90


class GoalForm(forms.Form):
    """A new goal for a team or one agent; the baseline is computed, not typed."""

    SCOPE_TEAM, SCOPE_AGENT = "team", "agent"
    scope = forms.ChoiceField(
        label=_("For"),
        choices=[(SCOPE_TEAM, _("A team")), (SCOPE_AGENT, _("One agent"))],
        widget=forms.RadioSelect,
        initial=SCOPE_TEAM,
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    agent = forms.ModelChoiceField(label=_("Agent"), queryset=None, required=False)
    metric = forms.ModelChoiceField(label=_("Metric"), queryset=Metric.objects.filter(is_active=True))
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("What exactly is measured"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("E.g. first-contact resolution on billing calls, from the ACD export."),
    )
    objective = forms.CharField(
        label=_("Business objective"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Why it matters: the business result this goal serves."),
    )
    target = forms.DecimalField(
        label=_("Target"),
        max_digits=14,
        decimal_places=4,
        help_text=_("In the metric's unit: seconds, percent, score."),
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput)
    due_date = forms.DateField(label=_("Due"), widget=DateInput)
    activate = forms.BooleanField(
        label=_("Make it active now if every SMART criterion passes"), required=False, initial=True
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        self.fields["team"].queryset = teams_visible_to(user).order_by("name")
        self.fields["agent"].queryset = agents_visible_to(user).order_by("first_name", "last_name")
        self.fields["start_date"].initial = today
        self.fields["due_date"].initial = today + datetime.timedelta(days=DEFAULT_GOAL_DAYS)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "scope",
            Row(Column("team", css_class="col-md-6"), Column("agent", css_class="col-md-6")),
            Row(Column("metric", css_class="col-md-6"), Column("target", css_class="col-md-6")),
            "title",
            "description",
            "objective",
            Row(Column("start_date", css_class="col-md-6"), Column("due_date", css_class="col-md-6")),
            "activate",
        )

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        if scope == self.SCOPE_TEAM and not cleaned.get("team"):
            self.add_error("team", _("Choose the team this goal is for."))
        if scope == self.SCOPE_AGENT and not cleaned.get("agent"):
            self.add_error("agent", _("Choose the agent this goal is for."))
        if scope == self.SCOPE_TEAM:
            cleaned["agent"] = None
        elif scope == self.SCOPE_AGENT:
            cleaned["team"] = None
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due <= start:
            self.add_error("due_date", _("The due date must come after the start date."))
        metric, target = cleaned.get("metric"), cleaned.get("target")
        if scope == self.SCOPE_AGENT and metric and metric.per_team:
            self.add_error("metric", per_team_message(metric))
        if metric and target is not None and not metric.is_within_range(target):
            self.add_error(
                "target",
                _("Outside the metric's valid range (%(low)s to %(high)s).")
                % {"low": metric.min_value, "high": metric.max_value},
            )
        return cleaned


class GoalAdjustForm(forms.Form):
    """A new target and/or due date, with the reason."""

    target = forms.DecimalField(label=_("New target"), max_digits=14, decimal_places=4, required=False)
    due_date = forms.DateField(label=_("New due date"), widget=DateInput, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class GoalCloseForm(forms.Form):
    """Close a goal as achieved, missed or cancelled."""

    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (GoalStatus.ACHIEVED, GoalStatus.ACHIEVED.label),
            (GoalStatus.MISSED, GoalStatus.MISSED.label),
            (GoalStatus.CANCELLED, GoalStatus.CANCELLED.label),
        ],
    )
    review_note = forms.CharField(label=_("Review note"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class TemplateApplyForm(forms.Form):
    """Apply a goal template to a whole team or to chosen agents."""

    team = forms.ModelChoiceField(
        label=_("Whole team"), queryset=None, required=False, help_text=_("Every agent in the team today.")
    )
    agents = forms.ModelMultipleChoiceField(
        label=_("Or chosen agents"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_visible_to(user).order_by("name")
        self.fields["agents"].queryset = agents_visible_to(user).order_by("first_name", "last_name")
        self.fields["start_date"].initial = clock.today()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("team") and not cleaned.get("agents"):
            raise forms.ValidationError(_("Choose a team or at least one agent."))
        return cleaned

    def chosen_agents(self) -> list[User]:
        """The agents the template goes to: the team's current agents, or the chosen ones."""
        if self.cleaned_data.get("team"):
            return list(current_members(self.cleaned_data["team"]).filter(role=Role.AGENT))
        return list(self.cleaned_data["agents"])


class TemplateNameForm(forms.Form):
    """The name of a template saved from a goal, and how it sets each agent's target."""

    name = forms.CharField(label=_("Template name"), max_length=160)
    target_kind = forms.ChoiceField(
        label=_("Target for each agent"),
        choices=TargetKind.choices,
        initial=TargetKind.ABSOLUTE,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    improvement = forms.DecimalField(
        label=_("Improvement on each agent's baseline"),
        max_digits=14,
        decimal_places=4,
        required=False,
        min_value=0,
        help_text=_("In the metric's unit, counted in the better direction (less time for handle time)."),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["target_kind"] = cleaned.get("target_kind") or TargetKind.ABSOLUTE
        if cleaned["target_kind"] == TargetKind.IMPROVEMENT and not cleaned.get("improvement"):
            raise forms.ValidationError({"improvement": _("Give the improvement on each agent's baseline.")})
        return cleaned
