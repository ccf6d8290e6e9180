"""URLs of pulse surveys, mounted at ``pulse/``."""

from django.urls import path

from ..views import pulse

urlpatterns = [
    path("", pulse.pulse_index, name="pulse-index"),
    path("new/", pulse.pulse_survey_create, name="pulse-survey-create"),
    path("<int:survey_id>/", pulse.pulse_survey_results, name="pulse-survey-results"),
    path("<int:survey_id>/results.csv", pulse.pulse_survey_results_export, name="pulse-survey-results-export"),
    path("rounds/<int:round_id>/answer/", pulse.pulse_answer, name="pulse-answer"),
]
