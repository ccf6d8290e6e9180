"""Celery tasks of notifications: the email of one notification, the reminders due and the weekly digest.

``BEAT_SCHEDULE`` at the bottom lists the periodic ones, to merge into ``CELERY_BEAT_SCHEDULE``.
Settings import this module before Django is set up, so the services are imported inside
each task rather than at the top.
"""

from celery import shared_task
from celery.schedules import crontab


@shared_task(name="coaching.notification_email")
def notification_email(notification_id: int) -> bool:
    """Email one notification to its recipient, if they still want it and it was not emailed yet."""
    from .services.notifications import notification_email_send

    return notification_email_send(notification_id=notification_id)


@shared_task(name="coaching.notifications_due")
def notifications_due() -> int:
    """Send the reminders due now (one-on-ones soon, follow-ups and action items due); each only once."""
    from .services.notifications import notifications_send_due

    return notifications_send_due()


@shared_task(name="coaching.notifications_weekly_digest")
def notifications_weekly_digest() -> int:
    """Send each manager the weekly digest of their teams, once per week."""
    from .services.notifications import weekly_digests_send

    return weekly_digests_send()


BEAT_SCHEDULE = {
    "coaching-notifications-due": {
        "task": "coaching.notifications_due",
        "schedule": crontab(minute=5),  # hourly, so a one-on-one is announced about a day ahead
    },
    "coaching-notifications-weekly-digest": {
        "task": "coaching.notifications_weekly_digest",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
}
