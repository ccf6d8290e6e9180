"""The one clock: the current moment and the current day, in the installation's time zone.

Rules never read the clock: they take ``today`` as a parameter. Selectors, services,
views, forms and tasks that need "now" or "today" ask here, and only here, so a test
that moves the clock (time-machine) moves it for every layer at once, and no code path
compares a fixed day with the real one.
"""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """The current moment, timezone-aware (UTC)."""
    return timezone.now()


def local_now() -> datetime.datetime:
    """The current moment in the installation's time zone (``TIME_ZONE``)."""
    return timezone.localtime()


def today() -> datetime.date:
    """Today's date in the installation's time zone (``TIME_ZONE``), not the server's."""
    return timezone.localdate()
