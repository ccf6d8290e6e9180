"""Linear trends of daily series: least-squares slope, and where the line ends up."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Trend:
    """A weighted least-squares line through (day, value) points."""

    slope_per_day: float
    intercept: float  # value on ``origin``
    origin: datetime.date
    points: int
    slope_error: float = 0.0  # standard error of the slope

    @property
    def is_clear(self) -> bool:
        """Whether the slope stands out from the noise (at least two standard errors from flat)."""
        return abs(self.slope_per_day) >= 2 * self.slope_error

    def value_on(self, day: datetime.date) -> float:
        return self.intercept + self.slope_per_day * (day - self.origin).days


def linear_trend(points: list[tuple[datetime.date, float, float]]) -> Trend | None:
    """Fit a line through ``(day, value, weight)`` points, weighting each by its sample.

    ``None`` with fewer than two distinct days (no line can be drawn). The slope's
    standard error tells a real trend from day-to-day noise.
    """
    points = [(day, float(value), float(weight)) for day, value, weight in points if weight > 0]
    if len({day for day, _, _ in points}) < 2:
        return None
    origin = min(day for day, _, _ in points)
    total = sum(weight for _, _, weight in points)
    mean_x = sum((day - origin).days * weight for day, _, weight in points) / total
    mean_y = sum(value * weight for _, value, weight in points) / total
    sxx = sum(weight * ((day - origin).days - mean_x) ** 2 for day, _, weight in points)
    sxy = sum(weight * ((day - origin).days - mean_x) * (value - mean_y) for day, value, weight in points)
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    # Each day's value is a mean over its sample, so weights are inverse variances up to a
    # common factor, estimated from the residuals.
    error = 0.0
    if len(points) > 2:
        residual = sum(weight * (value - intercept - slope * (day - origin).days) ** 2 for day, value, weight in points)
        error = (residual / (len(points) - 2) / sxx) ** 0.5
    return Trend(slope_per_day=slope, intercept=intercept, origin=origin, points=len(points), slope_error=error)


# A trend fades: each day ahead it carries on at 98 % of the day before's pace (half of it
# gone after about five weeks), so no trend is ever extended more than 49 days' worth.
DAMPING_PER_DAY = 0.98


def damped_days(days: int) -> float:
    """How many days' worth of today's slope a damped trend adds over ``days`` days ahead."""
    if days <= 0:
        return 0.0
    return DAMPING_PER_DAY * (1 - DAMPING_PER_DAY**days) / (1 - DAMPING_PER_DAY)
