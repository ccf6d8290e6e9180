"""URLs of investigations and of the coaching sessions alert rules propose; mounted at ``investigations/``."""

from django.urls import path

from ..views import alerts

urlpatterns = [
    path("", alerts.investigation_list, name="investigation-list"),
    path("<int:investigation_id>/", alerts.investigation_detail, name="investigation-detail"),
    path("<int:investigation_id>/notes/", alerts.investigation_note_add, name="investigation-note-add"),
    path("<int:investigation_id>/resolve/", alerts.investigation_resolve, name="investigation-resolve"),
    path("proposals/", alerts.proposal_list, name="proposal-list"),
    path("proposals/<int:proposal_id>/accept/", alerts.proposal_accept, name="proposal-accept"),
    path("proposals/<int:proposal_id>/dismiss/", alerts.proposal_dismiss, name="proposal-dismiss"),
]
