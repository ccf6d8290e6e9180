"""The system itself: who sees how the application runs (database, cache, background worker) and the API's docs."""

from django.conf import settings

from ..models import User


def may_see_system_status(user: User) -> bool:
    """Whether ``user`` sees the system status page: administrators only."""
    return user.is_authenticated and user.is_active and user.is_administrator


def may_read_api_docs(user: User) -> bool:
    """Whether ``user`` reads the OpenAPI schema and the interactive API docs.

    Anyone signed in (a session or a token); anyone at all when ``COACHING_PUBLIC_API_DOCS``
    is on. The schema names every endpoint and field, which an outsider has no need to know.
    """
    if settings.COACHING_PUBLIC_API_DOCS:
        return True
    return bool(user and user.is_authenticated and user.is_active)
