"""The domain model, one module per concept; import every class from here."""

from .goals import Goal, GoalAdjustment, GoalStatus, GoalTemplate
from .imports import ImportBatch, ImportSource, ImportStatus
from .metrics import Aggregation, Direction, Metric, MetricKind, MetricUnit, MetricValue
from .observations import (
    RATING_MAX,
    RATING_MIN,
    Behaviour,
    BehaviourRating,
    Channel,
    CoachingSession,
    DisputeStatus,
    Observation,
    ObservationMethod,
)
from .one_on_ones import ActionItem, AgendaItem, Expectation, OneOnOne
from .org import Role, Team, TeamMembership, User
from .rollups import MetricRollup, RollupPeriod

__all__ = (
    "RATING_MAX",
    "RATING_MIN",
    "ActionItem",
    "AgendaItem",
    "Aggregation",
    "Behaviour",
    "BehaviourRating",
    "Channel",
    "CoachingSession",
    "Direction",
    "DisputeStatus",
    "Expectation",
    "Goal",
    "GoalAdjustment",
    "GoalStatus",
    "GoalTemplate",
    "ImportBatch",
    "ImportSource",
    "ImportStatus",
    "Metric",
    "MetricKind",
    "MetricRollup",
    "MetricUnit",
    "MetricValue",
    "Observation",
    "ObservationMethod",
    "OneOnOne",
    "Role",
    "RollupPeriod",
    "Team",
    "TeamMembership",
    "User",
)
