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
- ``cusum_shift`` (the default): a one-sided CUSUM of the periods since the baseline against a
  frozen baseline (see its docstring). The older conditions stay as options, but on every
  agent they raise a false investigation every year or two per metric; this one about once in
  twenty years, and still catches a lasting shift.
- ``threshold_crossed`` can also ask for confidence: the period's value is beyond the
  threshold even at the edge of its 95 % confidence interval from its sample.
- ``replay`` runs a condition period by period over stored data, as the daily evaluation
  would have, for the backtest and the false-alarm budget.

Worse always means lower for a metric where higher is better, and higher otherwise.

A series holds only the periods with data, so "the last N periods" are the last N with
data; the trend places each on its real distance from the first, in periods.
"""

import datetime
import math
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from .periods import period_end
from .rollup import RATE, SUM, WEIGHTED_MEAN
from .student import t_critical
from .trend import linear_trend

THRESHOLD = "threshold"
TREND = "trend"
CONTROL_LIMIT = "control_limit"
RUN = "run"

DEFAULT_RUN_LENGTH = 8
# A worsening trend must be 95 % sure by Student's t for its degrees of freedom (points − 2):
# with a handful of periods "two standard errors" is far from 95 % sure, and a rule opening
# an investigation should be.
TREND_CONFIDENCE = 0.95
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
    critical = t_critical(1 - TREND_CONFIDENCE, max(len(window) - 2, 1))
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
    if condition == CUSUM:
        return max(baseline_periods, MIN_CUSUM_BASELINE) + CUSUM_WINDOW
    raise ValueError(f"Unknown alert condition: {condition!r}")


# One-sided 95 %: the bound a period's value is beyond the threshold with.
Z_95_ONE_SIDED = 1.645
SURE_OF = (3, 4)  # without a sampling model: beyond the threshold in 3 of the last 4 periods


def threshold_crossed_surely(
    series: list[PeriodValue], *, threshold: Decimal, higher_is_better: bool, aggregation: str
) -> Verdict:
    """The latest period is beyond ``threshold`` with 95 % confidence from its sample (on every agent).

    A rate's period counts when the edge of its Wilson interval nearest the threshold is still
    beyond it, so an agent with three surveys in a week is not judged on one unhappy customer.
    Other metrics have no sampling model in the data: the latest period and at least three of
    the last four must be beyond the threshold.
    """
    if not series:
        return _not_enough(THRESHOLD, 1, series)
    latest, limit = series[-1], float(threshold)
    numbers = {
        "threshold": limit,
        "latest_period": latest.start.isoformat(),
        "latest_value": float(latest.value),
        "higher_is_better": higher_is_better,
    }
    if aggregation == RATE:
        low, high = wilson_interval(float(latest.value) / PERCENT, max(latest.sample, 1))
        bound = (high if higher_is_better else low) * PERCENT
        triggered = is_worse(bound, limit, higher_is_better=higher_is_better)
        numbers.update({"confidence_bound": bound, "confidence": 0.95, "series": _points(series[-1:])})
    else:
        needed, last = SURE_OF
        window = series[-last:]
        beyond = sum(is_worse(float(point.value), limit, higher_is_better=higher_is_better) for point in window)
        latest_beyond = is_worse(float(latest.value), limit, higher_is_better=higher_is_better)
        triggered = latest_beyond and beyond >= needed
        numbers.update({"periods_beyond": beyond, "periods_needed": needed, "series": _points(window)})
    return Verdict(THRESHOLD, triggered, "worse_than_threshold" if triggered else "within_threshold", numbers)


def wilson_interval(share: float, sample: int, z: float = Z_95_ONE_SIDED) -> tuple[float, float]:
    """Wilson's interval of a share observed on ``sample`` trials (one-sided 95 % on each side by default)."""
    centre = (share + z * z / (2 * sample)) / (1 + z * z / sample)
    half = z * math.sqrt(share * (1 - share) / sample + z * z / (4 * sample * sample)) / (1 + z * z / sample)
    return max(0.0, centre - half), min(1.0, centre + half)


