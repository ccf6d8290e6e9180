"""The observations policy: whom a user may observe and hold coaching sessions with."""

import pytest

from coaching.permissions import agents_coachable_by

pytestmark = pytest.mark.django_db


def test_only_coaches_managers_and_admins_have_agents_to_coach(org):
    assert {a.username for a in agents_coachable_by(org.coach_a)} == {"agent_a1", "agent_a2"}
    assert {a.username for a in agents_coachable_by(org.manager_b)} == {"agent_b1"}
    assert agents_coachable_by(org.admin).count() == 3
    assert not agents_coachable_by(org.agent_a1).exists()
