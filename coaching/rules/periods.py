"""Calendar periods of roll-ups and alert rules: ISO weeks (from Monday) and calendar months."""

import datetime

WEEK, MONTH = "week", "month"


def period_start(day: datetime.date, period: str) -> datetime.date:
    """The first day of the week (Monday) or month holding ``day``."""
    if period == MONTH:
        return day.replace(day=1)
    return day - datetime.timedelta(days=day.weekday())


def next_period_start(start: datetime.date, period: str) -> datetime.date:
    """The first day after the period starting on ``start``."""
    if period == MONTH:
        return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start + datetime.timedelta(days=7)


def period_end(start: datetime.date, period: str) -> datetime.date:
    """The last day of the period starting on ``start``."""
    return next_period_start(start, period) - datetime.timedelta(days=1)


def previous_period_start(start: datetime.date, period: str) -> datetime.date:
    """The first day of the period before the one starting on ``start``."""
    return period_start(start - datetime.timedelta(days=1), period)


def period_starts_between(first: datetime.date, last: datetime.date, period: str) -> list[datetime.date]:
    """The first days of every week or month holding a day from ``first`` to ``last`` (inclusive)."""
    starts = []
    start = period_start(first, period)
    while start <= last:
        starts.append(start)
        start = next_period_start(start, period)
    return starts
