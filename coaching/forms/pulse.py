"""Forms for pulse surveys: defining a survey, and the one-minute answer form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PulseQuestionKind, PulseSchedule, Team
from .widgets import DateInput


class PulseSurveyForm(forms.Form):
    """A survey: its name, teams, schedule and three kinds of question."""

    name = forms.CharField(label=_("Name"), max_length=120)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to ask every team (administrators only)."),
    )
    schedule = forms.ChoiceField(label=_("Schedule"), choices=PulseSchedule.choices, initial=PulseSchedule.BIWEEKLY)
    starts_on = forms.DateField(label=_("First round opens on"), widget=DateInput)
    recommend_text = forms.CharField(
        label=_("Recommend question (0–10)"),
        max_length=300,
        initial=_("How likely are you to recommend working here to a friend?"),
    )
    statements = forms.CharField(
        label=_("Statements (1–5), one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        initial=_("I have the tools I need to do my job well.\nMy work is recognised."),
    )
    free_text = forms.CharField(
        label=_("Free-text question (optional)"),
        max_length=300,
        required=False,
        initial=_("What one thing would make your work better?"),
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams if teams is not None else Team.objects.none()

    def statement_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["statements"].splitlines() if line.strip()]


class PulseAnswerForm(forms.Form):
    """One field per question: the 0–10 and 1–5 scales as button groups, and the free text."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == PulseQuestionKind.TEXT:
                self.fields[name] = forms.CharField(
                    label=question.text, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
                )
            else:
                low, high = question.score_range()
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    coerce=int,
                    choices=[(score, str(score)) for score in range(low, high + 1)],
                    widget=forms.RadioSelect,
                )

    def answers(self) -> dict:
        """Question id → score or text, as ``services.pulse.pulse_answer`` takes them."""
        return {question.pk: self.cleaned_data[f"q{question.pk}"] for question in self.questions}

    def rows(self):
        """(question, bound field) in survey order, for the template."""
        return [(question, self[f"q{question.pk}"]) for question in self.questions]
