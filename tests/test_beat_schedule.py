"""Every periodic task is scheduled for celery beat and registered with the project's Celery app."""

from django.conf import settings

from config.celery import app


def test_beat_schedules_each_periodic_task_and_the_worker_knows_them():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {
        "coaching.alerts_evaluate",
        "coaching.imports_sweep",
        "coaching.imports_tidy",
        "coaching.notifications_due",
        "coaching.notifications_weekly_digest",
        "coaching.outbox_drain",
        "coaching.pulse_rounds_open",
        "coaching.pulse_metrics_record",
        "coaching.pulse_reminders",
    }
    app.loader.import_default_modules()
    assert scheduled <= set(app.tasks)
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
