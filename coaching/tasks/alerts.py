"""Celery task of the alerts: the daily evaluation of every active alert rule."""

import datetime

from celery import shared_task

from .. import clock
from ..services.alerts import alert_rules_evaluate


@shared_task(name="coaching.alerts_evaluate")
def alerts_evaluate_task(today: str | None = None) -> dict:
    """Evaluate every active alert rule on the periods completed before ``today`` (ISO date; default today)."""
    day = datetime.date.fromisoformat(today) if today else clock.today()
    return alert_rules_evaluate(today=day).as_dict()
