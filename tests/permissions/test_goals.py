"""The goals policy: who sets goals at all."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coaching.permissions import may_set_goals

pytestmark = pytest.mark.django_db


def test_administrators_and_managers_of_a_team_set_goals(org):
    assert may_set_goals(org.admin)
    assert may_set_goals(org.manager_a)


def test_coaches_agents_and_managers_without_a_team_set_no_goals(org):
    assert not may_set_goals(org.coach_a)
    assert not may_set_goals(org.agent_a1)
    assert not may_set_goals(AnonymousUser())
    org.team_b.managers.remove(org.manager_b)
    assert not may_set_goals(org.manager_b)
