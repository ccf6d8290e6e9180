"""Forms of step 3: observations with a rating per behaviour, disputes and their answers, coaching sessions.

Validation and crispy layout only; the rules themselves live in the services, which the
views call with ``cleaned_data``.
"""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .. import clock
from ..models import RATING_MAX, RATING_MIN, Behaviour, CoachingSession, Observation, ObservationMethod, User
from ..permissions import agents_coachable_by, agents_visible_to, may_see_only_own_records
from ..selectors.observations import active_behaviours, goals_for_agent
from ..services.observations import RatingInput
from .widgets import DateInput, DateTimeLocalInput

SCALE_CHOICES = [(score, str(score)) for score in range(RATING_MIN, RATING_MAX + 1)]


def agent_label(agent: User) -> str:
    """An agent as picked from a list: name and employee id."""
    return f"{agent} · {agent.employee_id}" if agent.employee_id else str(agent)


def goal_label(goal) -> str:
    """A goal as picked from a list: title, metric and due date."""
    return f"{goal.title} · {goal.metric.code} · {goal.due_date:%Y-%m-%d}"


def _refresh_goals_on_agent_change(field: forms.Field, url: str, target: str) -> None:
    """Reload only the goal choices (``target``) when the agent changes; the rest of the form keeps its input."""
    field.widget.attrs.update(
        {
            "hx-get": url,
            "hx-trigger": "change",
            "hx-target": target,
            "hx-select": target,
            "hx-swap": "outerHTML",
        }
    )


def _chosen_agent(form: forms.Form, agents, preselected: User | None) -> User | None:
    """The agent the goal choices are for: the one posted, else the one preselected in the address."""
    if form.is_bound:
        try:
            return agents.get(pk=form.data.get(form.add_prefix("agent")))
        except (User.DoesNotExist, ValueError, TypeError):
            return None
    return preselected


class ObservationForm(forms.ModelForm):
    """The interaction observed and how; the ratings come in a ``RatingFormSet`` beside it."""

    recording_url = forms.URLField(
        label=capfirst(Observation._meta.get_field("recording_url").verbose_name), required=False, assume_scheme="https"
    )

    class Meta:
        model = Observation
        fields = (
            "agent",
            "observed_at",
            "channel",
            "interaction_id",
            "recording_url",
            "method",
            "summary",
            "goal",
            "shared_with_agent",
        )
        widgets = {
            "observed_at": DateTimeLocalInput,
            "method": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("What went well, what to work on next; the agent reads this if you share it."),
            "shared_with_agent": _("The agent sees the observation and can acknowledge it or dispute a rating."),
        }

    def __init__(self, *args, user: User, agent: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        agents = agents_coachable_by(user)
        self.fields["agent"].queryset = agents
        self.fields["agent"].label_from_instance = agent_label
        self.fields["agent"].empty_label = _("Choose an agent")
        self.fields["method"].choices = ObservationMethod.choices
        chosen = _chosen_agent(self, agents, agent)
        if not self.is_bound:
            self.initial.setdefault("observed_at", clock.local_now().replace(second=0, microsecond=0))
            if agent is not None:
                self.initial["agent"] = agent.pk
        goal = self.fields["goal"]
        goal.queryset = goals_for_agent(user, chosen) if chosen else goal.queryset.none()
        goal.label_from_instance = goal_label
        goal.empty_label = _("No goal")
        chosen_help = _("The agent's or their team's goal this observation serves.")
        goal.help_text = chosen_help if chosen else _("Choose the agent to see their goals.")
        _refresh_goals_on_agent_change(self.fields["agent"], reverse("observation-create"), "#div_id_goal")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("agent", css_class="col-md-7"), Column("observed_at", css_class="col-md-5")),
            Row(
                Column("channel", css_class="col-md-3"),
                Column("interaction_id", css_class="col-md-4"),
                Column("recording_url", css_class="col-md-5"),
            ),
            InlineRadios("method"),
            "summary",
            "goal",
            "shared_with_agent",
        )


