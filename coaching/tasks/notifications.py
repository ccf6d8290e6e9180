"""Celery tasks of notifications: the email of one notification, the reminders due and the weekly digest."""

from celery import shared_task

from ..services.notifications import notification_email_send, notifications_send_due, weekly_digests_send


@shared_task(name="coaching.notification_email")
def notification_email(notification_id: int) -> bool:
    """Email one notification to its recipient, if they still want it and it was not emailed yet."""
    return notification_email_send(notification_id=notification_id)


@shared_task(name="coaching.notifications_due")
def notifications_due() -> int:
    """Send the reminders due now (one-on-ones soon, follow-ups and action items due); each only once."""
    return notifications_send_due()


@shared_task(name="coaching.notifications_weekly_digest")
def notifications_weekly_digest() -> int:
    """Send each manager the weekly digest of their teams, once per week."""
    return weekly_digests_send()
