"""URLs of the employee-experience-beside-customer-experience dashboards, mounted at ``ex/``."""

from django.urls import path

from ..views import ex

urlpatterns = [
    path("", ex.ex_organisation, name="ex-organisation"),
    path("teams/<int:team_id>/", ex.ex_team, name="ex-team"),
    path("compare/", ex.ex_compare, name="ex-compare"),
]
