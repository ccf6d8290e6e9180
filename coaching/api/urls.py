"""URLs of the REST API, mounted at ``/api/v1/``: one route per resource, plus the import endpoints."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .views.alerts import register as register_alerts
from .views.goals import GoalTemplateViewSet, GoalViewSet
from .views.imports import ImportBatchRetryView, ImportBatchStatusView, MetricValueImportView
from .views.observations import CoachingSessionViewSet, ObservationViewSet
from .views.one_on_ones import ActionItemViewSet, ExpectationViewSet, OneOnOneViewSet
from .views.org import (
    AgentViewSet,
    BehaviourViewSet,
    MetricValueViewSet,
    MetricViewSet,
    TeamMetricValueViewSet,
    TeamViewSet,
)
from .views.people import register as register_people
from .views.pulse import register as register_pulse
from .views.recognition import register as register_recognition

router = DefaultRouter()
router.register("teams", TeamViewSet, basename="api-team")
router.register("agents", AgentViewSet, basename="api-agent")
router.register("metrics", MetricViewSet, basename="api-metric")
router.register("metric-values", MetricValueViewSet, basename="api-metric-value")
router.register("team-metric-values", TeamMetricValueViewSet, basename="api-team-metric-value")
router.register("goals", GoalViewSet, basename="api-goal")
router.register("goal-templates", GoalTemplateViewSet, basename="api-goal-template")
router.register("expectations", ExpectationViewSet, basename="api-expectation")
router.register("one-on-ones", OneOnOneViewSet, basename="api-one-on-one")
router.register("action-items", ActionItemViewSet, basename="api-action-item")
router.register("behaviours", BehaviourViewSet, basename="api-behaviour")
router.register("observations", ObservationViewSet, basename="api-observation")
router.register("coaching-sessions", CoachingSessionViewSet, basename="api-coaching-session")

register_alerts(router)
register_people(router)
register_pulse(router)
register_recognition(router)

urlpatterns = [
    # Before the resource routes, which would take "metric-values/import/" for a value's id.
    path("metric-values/import/", MetricValueImportView.as_view(), name="api-metric-value-import"),
    path("imports/<int:batch_id>/", ImportBatchStatusView.as_view(), name="api-import-status"),
    path("imports/<int:batch_id>/retry/", ImportBatchRetryView.as_view(), name="api-import-retry"),
    path("", include(router.urls)),
]
