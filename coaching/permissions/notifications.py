"""Notifications: a person reads their own, and nobody reads anyone else's."""

from django.db.models import F, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Notification, Role, User


def notifications_of(user: User) -> QuerySet[Notification]:
    """``user``'s own notifications, unread first, newest first; nobody reads anyone else's."""
    if not user.is_authenticated or not user.is_active:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def get_notification_or_404(user: User, notification_id) -> Notification:
    """``user``'s own notification with ``notification_id``; another person's is a 404 like a missing one."""
    try:
        return notifications_of(user).get(pk=notification_id)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such notification.")) from None


def may_receive_weekly_digest(user: User) -> bool:
    """Whether the weekly digest of teams, goals and investigations is meant for ``user``: managers only."""
    return user.is_authenticated and user.role == Role.MANAGER
