"""Date pickers keep their value in every language: the browser only reads ISO dates."""

import datetime

import pytest
from django.utils import translation

from coaching.forms.goals import GoalAdjustForm
from coaching.forms.widgets import DateTimeLocalInput

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["de", "es", "it", "zh-hans"])
def test_a_date_picker_shows_its_date_in_iso_form_in_every_language(language):
    with translation.override(language):
        html = str(GoalAdjustForm(initial={"due_date": datetime.date(2027, 2, 17)})["due_date"])
    assert 'type="date"' in html and 'value="2027-02-17"' in html
    with translation.override(language):
        picker = DateTimeLocalInput().render("meeting_on", datetime.datetime(2027, 2, 17, 9, 30))
    assert 'type="datetime-local"' in picker and 'value="2027-02-17T09:30"' in picker


def test_a_localised_page_still_takes_the_iso_date_the_picker_sends():
    with translation.override("de"):
        form = GoalAdjustForm(data={"due_date": "2027-02-17", "target": "", "reason": "Mehr Zeit"})
        form.is_valid()
    assert form.cleaned_data["due_date"] == datetime.date(2027, 2, 17)
