"""The domain model, one module per concept; import every class from here."""

from .metrics import Aggregation, Direction, Metric, MetricKind, MetricUnit, MetricValue
from .org import Role, Team, TeamMembership, User

__all__ = (
    "Aggregation",
    "Direction",
    "Metric",
    "MetricKind",
    "MetricUnit",
    "MetricValue",
    "Role",
    "Team",
    "TeamMembership",
    "User",
)
