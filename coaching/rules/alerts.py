"""Alert conditions on a metric's period series: pure functions, no database.

Each check takes the rolled-up values of consecutive periods (oldest first, the last one
being the latest complete period) and the metric's direction, and returns a ``Verdict``:
whether the condition holds and the numbers behind it, which become the investigation's
"data that triggered it".

- ``threshold_crossed``: the latest period is on the worse side of a threshold.
- ``worsening_trend``: over the last N periods, the least-squares line (weighted by each
  period's sample) slopes the worse way and the slope is clear: 95 % sure by Student's t
  for that many periods (about two standard errors from ten periods on, far more with
  three). A slope was chosen over "N consecutive worsening steps" because one noisy period
  breaks a run of steps while a real drift still shows in the line.
- ``beyond_control_limit``: the latest period lies beyond 3 standard deviations of the
  baseline mean, on the worse side (a Shewhart individuals-chart rule).
- ``run_on_worse_side``: the last K periods (8 by default) all lie on the worse side of
  the baseline mean (the Western Electric / Nelson run rule).

Worse always means lower for a metric where higher is better, and higher otherwise.

A series holds only the periods with data, so "the last N periods" are the last N with
data; the trend places each on its real distance from the first, in periods.
"""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from .trend import linear_trend

THRESHOLD = "threshold"
TREND = "trend"
CONTROL_LIMIT = "control_limit"
RUN = "run"

DEFAULT_RUN_LENGTH = 8
# Two-sided 95 % critical values of Student's t by degrees of freedom (points − 2): with a
# handful of periods "two standard errors" is far from 95 % sure, and a rule opening an
# investigation should be.
T_CRITICAL_95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}
T_CRITICAL_95_LARGE = 2.228  # 10 degrees of freedom; a little generous beyond
CONTROL_SIGMAS = 3
MIN_TREND_PERIODS = 3
MIN_BASELINE_PERIODS = 2


@dataclass(frozen=True)
class PeriodValue:
    """One period's rolled-up value and the sample it stands on."""

    start: datetime.date
    value: Decimal
    sample: int = 1


@dataclass(frozen=True)
class Verdict:
    """Whether a condition holds, and the numbers that decided it (JSON-ready)."""

    condition: str
    triggered: bool
    reason: str
    numbers: dict = field(default_factory=dict)

    def as_data(self) -> dict:
        return {"condition": self.condition, "triggered": self.triggered, "reason": self.reason, **self.numbers}


def is_worse(value, reference, *, higher_is_better: bool) -> bool:
    """Whether ``value`` is strictly on the worse side of ``reference``."""
    return value < reference if higher_is_better else value > reference


def _points(series: list[PeriodValue]) -> list[dict]:
    return [
        {"period": point.start.isoformat(), "value": float(point.value), "sample": point.sample} for point in series
    ]


def _not_enough(condition: str, needed: int, series: list[PeriodValue]) -> Verdict:
    return Verdict(
        condition,
        False,
        "not_enough_periods",
        {"periods_needed": needed, "periods_found": len(series), "series": _points(series)},
    )


def threshold_crossed(series: list[PeriodValue], *, threshold: Decimal, higher_is_better: bool) -> Verdict:
    """The latest period is on the worse side of ``threshold`` (equal to it is not crossed)."""
    if not series:
        return _not_enough(THRESHOLD, 1, series)
    latest = series[-1]
    triggered = is_worse(latest.value, Decimal(threshold), higher_is_better=higher_is_better)
    return Verdict(
        THRESHOLD,
        triggered,
        "worse_than_threshold" if triggered else "within_threshold",
        {
            "threshold": float(threshold),
            "latest_period": latest.start.isoformat(),
            "latest_value": float(latest.value),
            "higher_is_better": higher_is_better,
            "series": _points(series[-1:]),
        },
    )


def worsening_trend(series: list[PeriodValue], *, periods: int, higher_is_better: bool) -> Verdict:
    """Over the last ``periods`` periods the weighted least-squares slope is clearly the worse way."""
    periods = max(periods, MIN_TREND_PERIODS)
    window = series[-periods:]
    if len(window) < periods:
        return _not_enough(TREND, periods, series)
    # The line runs over period numbers (one day apart for ``linear_trend``): a missing period
    # leaves its gap rather than pulling the points after it closer.
    origin = window[0].start
    numbers = _period_numbers(window)
    trend = linear_trend(
        [
            (origin + datetime.timedelta(days=n), float(p.value), max(p.sample, 1))
            for n, p in zip(numbers, window, strict=True)
        ]
    )
    slope = trend.slope_per_day if trend else 0.0
    error = trend.slope_error if trend else 0.0
    worse_way = slope < 0 if higher_is_better else slope > 0
    critical = T_CRITICAL_95.get(len(window) - 2, T_CRITICAL_95_LARGE)
    clear = trend is not None and slope != 0 and abs(slope) >= critical * error
    triggered = worse_way and clear
    if triggered:
        reason = "worsening"
    elif worse_way:
        reason = "worsening_within_noise"
    else:
        reason = "not_worsening"
    return Verdict(
        TREND,
        triggered,
        reason,
        {
            "periods": periods,
            "slope_per_period": slope,
            "slope_error": error,
            "first_value": float(window[0].value),
            "latest_value": float(window[-1].value),
            "latest_period": window[-1].start.isoformat(),
            "higher_is_better": higher_is_better,
            "series": _points(window),
        },
    )


