"""Will a goal be met by its due date? The chance of it, from a predictive interval.

The level a goal is judged on at its due date is uncertain for three reasons, and the
projection adds them up:

1. today's level is itself measured with noise (a few surveys a day move it);
2. the recent trend is uncertain, and trends fade: it is damped, not drawn straight
   to the due date;
3. the level wanders from week to week (busy weeks, a new process, a bad month), and
   the further away the due date, the more it can wander.

The noise is measured on weekly blocks, not days: days of the same week move together,
so treating them as independent would make the projection far too sure of itself.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from .smart import better
from .student import t_cdf, t_critical
from .trend import damped_days

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on_track", "at_risk", "off_track", "no_data"

# The status follows the chance: "on track" is at least 70 % likely, "off track" under 30 %.
ON_TRACK_FROM = 0.70
OFF_TRACK_BELOW = 0.30
# The model is never certain: whatever the numbers say, the chance stays within these.
LOWEST_CHANCE, HIGHEST_CHANCE = 0.02, 0.98
# The constants below were set on the simulation in bench/signal_projection.py (one seed)
# and checked on others; six weeks of one agent cannot measure them.
# How far the level wanders, per week ahead, as a share of a week's shock.
WANDER_PER_WEEK = 1.0
# A slope under this many standard errors counts for nothing; above, it is shrunk.
TREND_DOUBT = 4.0
# Even a slope shrunk to nothing may be real: this share of its uncertainty still counts.
TREND_DOUBT_KEPT = 0.25
# A week's shock carries into the next weeks, which makes a six-week slope less sure than
# independent weeks would: the shock counts this many times over in the slope's noise.
SHOCK_PERSISTENCE = 3.0
BLOCK_DAYS = 7
MIN_BLOCKS = 3  # weeks (or rounds) with data, at least
INTERVAL = 0.80  # the range shown: four times in five the level lands inside it


@dataclass(frozen=True)
class Projection:
    """The chance of meeting the target by the due date, the likely level then, and the status it implies."""

    status: str
    current: Decimal | None
    projected: Decimal | None  # the middle of the likely range at the due date
    target: Decimal
    slope_per_week: Decimal | None  # the recent trend; 0 when it does not stand out from noise
    trend_points: int
    probability: float | None = None  # chance of meeting the target, 0–1
    low: Decimal | None = None  # the likely range at the due date (INTERVAL of outcomes)
    high: Decimal | None = None

    @property
    def percent(self) -> int | None:
        """The chance as shown ("about 70 % likely"): a whole percentage rounded to 5, between 5 and 95."""
        if self.probability is None:
            return None
        return min(max(int(5 * round(self.probability * 20)), 5), 95)


def status_for(probability: float) -> str:
    """On track, at risk or off track, from the chance of meeting the target."""
    if probability >= ON_TRACK_FROM:
        return ON_TRACK
    if probability < OFF_TRACK_BELOW:
        return OFF_TRACK
    return AT_RISK


@dataclass(frozen=True)
class _Fit:
    slope: float  # per day
    slope_is_clear: bool
    unit_variance: float  # noise of a block of weight 1 around the line
    sxx: float
    mean_block_weight: float
    total_weight: float
    mean_x: float  # the weighted middle day (offset from today) and level the line goes through
    mean_y: float


def _fit(blocks: list[tuple[float, float, float]], floor: float) -> _Fit:
    """Weighted least squares through ``(day offset, value, weight)`` blocks."""
    total = sum(w for _, _, w in blocks)
    mean_x = sum(x * w for x, _, w in blocks) / total
    mean_y = sum(y * w for _, y, w in blocks) / total
    sxx = sum(w * (x - mean_x) ** 2 for x, _, w in blocks)
    slope = sum(w * (x - mean_x) * (y - mean_y) for x, y, w in blocks) / sxx
    residual = sum(w * (y - mean_y - slope * (x - mean_x)) ** 2 for x, y, w in blocks)
    unit_variance = max(residual / (len(blocks) - 2), floor)
    slope_error = math.sqrt(unit_variance / sxx)
    return _Fit(slope, abs(slope) >= 2 * slope_error, unit_variance, sxx, total / len(blocks), total, mean_x, mean_y)


@dataclass(frozen=True)
class _DailyNoise:
    unit_variance: float  # scatter of one day of weight 1 around the line, days taken as independent
    shared_in_week: float  # the part of the scatter days of the same week share (a week's shock)


def _daily_noise(points: list[tuple[int, float, float]], block_days: int) -> _DailyNoise:
    """Day-to-day scatter around the six weeks' line, and how much of it days of one week share.

    The shared part is the mean product of residuals of two different days of the same
    week: sampling noise is independent from day to day and averages out of it.
    """
    total = sum(w for _, _, w in points)
    mean_x = sum(x * w for x, _, w in points) / total
    mean_y = sum(y * w for _, y, w in points) / total
    sxx = sum(w * (x - mean_x) ** 2 for x, _, w in points)
    slope = sum(w * (x - mean_x) * (y - mean_y) for x, y, w in points) / sxx if sxx else 0.0
    residuals = [(x, y - mean_y - slope * (x - mean_x), w) for x, y, w in points]
    unit_variance = sum(w * r**2 for _, r, w in residuals) / (len(points) - 2)
    weeks: dict[int, list[float]] = {}
    for x, r, _ in residuals:
        weeks.setdefault(-x // block_days, []).append(r)
    products = pairs = 0.0
    for week in weeks.values():
        total_r = sum(week)
        products += (total_r**2 - sum(r**2 for r in week)) / 2
        pairs += len(week) * (len(week) - 1) / 2
    return _DailyNoise(unit_variance, max(products / pairs, 0.0) if pairs else 0.0)


def _shrunk(fit: _Fit) -> tuple[float, float]:
    """The slope's variance, and the share of the slope kept: a slope within its own noise counts for little.

    A slope under ``TREND_DOUBT`` standard errors counts for nothing.
    """
    slope_variance = fit.unit_variance / fit.sxx
    shrink = max(0.0, 1 - TREND_DOUBT * slope_variance / fit.slope**2) if fit.slope else 0.0
    return slope_variance, shrink


def _blocks(points, today: datetime.date, block_days: int | None):
    """Weekly blocks counted back from ``today`` (or each point its own block): ``(offset, mean, weight)``."""
    if block_days is None:
        return [((day - today).days, value, weight) for day, value, weight in points]
    grouped: dict[int, list] = {}
    for day, value, weight in points:
        grouped.setdefault((today - day).days // block_days, []).append((day, value, weight))
    blocks = []
    for rows in grouped.values():
        weight = sum(w for _, _, w in rows)
        blocks.append(
            (
                sum((day - today).days * w for day, _, w in rows) / weight,
                sum(v * w for _, v, w in rows) / weight,
                weight,
            )
        )
    return blocks


def project_goal(
    *,
    points: list[tuple[datetime.date, float, float]],
    current: Decimal | None,
    target: Decimal,
    today: datetime.date,
    due_date: datetime.date,
    higher_is_better: bool,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    min_points: int = 10,
    per_round: bool = False,
    current_days: int = 14,
) -> Projection:
    """The chance that the level over the ``current_days`` before ``due_date`` meets ``target``.

    ``points`` are the recent ``(day, value, sample)`` of the goal's scope (six weeks of
    days, or the last survey rounds when ``per_round``); ``current`` is today's level as
    shown (the last ``current_days``, or the latest round). Fewer than ``min_points``
    points, or fewer than three weeks (rounds) with data, give "no data".

    The middle of the range is today's level plus the trend, damped so that it fades
    (``damped_days``) and shrunk when it hardly stands out from the noise. Its spread adds
    the noise of today's level, of the level on the due date, the trend's own
    uncertainty and the week-to-week wander. The noise is measured on weekly blocks
    (each round its own block), and never taken smaller than the day-to-day scatter
    implies.
    """
    points = [(day, float(value), float(weight)) for day, value, weight in points if weight > 0]
    target = Decimal(target)
    block_days = None if per_round else BLOCK_DAYS
    blocks = _blocks(points, today, block_days)
    if current is None or len(points) < min_points or len(blocks) < MIN_BLOCKS:
        return Projection(NO_DATA, current, None, target, None, len(points))
    horizon = max((due_date - today).days, 0)
    reach = damped_days(horizon)
    if per_round:
        fit = _fit(blocks, 0.0)
        slope_variance, shrink = _shrunk(fit)
        spacing = max((today - min(day for day, _, _ in points)).days / max(len(points) - 1, 1), 1)
        # The latest round stands until the next one: it is the level, with the rounds' own noise.
        start = float(current)
        start_variance = end_variance = fit.unit_variance / max(points)[2]
        lever = reach
        wander = fit.unit_variance / fit.mean_block_weight
    else:
        noise = _daily_noise([((day - today).days, v, w) for day, v, w in points], BLOCK_DAYS)
        weeks = _fit(blocks, 0.0)
        # A week's shock, read two ways (residuals shared within a week; weeks' scatter beyond
        # their sample's noise); both are low when the line follows the shocks, so the larger counts.
        shock = max(noise.shared_in_week, (weeks.unit_variance - noise.unit_variance) / weeks.mean_block_weight, 0.0)
        fit = _fit(blocks, noise.unit_variance + SHOCK_PERSISTENCE * shock * weeks.mean_block_weight)
        slope_variance, shrink = _shrunk(fit)
        spacing = BLOCK_DAYS
        # Today's level is read off the six weeks' line in the middle of the last two weeks:
        # steadier than those two weeks alone, which a lucky or unlucky week swings.
        centre = -current_days / 2
        start = fit.mean_y + fit.slope * shrink * (centre - fit.mean_x)
        start_variance = noise.unit_variance / fit.total_weight + shock * min(1.0, SHOCK_PERSISTENCE / len(blocks))
        since = today - datetime.timedelta(days=current_days)
        final_weight = sum(w for day, _, w in points if day > since) or fit.mean_block_weight
        # On the due date the level is two weeks again: their sample's noise, and a week's shock in full.
        end_variance = noise.unit_variance / final_weight + shock
        lever = centre - fit.mean_x + reach
        wander = shock
    middle = start + fit.slope * shrink * reach
    variance = (
        start_variance
        + end_variance
        + lever**2 * slope_variance * max(shrink, TREND_DOUBT_KEPT)  # the trend, as far as it is still unsure
        + WANDER_PER_WEEK * wander * horizon / spacing  # the level's wander until the due date
    )
    spread = math.sqrt(variance)
    if min_value is not None:
        middle = max(middle, float(min_value))
    if max_value is not None:
        middle = min(middle, float(max_value))
    gap = (middle - float(target)) if higher_is_better else (float(target) - middle)
    # The noise is estimated from a few weeks (rounds): the chance follows Student's t with
    # as many degrees of freedom as weeks beyond the two the line uses, not the normal curve.
    degrees = max(len(blocks) - 2, 1)
    if spread > 0:
        probability = t_cdf(gap / spread, degrees)
    else:
        probability = 1.0 if gap >= 0 else 0.0
    probability = min(max(probability, LOWEST_CHANCE), HIGHEST_CHANCE)
    half = t_critical(1 - INTERVAL, degrees) * spread
    low, high = middle - half, middle + half
    if min_value is not None:
        low = max(low, float(min_value))
    if max_value is not None:
        high = min(high, float(max_value))
    slope_per_week = Decimal(str(round(fit.slope * 7, 4))) if fit.slope_is_clear else Decimal(0)
    return Projection(
        status=status_for(probability),
        current=current,
        projected=_decimal(middle),
        target=target,
        slope_per_week=slope_per_week,
        trend_points=len(points),
        probability=probability,
        low=_decimal(low),
        high=_decimal(high),
    )


def meets(level: Decimal, target: Decimal, higher_is_better: bool) -> bool:
    """Whether ``level`` reaches ``target`` (equal counts) for a metric of this direction."""
    return level == target or better(level, target, higher_is_better)


def _decimal(number: float) -> Decimal:
    return Decimal(str(round(number, 4)))
