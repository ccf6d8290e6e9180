"""Template context of the navbar's notification badge: how many unread notifications the user has."""

from django.utils.functional import SimpleLazyObject

from .selectors.notifications import unread_count


def notifications_unread(request):
    """``notifications_unread``: the signed-in user's unread count, counted only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": 0}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