def _period_numbers(window: list[PeriodValue]) -> list[int]:
    """Each point's period number counted from the first: calendar months apart, or weeks apart."""
    first = window[0].start
    days = [(point.start - first).days for point in window]
    steps = [later - earlier for earlier, later in zip(days, days[1:], strict=False) if later > earlier]
    if steps and min(steps) >= 28:  # monthly periods
        return [(point.start.year - first.year) * 12 + point.start.month - first.month for point in window]
    length = min(steps) if steps else 1
    return [round(day / length) for day in days]


def _baseline(points: list[PeriodValue]) -> tuple[float, float]:
    values = [float(point.value) for point in points]
    return statistics.fmean(values), statistics.stdev(values)


def beyond_control_limit(
    series: list[PeriodValue], *, baseline_periods: int, higher_is_better: bool, sigmas: float = CONTROL_SIGMAS
) -> Verdict:
    """The latest period lies more than ``sigmas`` standard deviations from the baseline mean, the worse way.

    The baseline is the ``baseline_periods`` periods before the latest one. A perfectly flat
    baseline (no spread) has its limit on the mean itself.
    """
    baseline_periods = max(baseline_periods, MIN_BASELINE_PERIODS)
    if len(series) < baseline_periods + 1:
        return _not_enough(CONTROL_LIMIT, baseline_periods + 1, series)
    baseline, latest = series[-baseline_periods - 1 : -1], series[-1]
    mean, deviation = _baseline(baseline)
    limit = mean - sigmas * deviation if higher_is_better else mean + sigmas * deviation
    triggered = is_worse(float(latest.value), limit, higher_is_better=higher_is_better)
    return Verdict(
        CONTROL_LIMIT,
        triggered,
        "beyond_control_limit" if triggered else "within_control_limits",
        {
            "baseline_mean": mean,
            "baseline_sd": deviation,
            "sigmas": sigmas,
            "limit": limit,
            "baseline_periods": baseline_periods,
            "latest_period": latest.start.isoformat(),
            "latest_value": float(latest.value),
            "higher_is_better": higher_is_better,
            "series": _points(baseline + [latest]),
        },
    )


def run_on_worse_side(
    series: list[PeriodValue],
    *,
    baseline_periods: int,
    higher_is_better: bool,
    run_length: int = DEFAULT_RUN_LENGTH,
) -> Verdict:
    """The last ``run_length`` periods all lie on the worse side of the mean of the baseline before them."""
    baseline_periods = max(baseline_periods, MIN_BASELINE_PERIODS)
    run_length = max(run_length, 1)
    if len(series) < baseline_periods + run_length:
        return _not_enough(RUN, baseline_periods + run_length, series)
    run = series[-run_length:]
    baseline = series[-run_length - baseline_periods : -run_length]
    mean, deviation = _baseline(baseline)
    on_worse_side = 0
    for point in reversed(run):
        if not is_worse(float(point.value), mean, higher_is_better=higher_is_better):
            break
        on_worse_side += 1
    triggered = on_worse_side == run_length
    return Verdict(
        RUN,
        triggered,
        "run_on_worse_side" if triggered else "no_run",
        {
            "baseline_mean": mean,
            "baseline_sd": deviation,
            "baseline_periods": baseline_periods,
            "run_length": run_length,
            "latest_run": on_worse_side,
            "latest_period": run[-1].start.isoformat(),
            "latest_value": float(run[-1].value),
            "higher_is_better": higher_is_better,
            "series": _points(baseline + run),
        },
    )


def periods_needed(condition: str, *, periods: int, baseline_periods: int, run_length: int) -> int:
    """How many periods, ending with the latest, a condition looks at."""
    if condition == THRESHOLD:
        return 1
    if condition == TREND:
        return max(periods, MIN_TREND_PERIODS)
    if condition == CONTROL_LIMIT:
        return max(baseline_periods, MIN_BASELINE_PERIODS) + 1
    if condition == RUN:
        return max(baseline_periods, MIN_BASELINE_PERIODS) + max(run_length, 1)
    raise ValueError(f"Unknown alert condition: {condition!r}")


def check(
    condition: str,
    series: list[PeriodValue],
    *,
    higher_is_better: bool,
    threshold: Decimal | None = None,
    periods: int = 4,
    baseline_periods: int = 12,
    run_length: int = DEFAULT_RUN_LENGTH,
) -> Verdict:
    """Run ``condition`` on ``series`` with the rule's parameters."""
    if condition == THRESHOLD:
        return threshold_crossed(series, threshold=threshold, higher_is_better=higher_is_better)
    if condition == TREND:
        return worsening_trend(series, periods=periods, higher_is_better=higher_is_better)
    if condition == CONTROL_LIMIT:
        return beyond_control_limit(series, baseline_periods=baseline_periods, higher_is_better=higher_is_better)
    if condition == RUN:
        return run_on_worse_side(
            series, baseline_periods=baseline_periods, higher_is_better=higher_is_better, run_length=run_length
        )
    raise ValueError(f"Unknown alert condition: {condition!r}")
