"""URLs of the notification centre and email preferences (mounted at ``notifications/``)."""

from django.urls import path

from ..views import notifications

urlpatterns = [
    path("", notifications.notification_list, name="notification-list"),
    path("<int:notification_id>/read/", notifications.notification_read, name="notification-read"),
    path("read-all/", notifications.notification_read_all, name="notification-read-all"),
    path("preferences/", notifications.notification_preferences, name="notification-preferences"),
]
