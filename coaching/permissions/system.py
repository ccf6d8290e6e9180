"""The system itself: who sees how the application runs (database, cache, background worker)."""

from ..models import User


def may_see_system_status(user: User) -> bool:
    """Whether ``user`` sees the system status page: administrators only."""
    return user.is_authenticated and user.is_active and user.is_administrator
