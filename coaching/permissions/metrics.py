"""Metrics (KPI definitions): who configures them, such as which metric plays which role."""

from ..models import User


def may_configure_metrics(user: User) -> bool:
    """Whether ``user`` configures metrics (which metric plays which role): administrators only."""
    return user.is_authenticated and user.is_active and user.is_administrator
