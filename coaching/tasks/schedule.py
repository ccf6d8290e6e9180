"""The beat schedule: which periodic task runs when.

The settings read this file by its path (``CELERY_BEAT_SCHEDULE``) before Django's apps are
loaded, so it imports nothing from the app: tasks are named by their registered names.
django-celery-beat copies the entries into its tables, where an administrator can pause or
move one.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Tasks written while the broker was unreachable wait in the outbox table; sent within a minute of its return.
    "coaching-outbox-drain": {"task": "coaching.outbox_drain", "schedule": 60.0},
    # Imports whose process died (no sign of life for COACHING_IMPORT_STALE_MINUTES) are marked failed.
    "coaching-imports-sweep": {"task": "coaching.imports_sweep", "schedule": crontab(minute="*/5")},
    # Notifications: hourly, so a one-on-one is announced about a day ahead.
    "coaching-notifications-due": {"task": "coaching.notifications_due", "schedule": crontab(minute=5)},
    "coaching-notifications-weekly-digest": {
        "task": "coaching.notifications_weekly_digest",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
    # Pulse surveys. Metrics are recorded before the daily alert evaluation (06:00), so a
    # closed round's engagement is judged the same day.
    "pulse-rounds-open": {"task": "coaching.pulse_rounds_open", "schedule": crontab(hour=6, minute=0)},
    "pulse-metrics-record": {"task": "coaching.pulse_metrics_record", "schedule": crontab(hour=5, minute=30)},
    "pulse-reminders": {"task": "coaching.pulse_reminders", "schedule": crontab(hour=10, minute=0)},
    # Imports: lost tasks queued again, stalled roll-up refreshes finished, old stored files deleted.
    "coaching-imports-tidy": {"task": "coaching.imports_tidy", "schedule": crontab(minute=20)},
    # Alerts: every active rule, on the periods completed before today.
    "coaching-alerts-evaluate-daily": {"task": "coaching.alerts_evaluate", "schedule": crontab(hour=6, minute=0)},
}
