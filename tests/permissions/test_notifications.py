"""The notifications policy: a person reads only their own; the weekly digest is meant for managers."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from coaching.models import NotificationKind
from coaching.permissions import get_notification_or_404, may_receive_weekly_digest
from coaching.services.notifications import notification_send

pytestmark = pytest.mark.django_db


def test_the_weekly_digest_is_meant_for_managers_only(org):
    assert may_receive_weekly_digest(org.manager_a)
    for user in (org.admin, org.coach_a, org.agent_a1, AnonymousUser()):
        assert not may_receive_weekly_digest(user)


def test_nobody_opens_another_persons_notification_by_id(org):
    notification = notification_send(
        recipient=org.agent_a1, kind=NotificationKind.RECOGNITION_RECEIVED, title="Well done"
    )
    assert get_notification_or_404(org.agent_a1, notification.pk) == notification
    for outsider in (org.agent_a2, org.manager_a, org.admin):
        with pytest.raises(Http404):
            get_notification_or_404(outsider, notification.pk)
