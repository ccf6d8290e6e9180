"""Forms of the investigation workflow: a note of a conversation, the resolution, dismissing a proposal."""

from django import forms
from django.utils.translation import gettext_lazy as _


class InvestigationNoteForm(forms.Form):
    """A note of a conversation held with the people involved."""

    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Who you talked to and what you heard.")
    )


class InvestigationResolveForm(forms.Form):
    """What was found and what will be done."""

    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))
    actions = forms.CharField(label=_("Actions"), widget=forms.Textarea(attrs={"rows": 3}))


class ProposalDismissForm(forms.Form):
    """Why the proposed coaching session is not needed."""

    reason = forms.CharField(label=_("Why not"), widget=forms.Textarea(attrs={"rows": 2}))