class RatingForm(forms.Form):
    """One behaviour of the catalogue: a score on the scale, or left blank when not observed."""

    behaviour = forms.ModelChoiceField(queryset=Behaviour.objects.none(), widget=forms.HiddenInput)
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[("", _("Not observed")), *SCALE_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "class": "form-control form-control-sm",
                "placeholder": _("What you heard; what good would sound like"),
            }
        ),
    )

    def __init__(self, *args, behaviours: list[Behaviour], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behaviour"].queryset = Behaviour.objects.filter(pk__in=[b.pk for b in behaviours])
        chosen = self.data.get(self.add_prefix("behaviour")) if self.is_bound else self.initial.get("behaviour")
        self.behaviour_obj = next((b for b in behaviours if str(b.pk) == str(chosen)), None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("comment", "").strip() and cleaned.get("score") is None:
            self.add_error("score", _("Give a score to the behaviour you commented on, or clear the comment."))
        return cleaned


class BaseRatingFormSet(forms.BaseFormSet):
    """One ``RatingForm`` per active behaviour; at least one must be scored."""

    def __init__(self, *args, behaviours: list[Behaviour], **kwargs):
        self.behaviours = list(behaviours)
        kwargs.setdefault("initial", [{"behaviour": behaviour.pk} for behaviour in self.behaviours])
        kwargs.setdefault("prefix", "ratings")
        super().__init__(*args, form_kwargs={"behaviours": self.behaviours}, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        rated = [form.cleaned_data for form in self.forms if form.cleaned_data.get("score") is not None]
        if not rated:
            raise ValidationError(_("Rate at least one behaviour you observed; leave the others blank."))
        behaviour_ids = [data["behaviour"].pk for data in rated]
        if len(set(behaviour_ids)) != len(behaviour_ids):
            raise ValidationError(_("Rate each behaviour once."))

    def rating_inputs(self) -> list[RatingInput]:
        """The scored behaviours, for ``observation_create``."""
        return [
            RatingInput(behaviour=data["behaviour"], score=data["score"], comment=data.get("comment", ""))
            for data in (form.cleaned_data for form in self.forms)
            if data.get("score") is not None
        ]


RatingFormSet = forms.formset_factory(RatingForm, formset=BaseRatingFormSet, extra=0)


def rating_formset(data=None) -> BaseRatingFormSet:
    """The rating formset over today's catalogue."""
    return RatingFormSet(data, behaviours=list(active_behaviours()))


class ListFilterForm(forms.Form):
    """The filters above a list, read from the query string."""

    def filters(self) -> dict:
        """The chosen filters, or none when the input is not valid."""
        return {name: value for name, value in self.cleaned_data.items() if value} if self.is_valid() else {}


class ObservationFilterForm(ListFilterForm):
    """Narrow the observation list to one agent, one behaviour or open disputes."""

    agent = forms.ModelChoiceField(
        label=_("Agent"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    behaviour = forms.ModelChoiceField(
        label=_("Behaviour"),
        queryset=Behaviour.objects.all(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    open_disputes = forms.BooleanField(
        label=_("Open disputes only"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents_visible_to(user).order_by("first_name", "last_name")
        self.fields["agent"].empty_label = _("All agents")
        self.fields["behaviour"].empty_label = _("All behaviours")
        if may_see_only_own_records(user):
            del self.fields["agent"]


class DisputeForm(forms.Form):
    """The agent's reason for disputing a rating."""

    comment = forms.CharField(
        label=_("Why do you disagree?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your coach reads this and answers; the dispute and the answer stay on the record."),
    )


class DisputeAnswerForm(forms.Form):
    """The coach's answer to a dispute: keep the rating or change it, and why."""

    KEEP, CHANGE = "keep", "change"
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(KEEP, _("Keep the rating")), (CHANGE, _("Change the rating"))],
        widget=forms.RadioSelect,
        initial=KEEP,
    )
    new_score = forms.TypedChoiceField(
        label=_("New score"),
        choices=[("", "—"), *SCALE_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only when you change the rating."),
    )
    response = forms.CharField(label=_("Your answer to the agent"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, rating, **kwargs):
        super().__init__(*args, **kwargs)
        self.rating = rating

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == self.CHANGE:
            if cleaned.get("new_score") is None:
                self.add_error("new_score", _("Choose the new score."))
            elif cleaned["new_score"] == self.rating.score:
                self.add_error("new_score", _("Choose a different score, or keep the rating."))
        return cleaned

    def new_score_or_none(self) -> int | None:
        """The new score when the coach changes the rating; ``None`` when they keep it."""
        return self.cleaned_data["new_score"] if self.cleaned_data["outcome"] == self.CHANGE else None


class CoachingSessionForm(forms.ModelForm):
    """A coaching session: who, when, the behaviours and goals in focus, what was agreed."""

    class Meta:
        model = CoachingSession
        fields = (
            "agent",
            "held_on",
            "behaviours",
            "goals",
            "notes",
            "agreed_actions",
            "agent_commitment",
            "follow_up_on",
        )
        widgets = {
            "held_on": DateInput,
            "follow_up_on": DateInput,
            "behaviours": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "agreed_actions": forms.Textarea(attrs={"rows": 3}),
            "agent_commitment": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "agreed_actions": _("One per line: what the agent will try, and what you will do to help."),
            "agent_commitment": _("Write it as the agent said it."),
            "follow_up_on": _("When you will check, together, whether it worked."),
        }

    def __init__(self, *args, user: User, agent: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        agents = agents_coachable_by(user)
        self.fields["agent"].queryset = agents
        self.fields["agent"].label_from_instance = agent_label
        self.fields["agent"].empty_label = _("Choose an agent")
        self.fields["behaviours"].queryset = active_behaviours()
        chosen = _chosen_agent(self, agents, agent)
        if not self.is_bound:
            self.initial.setdefault("held_on", clock.today())
            if agent is not None:
                self.initial["agent"] = agent.pk
        goals = self.fields["goals"]
        goals.queryset = goals_for_agent(user, chosen) if chosen else goals.queryset.none()
        goals.label_from_instance = goal_label
        goals.help_text = "" if chosen else _("Choose the agent to see their goals.")
        _refresh_goals_on_agent_change(self.fields["agent"], reverse("session-create"), "#div_id_goals")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("agent", css_class="col-md-7"), Column("held_on", css_class="col-md-5")),
            Row(Column("behaviours", css_class="col-md-6"), Column("goals", css_class="col-md-6")),
            "notes",
            "agreed_actions",
            "agent_commitment",
            Row(Column("follow_up_on", css_class="col-md-5")),
        )

    def clean(self):
        cleaned = super().clean()
        held_on, follow_up_on = cleaned.get("held_on"), cleaned.get("follow_up_on")
        if held_on and follow_up_on and follow_up_on < held_on:
            self.add_error("follow_up_on", _("The follow-up cannot come before the session."))
        return cleaned


class SessionFilterForm(ListFilterForm):
    """Narrow the session list to one agent."""

    agent = forms.ModelChoiceField(
        label=_("Agent"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents_visible_to(user).order_by("first_name", "last_name")
        self.fields["agent"].empty_label = _("All agents")
