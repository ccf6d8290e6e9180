"""URLs of recognition: the team wall and recognising an agent (mounted at ``recognition/``)."""

from django.urls import path

from ..views import recognition

urlpatterns = [
    path("", recognition.recognition_wall, name="recognition-wall"),
    path("new/", recognition.recognition_create, name="recognition-create"),
]