# The CUSUM. Each period adds the log-likelihood ratio of "worse by DELTA standard deviations of a
# period's value" against "as in the baseline" (never below zero); the rule triggers when the sum
# reaches its limit. Two sums run side by side: one for a shift of one standard deviation (slow
# to reach its limit, but it catches small lasting shifts), one for two (it catches a large
# shift within weeks). Their limits were set with ``bench/signal_alerts.py``: together they
# open at most one false investigation per agent and metric in twenty years on steady series.
CUSUM = "cusum"
# How each roll-up's periods are distributed around the baseline level.
NORMAL, BINOMIAL, POISSON = "normal", "binomial", "poisson"
# Per distribution: (shift in standard deviations, limit of the log-likelihood ratio) of each sum.
# A rate's or a count's spread is known from its sample, so its sums wander less by chance than
# an average's, whose spread is estimated; but rare events (fewer than one a period, such as an
# agent's absent days) come in jumps, and need the higher limits.
RARE = "rare"
CUSUM_DETECTORS = {
    NORMAL: ((1.0, 7.0), (2.0, 8.0)),
    BINOMIAL: ((1.0, 6.5), (2.0, 6.5)),
    POISSON: ((1.0, 6.5), (2.0, 6.5)),
    RARE: ((1.0, 7.5), (2.0, 6.5)),
}
CUSUM_WINDOW = 52  # periods judged after the baseline at most; a lasting shift is caught well within it
CUSUM_SHORT_WINDOW = 8  # periods judged at least, while the history is short
DEFAULT_BASELINE_PERIODS = 52
MIN_CUSUM_BASELINE = 20
FAMILY_OF_AGGREGATION = {WEIGHTED_MEAN: NORMAL, RATE: BINOMIAL, SUM: POISSON}
PERCENT = 100


@dataclass(frozen=True)
class Quiet:
    """Days whose periods stay out of the baseline: from a shift's first period until its investigation was resolved."""

    first: datetime.date
    last: datetime.date

    def holds(self, start: datetime.date) -> bool:
        return self.first <= start <= self.last


@dataclass(frozen=True)
class Level:
    """The baseline a CUSUM judges against, and how a period's value is scored against it."""

    family: str
    mean: float  # the baseline level (a rate's share, 0..1, for the binomial family)
    spread: float  # a unit's standard deviation (normal), or the overdispersion factor (binomial, Poisson)
    typical_sample: float  # the baseline's mean sample per period
    periods: int

    @property
    def detectors(self) -> tuple[tuple[float, float], ...]:
        """The (shift, limit) of each sum for this baseline."""
        if self.family == BINOMIAL and min(self.mean, 1 - self.mean) * self.typical_sample < 1:
            return CUSUM_DETECTORS[RARE]
        if self.family == POISSON and self.mean < 1:
            return CUSUM_DETECTORS[RARE]
        return CUSUM_DETECTORS[self.family]

    def scorer(self, *, delta: float, limit: float, higher_is_better: bool):
        """The log-likelihood ratio of a period ``(value, sample)`` for a worsening by ``delta`` standard deviations."""
        sign = -1 if higher_is_better else 1
        spread = self.spread
        if self.family == NORMAL:
            mean, half = self.mean, delta * delta / 2
            return lambda value, sample: delta * sign * (value - mean) * math.sqrt(sample) / spread - half
        # One event never reaches the limit on its own: the ratio of the rates is capped.
        cap = limit / 2
        if self.family == BINOMIAL:
            share = self.mean
            shifted = share + sign * delta * math.sqrt(spread * share * (1 - share) / self.typical_sample)
            low = max(share * math.exp(-cap), 1 - (1 - share) * math.exp(cap), 1e-12)
            high = min(share * math.exp(cap), 1 - (1 - share) * math.exp(-cap), 1 - 1e-12)
            shifted = min(max(shifted, low), high)
            event, non_event = math.log(shifted / share), math.log((1 - shifted) / (1 - share))

            def binomial(value, sample):
                events = value / PERCENT * sample
                return (events * event + (sample - events) * non_event) / spread

            return binomial
        mean = self.mean
        shifted = mean + sign * delta * math.sqrt(spread * mean)
        shifted = min(max(shifted, mean * math.exp(-cap)), mean * math.exp(cap))
        ratio, offset = math.log(shifted / mean), shifted - mean
        return lambda value, sample: (value * ratio - offset) / spread


def baseline_level(points: list[PeriodValue], *, family: str) -> Level | None:
    """The baseline's level and spread; ``None`` when it cannot score a period (a normal series without spread).

    A rate's share is smoothed (half an event more in one more trial), so a baseline without a
    single event still has a small rate, and its spread is never below the binomial one (the
    sampling variance of the period's sample); a count's spread never below Poisson's.
    """
    samples = [max(point.sample, 1) for point in points]
    values = [float(point.value) for point in points]
    total = sum(samples)
    typical = total / len(points)
    drift = _drift_factor(values, samples)
    if family == BINOMIAL:
        events = sum(value / PERCENT * sample for value, sample in zip(values, samples, strict=True))
        share = (events + 0.5) / (total + 1)
        observed = sum(s * (v / PERCENT - share) ** 2 for v, s in zip(values, samples, strict=True)) / (len(points) - 1)
        return Level(family, share, max(1.0, observed / (share * (1 - share))) * drift, typical, len(points))
    if family == POISSON:
        mean = (sum(values) + 0.5) / len(points)
        observed = statistics.variance(values)
        return Level(family, mean, max(1.0, observed / mean) * drift, typical, len(points))
    mean = sum(v * s for v, s in zip(values, samples, strict=True)) / total
    variance = sum(s * (v - mean) ** 2 for v, s in zip(values, samples, strict=True)) / (len(points) - 1)
    if variance <= 0:
        return None
    return Level(family, mean, math.sqrt(variance * drift), typical, len(points))


