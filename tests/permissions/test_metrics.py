"""The metrics policy: who configures metrics."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coaching.permissions import may_configure_metrics

pytestmark = pytest.mark.django_db


def test_only_active_administrators_configure_metrics(org):
    assert may_configure_metrics(org.admin)
    for user in (org.manager_a, org.coach_a, org.agent_a1, AnonymousUser()):
        assert not may_configure_metrics(user)
    org.admin.is_active = False
    assert not may_configure_metrics(org.admin)
