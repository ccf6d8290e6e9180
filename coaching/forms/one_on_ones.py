"""Forms for one-on-ones, their agenda and action items, and for setting and acknowledging expectations."""

from decimal import Decimal

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Layout, Row
from django import forms
from django.utils.formats import date_format
from django.utils.text import capfirst, format_lazy
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ..models import OneOnOne, User
from ..rules.expectations import target_needs_reason
from ..selectors.one_on_ones import ExpectationPlanRow
from ..services.expectations import ExpectationDraft
from .widgets import DateInput, DateTimeLocalInput

MOOD_SCALE = (
    (1, _("Struggling")),
    (2, _("Low")),
    (3, _("Okay")),
    (4, _("Good")),
    (5, _("Great")),
)


def _label(name: str):
    """The model field's verbose name, capitalised as a form label."""
    return capfirst(OneOnOne._meta.get_field(name).verbose_name)


class OneOnOneForm(forms.Form):
    """A one-on-one: who, when, the first agenda points, notes and how the agent feels."""

    agent = forms.ModelChoiceField(label=_("Agent"), queryset=User.objects.none())
    meeting_on = forms.DateTimeField(label=_label("meeting_on"), widget=DateTimeLocalInput)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One point per line. Action items still open from earlier one-on-ones are added by themselves."),
    )
    shared_notes = forms.CharField(
        label=_label("shared_notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The agent reads these."),
    )
    private_notes = forms.CharField(
        label=_label("private_notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you and administrators will ever see these: never the agent, never a coach."),
    )
    next_meeting_on = forms.DateTimeField(label=_label("next_meeting_on"), required=False, widget=DateTimeLocalInput)
    mood = forms.TypedChoiceField(
        label=_("How does the agent feel?"),
        # Lazy, so the labels follow the language of each request rather than the one at import.
        choices=[("", _("Not asked"))] + [(value, format_lazy("{} · {}", value, label)) for value, label in MOOD_SCALE],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, agents=None, include_private: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if agents is None:
            # Editing: the agent and the agenda are fixed by now; the agenda grows on the meeting's page.
            del self.fields["agent"], self.fields["agenda"]
        else:
            self.fields["agent"].queryset = agents.order_by("first_name", "last_name", "username")
        if not include_private:
            del self.fields["private_notes"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                *(Column(name, css_class="col-md-6") for name in ("agent", "meeting_on") if name in self.fields),
            ),
            *(name for name in ("agenda", "shared_notes") if name in self.fields),
            *(
                [Div("private_notes", css_class="private-notes border-start border-3 border-warning ps-3")]
                if include_private
                else []
            ),
            Row(Column("next_meeting_on", css_class="col-md-6")),
            InlineRadios("mood"),
        )

    def agenda_points(self) -> list[str]:
        """The agenda typed on creation, one point per non-empty line."""
        return [line.strip() for line in self.cleaned_data.get("agenda", "").splitlines() if line.strip()]


class AgendaItemForm(forms.Form):
    """One point to talk about."""

    text = forms.CharField(
        label=_("Add a point to talk about"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("E.g. my schedule next month")}),
    )


class ActionItemForm(forms.Form):
    """An action agreed in the meeting: what, who, by when."""

    description = forms.CharField(
        label=_("Action"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("What will be done")}),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput(attrs={"class": "form-control"}))

    def __init__(self, *args, one_on_one: OneOnOne, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(pk__in=[one_on_one.agent_id, one_on_one.manager_id])
        self.fields["owner"].initial = one_on_one.agent_id


class AcknowledgeForm(forms.Form):
    """The agent's acknowledgement of an expectation, with an optional comment."""

    comment = forms.CharField(
        label=_("Your comment (optional)"),
        required=False,
        widget=forms.Textarea(
            attrs={"class": "form-control", "rows": 2, "placeholder": _("Anything you want your manager to know")}
        ),
    )


class TeamGoalExpectationsForm(forms.Form):
    """Personal targets for the chosen agents of a team goal, and the motivators they share."""

    individual_motivator = forms.CharField(
        label=_("Individual reward"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What each agent gets for reaching their own target."),
    )
    team_motivator = forms.CharField(
        label=_("Team reward"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the whole team gets when the team goal is met."),
    )
    reward_timing = forms.CharField(
        label=_("When rewards come"), required=False, max_length=200, help_text=_("E.g. at the monthly team meeting.")
    )

    def __init__(self, *args, rows: list[ExpectationPlanRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            prefix = f"agent_{row.agent.pk}"
            self.fields[f"{prefix}_include"] = forms.BooleanField(
                label=str(row.agent),
                required=False,
                initial=True,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"{prefix}_target"] = forms.DecimalField(
                label=_("Personal target"),
                required=False,
                max_digits=14,
                decimal_places=4,
                initial=row.suggested,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "any"}),
            )
            self.fields[f"{prefix}_reason"] = forms.CharField(
                label=_("Why this target"),
                required=False,
                widget=forms.Textarea(
                    attrs={
                        "class": "form-control form-control-sm",
                        "rows": 1,
                        "placeholder": _("Required if you change it"),
                    }
                ),
            )
            self.fields[f"{prefix}_one_on_one"] = forms.TypedChoiceField(
                label=_("Agreed in"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("Not yet"))]
                + [
                    (meeting.pk, date_format(localtime(meeting.meeting_on), "SHORT_DATE_FORMAT"))
                    for meeting in row.one_on_ones
                ],
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("individual_motivator", css_class="col-md-5"),
                Column("team_motivator", css_class="col-md-5"),
                Column("reward_timing", css_class="col-md-2"),
            )
        )

    def agent_fields(self) -> list[dict]:
        """Per agent: their plan row and the bound fields of their line in the table."""
        return [
            {
                "row": row,
                **{
                    part: self[f"agent_{row.agent.pk}_{part}"] for part in ("include", "target", "reason", "one_on_one")
                },
            }
            for row in self.rows
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = 0
        for row in self.rows:
            prefix = f"agent_{row.agent.pk}"
            if not cleaned.get(f"{prefix}_include"):
                continue
            chosen += 1
            target = cleaned.get(f"{prefix}_target")
            if target is None:
                if f"{prefix}_target" not in self.errors:
                    self.add_error(f"{prefix}_target", _("Set a target or leave the agent out."))
                continue
            if (
                target_needs_reason(target=target, suggested=row.suggested)
                and not cleaned.get(f"{prefix}_reason", "").strip()
            ):
                self.add_error(f"{prefix}_reason", _("Say why the target differs from the suggested one."))
        if not chosen:
            raise forms.ValidationError(_("Choose at least one agent."))
        return cleaned

    def drafts(self) -> list[ExpectationDraft]:
        """One draft per chosen agent, with the suggestion the target is compared with."""
        drafts = []
        for row in self.rows:
            prefix = f"agent_{row.agent.pk}"
            if not self.cleaned_data.get(f"{prefix}_include"):
                continue
            meetings = {meeting.pk: meeting for meeting in row.one_on_ones}
            drafts.append(
                ExpectationDraft(
                    agent=row.agent,
                    target=Decimal(self.cleaned_data[f"{prefix}_target"]),
                    suggested_target=row.suggested,
                    target_reason=self.cleaned_data.get(f"{prefix}_reason", ""),
                    one_on_one=meetings.get(self.cleaned_data.get(f"{prefix}_one_on_one")),
                )
            )
        return drafts
