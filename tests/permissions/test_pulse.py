"""The pulse policy: who surveys every team, who answers, and whose survey is a 404."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from coaching.permissions import get_survey_or_404, may_answer_pulse_surveys, may_survey_every_team
from tests.services.test_pulse import make_survey

pytestmark = pytest.mark.django_db


def test_only_administrators_survey_every_team(org):
    assert may_survey_every_team(org.admin)
    for user in (org.manager_a, org.coach_a, org.agent_a1, AnonymousUser()):
        assert not may_survey_every_team(user)


def test_only_active_agents_answer_pulse_surveys(org):
    assert may_answer_pulse_surveys(org.agent_a1)
    for user in (org.manager_a, org.coach_a, org.admin, AnonymousUser()):
        assert not may_answer_pulse_surveys(user)
    org.agent_a1.is_active = False
    assert not may_answer_pulse_surveys(org.agent_a1)


def test_a_survey_of_another_team_is_a_404_like_a_missing_one(org):
    survey = make_survey(org.admin, teams=[org.team_a])
    assert get_survey_or_404(org.manager_a, survey.pk) == survey
    assert get_survey_or_404(org.coach_a, survey.pk) == survey
    for user, survey_id in ((org.manager_b, survey.pk), (org.agent_a1, survey.pk), (org.manager_a, 999_999)):
        with pytest.raises(Http404):
            get_survey_or_404(user, survey_id)
