"""URLs of the Coaching pages, one module per step of the cycle."""

from django.urls import include, path

from ..views import agents, home, system, teams

urlpatterns = [
    path("", home.home, name="home"),
    path("agents/", agents.agent_list, name="agent-list"),
    path("agents/<int:agent_id>/", agents.agent_detail, name="agent-detail"),
    path("teams/<int:team_id>/", teams.team_detail, name="team-detail"),
    path("system/", system.system_status, name="system-status"),
    path("goals/", include("coaching.urls.goals")),
    path("one-on-ones/", include("coaching.urls.one_on_ones")),
    path("observations/", include("coaching.urls.observations")),
    path("investigations/", include("coaching.urls.alerts")),
    path("pulse/", include("coaching.urls.pulse")),
    path("recognition/", include("coaching.urls.recognition")),
    path("notifications/", include("coaching.urls.notifications")),
    path("ex/", include("coaching.urls.ex")),
    path("imports/", include("coaching.urls.imports")),
]
