"""API serializers, one module per concept; import every class from here.

Read serializers expose ids for references; input serializers check shape only and
leave every business rule to the services.
"""

from .errors import ErrorSerializer
from .goals import (
    GoalAdjustSerializer,
    GoalCloseSerializer,
    GoalCreatedSerializer,
    GoalCreateSerializer,
    GoalDetailSerializer,
    GoalSerializer,
    ProjectionSerializer,
    SmartCriterionSerializer,
)
from .observations import (
    BehaviourRatingSerializer,
    CoachingSessionCreateSerializer,
    CoachingSessionSerializer,
    ObservationCreateSerializer,
    ObservationSerializer,
)
from .one_on_ones import (
    ActionItemCreateSerializer,
    ActionItemDoneSerializer,
    ActionItemSerializer,
    ExpectationAcknowledgeSerializer,
    ExpectationSerializer,
    OneOnOneCreateSerializer,
    OneOnOneSerializer,
)
from .org import (
    AgentSerializer,
    BehaviourSerializer,
    MetricSerializer,
    MetricValueSerializer,
    TeamMetricValueSerializer,
    TeamSerializer,
)

__all__ = (
    "ActionItemCreateSerializer",
    "ActionItemDoneSerializer",
    "ActionItemSerializer",
    "AgentSerializer",
    "BehaviourRatingSerializer",
    "BehaviourSerializer",
    "CoachingSessionCreateSerializer",
    "CoachingSessionSerializer",
    "ErrorSerializer",
    "ExpectationAcknowledgeSerializer",
    "ExpectationSerializer",
    "GoalAdjustSerializer",
    "GoalCloseSerializer",
    "GoalCreateSerializer",
    "GoalCreatedSerializer",
    "GoalDetailSerializer",
    "GoalSerializer",
    "ProjectionSerializer",
    "MetricSerializer",
    "MetricValueSerializer",
    "TeamMetricValueSerializer",
    "ObservationCreateSerializer",
    "ObservationSerializer",
    "OneOnOneCreateSerializer",
    "OneOnOneSerializer",
    "SmartCriterionSerializer",
    "TeamSerializer",
)