def _drift_factor(values: list[float], samples: list[int]) -> float:
    """How much more a sum of periods varies than independent periods would: (1 + r) / (1 − r).

    ``r`` is the baseline's lag-one autocorrelation of sample-scaled deviations, counted
    whenever positive: a level that wanders from week to week makes runs on one side that are
    no shift, and a CUSUM adds them up. (Counting only a clearly positive one saved a little
    power on independent weeks but let wandering series through about 0.16 times a year.)
    """
    mean = sum(v * s for v, s in zip(values, samples, strict=True)) / sum(samples)
    scaled = [(v - mean) * math.sqrt(s) for v, s in zip(values, samples, strict=True)]
    spread = sum(x * x for x in scaled)
    if spread <= 0:
        return 1.0
    r = sum(a * b for a, b in zip(scaled, scaled[1:], strict=False)) / spread
    if r <= 0:
        return 1.0
    r = min(r, 0.8)
    return (1 + r) / (1 - r)


def cusum_shift(
    series: list[PeriodValue],
    *,
    higher_is_better: bool,
    aggregation: str = WEIGHTED_MEAN,
    baseline_periods: int = DEFAULT_BASELINE_PERIODS,
    restart_after: datetime.date | None = None,
    quiet: tuple[Quiet, ...] = (),
) -> Verdict:
    """Whether the periods since the baseline have drifted the worse way, by a one-sided CUSUM.

    The baseline is frozen: the ``baseline_periods`` periods (at least 20) before the judged
    ones, leaving out every ``quiet`` span (a shift already investigated never becomes the
    norm). The judged periods are the last 26, or fewer while the history is short, and only
    those after ``restart_after`` (the last day of the data an earlier investigation was
    opened on: the sum starts again from zero after an alarm). Rates use the binomial
    distribution of their sample, counts Poisson's, weighted means the normal one with a
    variance inversely proportional to the sample, so a period measured on few contacts
    weighs little.
    """
    baseline_periods = max(baseline_periods, MIN_CUSUM_BASELINE)
    family = FAMILY_OF_AGGREGATION.get(aggregation, NORMAL)
    usable = [point for point in series if not any(span.holds(point.start) for span in quiet)]
    judged = [point for point in series if restart_after is None or point.start > restart_after]
    # Until the history holds a full baseline and a full window, the baseline stays the oldest periods.
    judged = judged[-min(CUSUM_WINDOW, max(CUSUM_SHORT_WINDOW, len(usable) - baseline_periods)) :]
    first_judged = judged[0].start if judged else None
    before = [point for point in usable if first_judged is None or point.start < first_judged]
    shortfall = MIN_CUSUM_BASELINE - len(before)
    if shortfall > 0 and judged and restart_after is None:
        # A short history: the judged window gives up its oldest periods to the baseline.
        moved, judged = judged[:shortfall], judged[shortfall:]
        quiet_starts = {point.start for point in series} - {point.start for point in usable}
        before = before + [point for point in moved if point.start not in quiet_starts]
    baseline = before[-baseline_periods:]
    if len(baseline) < MIN_CUSUM_BASELINE or not judged or judged[-1] is not series[-1]:
        return _not_enough(CUSUM, MIN_CUSUM_BASELINE + 1, series)
    level = baseline_level(baseline, family=family)
    numbers = {
        "baseline_periods": len(baseline),
        "baseline_first": baseline[0].start.isoformat(),
        "baseline_last": baseline[-1].start.isoformat(),
        "higher_is_better": higher_is_better,
        "latest_period": series[-1].start.isoformat(),
        "latest_value": float(series[-1].value),
        "series": _points(judged),
    }
    if level is None:
        return Verdict(CUSUM, False, "baseline_without_spread", numbers)
    sums, run_starts, triggered_by = [], [], None
    periods = [(point.start, float(point.value), max(point.sample, 1)) for point in judged]
    for delta, limit in level.detectors:
        score = level.scorer(delta=delta, limit=limit, higher_is_better=higher_is_better)
        total, run_start = 0.0, judged[0].start
        for start, value, sample in periods:
            if total == 0.0:
                run_start = start
            total = max(0.0, total + score(value, sample))
        sums.append({"shift_sd": delta, "sum": round(total, 3), "limit": limit})
        run_starts.append(run_start)
        if total >= limit and triggered_by is None:
            triggered_by = len(sums) - 1
    triggered = triggered_by is not None
    numbers.update(
        {
            "baseline_mean": level.mean * (PERCENT if family == BINOMIAL else 1),
            "family": family,
            "detectors": sums,
            "run_start": run_starts[triggered_by].isoformat() if triggered else None,
            "judged_periods": len(judged),
        }
    )
    return Verdict(CUSUM, triggered, "shifted_worse" if triggered else "in_control", numbers)


