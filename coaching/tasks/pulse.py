"""Celery tasks of pulse surveys, run daily by beat: open rounds, record closed rounds' metrics, remind."""

from celery import shared_task

from .. import clock
from ..services.pulse import pulse_reminders_send, pulse_rounds_open
from ..services.pulse_metrics import pulse_metrics_record


@shared_task(name="coaching.pulse_rounds_open")
def pulse_rounds_open_task() -> dict:
    """Open today's due survey rounds and tell their agents; safe to run twice."""
    rounds = pulse_rounds_open(today=clock.today())
    return {"opened": [pulse_round.pk for pulse_round in rounds]}


@shared_task(name="coaching.pulse_reminders")
def pulse_reminders_task() -> dict:
    """Remind agents of rounds closing within two days; each agent at most once per round."""
    return {"reminded": pulse_reminders_send(today=clock.today())}


@shared_task(name="coaching.pulse_metrics_record")
def pulse_metrics_record_task() -> dict:
    """Record each team's engagement and eNPS of the rounds that have closed; safe to run twice."""
    return {"values": pulse_metrics_record(today=clock.today())}
