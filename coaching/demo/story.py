"""The demo organisation's story, shared by every demo module: its teams, the agent who signs in,
the agents whose coaching pays off, the team whose absenteeism rises over the last weeks, and
the clock every demo date is read on."""

import datetime

from django.utils import timezone

BILLING, TECH, SALES = "Billing Support", "Technical Support", "Sales & Retention"
HISTORY_DAYS = 180  # days of daily KPI values before today
DEMO_AGENT = "agent"  # the agent who signs in to the demo and meets every state of the cycle
IMPROVING = frozenset({"E1001", "E1005", "E1014", "E1026"})  # employee ids: their KPIs and ratings rise
RISING_ABSENTEEISM_TEAM = BILLING
RISING_WEEKS = 5


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """The moment ``hour:minute`` on ``day``, in the local time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
