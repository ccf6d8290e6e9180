"""Celery tasks of pulse surveys, run daily by beat: open rounds, record closed rounds' metrics, remind.

The services are imported inside the tasks so that settings can import ``BEAT_SCHEDULE``
from here before Django's apps are loaded.
"""

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone


@shared_task(name="coaching.pulse_rounds_open")
def pulse_rounds_open_task() -> dict:
    """Open today's due survey rounds and tell their agents; safe to run twice."""
    from .services.pulse import pulse_rounds_open

    rounds = pulse_rounds_open(today=timezone.localdate())
    return {"opened": [pulse_round.pk for pulse_round in rounds]}


@shared_task(name="coaching.pulse_reminders")
def pulse_reminders_task() -> dict:
    """Remind agents of rounds closing within two days; each agent at most once per round."""
    from .services.pulse import pulse_reminders_send

    return {"reminded": pulse_reminders_send(today=timezone.localdate())}


@shared_task(name="coaching.pulse_metrics_record")
def pulse_metrics_record_task() -> dict:
    """Record each team's engagement and eNPS of the rounds that have closed; safe to run twice."""
    from .services.pulse_metrics import pulse_metrics_record

    return {"values": pulse_metrics_record(today=timezone.localdate())}


# Merged into settings.CELERY_BEAT_SCHEDULE; django-celery-beat copies it into its tables.
BEAT_SCHEDULE = {
    "pulse-rounds-open": {"task": "coaching.pulse_rounds_open", "schedule": crontab(hour=6, minute=0)},
    # Before the daily alert evaluation (06:00), so a closed round's engagement is judged the same day.
    "pulse-metrics-record": {"task": "coaching.pulse_metrics_record", "schedule": crontab(hour=5, minute=30)},
    "pulse-reminders": {"task": "coaching.pulse_reminders", "schedule": crontab(hour=10, minute=0)},
}
