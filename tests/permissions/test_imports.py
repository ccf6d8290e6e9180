"""The imports policy: who imports KPI data."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coaching.permissions import may_import

pytestmark = pytest.mark.django_db


def test_only_active_administrators_import(org):
    assert may_import(org.admin)
    for user in (org.manager_a, org.coach_a, org.agent_a1, AnonymousUser()):
        assert not may_import(user)
    org.admin.is_active = False
    assert not may_import(org.admin)
