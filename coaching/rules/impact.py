"""Coaching impact: a metric before and after a coaching session, over equal windows."""

import math
from dataclasses import dataclass
from decimal import Decimal

from .smart import better

NOT_ENOUGH, LIKELY, POSSIBLE, NO_CLEAR = "not_enough_data", "likely_real", "possible", "no_clear_change"
MIN_DAYS_EACH_SIDE = 5
MIN_SAMPLE_EACH_SIDE = 30


@dataclass(frozen=True)
class Side:
    """One window's daily ``(value, sample_size)`` pairs."""

    days: list[tuple[Decimal, int]]

    @property
    def sample(self) -> int:
        return sum(n for _, n in self.days)

    @property
    def mean(self) -> float | None:
        return sum(float(v) * n for v, n in self.days) / self.sample if self.sample else None

    def daily_variance(self) -> float:
        """Sample-weighted variance of the daily values around the weighted mean."""
        mean = self.mean
        return sum(n * (float(v) - mean) ** 2 for v, n in self.days) / self.sample


@dataclass(frozen=True)
class Impact:
    """Before vs after, with the samples and how sure we can be."""

    before: float | None
    after: float | None
    before_sample: int
    after_sample: int
    before_days: int
    after_days: int
    change: float | None
    improved: bool | None
    z: float | None
    verdict: str


def coaching_impact(before: Side, after: Side, *, higher_is_better: bool, is_rate: bool) -> Impact:
    """Compare the windows; a plain z statistic says whether the change looks real.

    Rates (percent of a sample) use a two-proportion z-test on the pooled samples; other
    metrics compare the daily values' weighted means with their standard errors, each
    day counting once. |z| ≥ 2 is "likely a real change", 1–2 "possible", below 1 "no
    clear change". Too few days or too small a sample on either side gives "not enough data".
    """
    counts = (before.sample, after.sample, len(before.days), len(after.days))
    if (
        min(len(before.days), len(after.days)) < MIN_DAYS_EACH_SIDE
        or min(before.sample, after.sample) < MIN_SAMPLE_EACH_SIDE
    ):
        return Impact(before.mean, after.mean, *counts, None, None, None, NOT_ENOUGH)
    change = after.mean - before.mean
    if is_rate:
        p1, p2 = before.mean / 100, after.mean / 100
        pooled = (p1 * before.sample + p2 * after.sample) / (before.sample + after.sample)
        error = math.sqrt(max(pooled * (1 - pooled), 0) * (1 / before.sample + 1 / after.sample)) * 100
    else:
        error = math.sqrt(before.daily_variance() / len(before.days) + after.daily_variance() / len(after.days))
    z = change / error if error else (math.inf if change else 0.0)
    verdict = LIKELY if abs(z) >= 2 else POSSIBLE if abs(z) >= 1 else NO_CLEAR
    improved = better(Decimal(str(after.mean)), Decimal(str(before.mean)), higher_is_better) if change else None
    return Impact(before.mean, after.mean, *counts, change, improved, z, verdict)
