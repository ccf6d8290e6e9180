"""Will a goal be met by its due date? The recent trend, projected forward."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .smart import better
from .trend import Trend

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on_track", "at_risk", "off_track", "no_data"


@dataclass(frozen=True)
class Projection:
    """Where the trend line lands on the due date, against the target."""

    status: str
    current: Decimal | None
    projected: Decimal | None
    target: Decimal
    slope_per_week: Decimal | None
    trend_points: int


def project_goal(
    *,
    trend: Trend | None,
    current: Decimal | None,
    target: Decimal,
    due_date: datetime.date,
    higher_is_better: bool,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    min_points: int = 10,
) -> Projection:
    """Project the recent trend to ``due_date`` and judge it against ``target``.

    - on track: the projected value meets the target;
    - at risk: it does not, but the trend moves towards the target and closes at least
      half of today's gap by the due date;
    - off track: the trend is flat, moves away, or closes less than half the gap;
    - no data: fewer than ``min_points`` days to draw a trend from.

    A slope within two standard errors of flat is noise, not a trend: the projection is
    then today's level.
    """
    if trend is None or current is None or trend.points < min_points:
        return Projection(NO_DATA, current, None, target, None, trend.points if trend else 0)
    if trend.is_clear:
        projected = Decimal(str(round(trend.value_on(due_date), 4)))
    else:
        projected = Decimal(current)
    if min_value is not None:
        projected = max(projected, min_value)
    if max_value is not None:
        projected = min(projected, max_value)
    slope = Decimal(str(round(trend.slope_per_day * 7, 4))) if trend.is_clear else Decimal(0)
    meets = projected == target or better(projected, target, higher_is_better)
    if meets:
        status = ON_TRACK
    else:
        gap_now = abs(target - current)
        gap_then = abs(target - projected)
        towards = better(projected, current, higher_is_better)
        status = AT_RISK if towards and gap_then <= gap_now / 2 else OFF_TRACK
    return Projection(status, current, projected, target, slope, trend.points)
