"""The browser's own date and date-and-time pickers.

Their values are always written in ISO form, whatever the page's language: a picker
cannot read a localised date such as 17.02.2027 and would show up empty. Django's date
fields accept the ISO form in every language.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    """The browser's date picker."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_LOCAL)
