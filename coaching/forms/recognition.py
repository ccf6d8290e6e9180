"""The form to recognise an agent: who, for which company value, and what they did."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CompanyValue, User


class RecognitionForm(forms.Form):
    """An agent the user may recognise, one of the current values and a message."""

    agent = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Agent"))
    value = forms.ModelChoiceField(
        queryset=CompanyValue.objects.none(), label=_("Value"), widget=forms.RadioSelect, empty_label=None
    )
    message = forms.CharField(
        label=_("What they did"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Be specific: the call, the customer, what made the difference."),
    )

    def __init__(self, *args, agents, values, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents
        self.fields["value"].queryset = values
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Recognise")))