def check(
    condition: str,
    series: list[PeriodValue],
    *,
    higher_is_better: bool,
    threshold: Decimal | None = None,
    periods: int = 4,
    baseline_periods: int = 12,
    run_length: int = DEFAULT_RUN_LENGTH,
    aggregation: str = WEIGHTED_MEAN,
    confident: bool = False,
    restart_after: datetime.date | None = None,
    quiet: tuple[Quiet, ...] = (),
) -> Verdict:
    """Run ``condition`` on ``series`` with the rule's parameters."""
    if condition == CUSUM:
        return cusum_shift(
            series,
            higher_is_better=higher_is_better,
            aggregation=aggregation,
            baseline_periods=baseline_periods,
            restart_after=restart_after,
            quiet=quiet,
        )
    if condition == THRESHOLD:
        if confident:
            return threshold_crossed_surely(
                series, threshold=threshold, higher_is_better=higher_is_better, aggregation=aggregation
            )
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


@dataclass(frozen=True)
class Alarm:
    """One investigation a rule would have opened: the period that triggered it, and the day it opened."""

    period_start: datetime.date
    opened_on: datetime.date
    verdict: Verdict


def replay(
    condition: str,
    series: list[PeriodValue],
    *,
    period: str,
    first: datetime.date,
    last: datetime.date,
    open_days: int,
    **parameters,
) -> list[Alarm]:
    """The alarms a rule would have raised on ``series``, judging each period starting in ``first``..``last``.

    As the daily evaluation does: a period is judged the day after it ends, never while the
    scope's last investigation is open (each is taken to be resolved ``open_days`` after it
    opened, its due date), and a CUSUM starts again after each alarm with the shift's
    periods left out of its baseline until then.
    """
    alarms: list[Alarm] = []
    restart_after, quiet, open_until = None, (), None
    for index, point in enumerate(series):
        if not first <= point.start <= last:
            continue
        opened_on = period_end(point.start, period) + datetime.timedelta(days=1)
        if open_until is not None and opened_on < open_until:
            continue
        verdict = check(condition, series[: index + 1], restart_after=restart_after, quiet=quiet, **parameters)
        if not verdict.triggered:
            continue
        alarms.append(Alarm(point.start, opened_on, verdict))
        open_until = opened_on + datetime.timedelta(days=open_days)
        if condition == CUSUM:
            restart_after = period_end(point.start, period)
            run_start = datetime.date.fromisoformat(verdict.numbers["run_start"])
            quiet = (*quiet, Quiet(run_start, open_until))
    return alarms


# False investigations a year on one steady agent-metric, for weekly periods: the CUSUM's from
# ``bench/signal_alerts.py``; the older conditions' as measured on the same kind of series
# (a trend over a few weeks about 1.2, a point beyond 3 SD about 0.6 and 3 on absence, a run of
# 8 about 0.75). A threshold's depends on where it is set: its backtest is the only guide.
FALSE_ALARMS_PER_SCOPE_YEAR = {CUSUM: 0.05, TREND: 1.2, CONTROL_LIMIT: 0.6, RUN: 0.75}
PERIODS_PER_YEAR = {"week": 52, "month": 12}


def expected_false_alarms_per_month(condition: str, *, scopes: int, period: str) -> float | None:
    """How many investigations a month ``scopes`` steady scopes would open by chance; ``None`` if unknown."""
    per_year = FALSE_ALARMS_PER_SCOPE_YEAR.get(condition)
    if per_year is None:
        return None
    # Judged monthly, a scope gets a quarter as many chances to be wrong as judged weekly.
    chances = PERIODS_PER_YEAR.get(period, 52) / PERIODS_PER_YEAR["week"]
    return scopes * per_year * chances / 12
