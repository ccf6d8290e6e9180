"""URLs of step 3, under ``observations/``: observations, disputes, coaching sessions, the behaviour catalogue."""

from django.urls import path

from ..views import behaviours, coaching_sessions, observations

urlpatterns = [
    path("", observations.observation_list, name="observation-list"),
    path("new/", observations.observation_create, name="observation-create"),
    path("<int:observation_id>/", observations.observation_detail, name="observation-detail"),
    path("<int:observation_id>/acknowledge/", observations.observation_acknowledge, name="observation-acknowledge"),
    path("<int:observation_id>/ratings/<int:rating_id>/dispute/", observations.rating_dispute, name="rating-dispute"),
    path("<int:observation_id>/ratings/<int:rating_id>/answer/", observations.rating_resolve, name="rating-resolve"),
    path("sessions/", coaching_sessions.session_list, name="session-list"),
    path("sessions/new/", coaching_sessions.session_create, name="session-create"),
    path("sessions/<int:session_id>/", coaching_sessions.session_detail, name="session-detail"),
    path("behaviours/", behaviours.behaviour_list, name="behaviour-list"),
]
