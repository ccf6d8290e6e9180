"""Calendar periods shared by roll-ups and alert rules."""

import datetime

from coaching.rules.periods import MONTH, WEEK, next_period_start, period_end, period_start, previous_period_start

WEDNESDAY = datetime.date(2026, 11, 25)


def test_weeks_start_on_monday_and_end_on_sunday():
    start = period_start(WEDNESDAY, WEEK)
    assert start == datetime.date(2026, 11, 23)
    assert period_end(start, WEEK) == datetime.date(2026, 11, 29)
    assert next_period_start(start, WEEK) == datetime.date(2026, 11, 30)
    assert previous_period_start(start, WEEK) == datetime.date(2026, 11, 16)


def test_months_follow_the_calendar_including_february():
    assert period_start(WEDNESDAY, MONTH) == datetime.date(2026, 11, 1)
    assert period_end(datetime.date(2027, 2, 1), MONTH) == datetime.date(2027, 2, 28)
    assert next_period_start(datetime.date(2026, 12, 1), MONTH) == datetime.date(2027, 1, 1)
    assert previous_period_start(datetime.date(2027, 3, 1), MONTH) == datetime.date(2027, 2, 1)
