"""How a metric's daily values roll up over days, agents and teams."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

WEIGHTED_MEAN = "weighted_mean"
SUM = "sum"
RATE = "rate"


@dataclass(frozen=True)
class Totals:
    """The sums a roll-up needs, as the database returns them for a group of values."""

    weighted_sum: Decimal  # Σ value × sample size
    sample_sum: int  # Σ sample size
    value_sum: Decimal  # Σ value
    count: int  # number of daily values

    @classmethod
    def of(cls, values: Iterable[tuple[Decimal, int]]) -> "Totals":
        """Totals of ``(value, sample_size)`` pairs."""
        weighted_sum, sample_sum, value_sum, count = Decimal(0), 0, Decimal(0), 0
        for value, sample_size in values:
            weighted_sum += Decimal(value) * sample_size
            sample_sum += sample_size
            value_sum += Decimal(value)
            count += 1
        return cls(weighted_sum, sample_sum, value_sum, count)

    @classmethod
    def added(cls, parts: Iterable["Totals"]) -> "Totals":
        """The totals of several groups taken together (teams into an organisation, days into a window)."""
        parts = list(parts)
        return cls(
            sum((part.weighted_sum for part in parts), Decimal(0)),
            sum(part.sample_sum for part in parts),
            sum((part.value_sum for part in parts), Decimal(0)),
            sum(part.count for part in parts),
        )


def rollup(aggregation: str, totals: Totals) -> Decimal | None:
    """The rolled-up value, or ``None`` when there is nothing to roll up.

    A weighted mean or a rate counts each day by its sample size, so a day with 40
    contacts weighs forty times a day with one; values measured on an empty sample
    carry no weight. A sum adds the values.
    """
    if totals.count == 0:
        return None
    if aggregation == SUM:
        return Decimal(totals.value_sum)
    if aggregation in (WEIGHTED_MEAN, RATE):
        if not totals.sample_sum:
            return None
        return Decimal(totals.weighted_sum) / Decimal(totals.sample_sum)
    raise ValueError(f"Unknown aggregation: {aggregation!r}")


class Change(StrEnum):
    """How a value moved against the one before, in the metric's own sense of better."""

    BETTER = "better"
    WORSE = "worse"
    STEADY = "steady"
    UNKNOWN = "unknown"


def change_direction(
    *, current: Decimal | None, previous: Decimal | None, higher_is_better: bool, tolerance: Decimal = Decimal("0.005")
) -> Change:
    """Whether ``current`` is better, worse or steady against ``previous``.

    A relative change within ``tolerance`` (0.5 % by default) is steady; unknown when a
    side is missing.
    """
    if current is None or previous is None:
        return Change.UNKNOWN
    scale = abs(previous) or Decimal(1)
    change = (Decimal(current) - Decimal(previous)) / scale
    if abs(change) <= tolerance:
        return Change.STEADY
    improved = change > 0 if higher_is_better else change < 0
    return Change.BETTER if improved else Change.WORSE
