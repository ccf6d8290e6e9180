"""The system policy: who sees the system status."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coaching.permissions import may_see_system_status

pytestmark = pytest.mark.django_db


def test_only_administrators_see_the_system_status(org):
    assert may_see_system_status(org.admin)
    for user in (org.manager_a, org.coach_a, org.agent_a1, AnonymousUser()):
        assert not may_see_system_status(user)
