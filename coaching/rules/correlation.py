"""How strongly two metrics move together: Pearson's correlation coefficient over paired points.

Plain arithmetic, no database. The comparison view pairs two metrics' weekly values per
team and week and reports the coefficient, the number of points and how strong the link
looks; it never claims that one causes the other.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

MIN_POINTS = 3

# |r| from which a link is called weak, moderate or strong (Cohen's conventional cut-offs).
WEAK, MODERATE, STRONG = 0.1, 0.3, 0.5


@dataclass(frozen=True)
class Correlation:
    """Pearson's r over ``points`` pairs; ``r`` is ``None`` when it cannot be computed."""

    r: float | None
    points: int

    @property
    def strength(self) -> str:
        """``"none"``, ``"weak"``, ``"moderate"`` or ``"strong"``; ``"unknown"`` without a coefficient."""
        if self.r is None:
            return "unknown"
        size = abs(self.r)
        if size >= STRONG:
            return "strong"
        if size >= MODERATE:
            return "moderate"
        if size >= WEAK:
            return "weak"
        return "none"

    @property
    def direction(self) -> str:
        """``"positive"`` (they rise together), ``"negative"`` (one rises as the other falls) or ``"none"``."""
        if self.r is None or self.strength == "none":
            return "none"
        return "positive" if self.r > 0 else "negative"


def pearson(pairs: Iterable[tuple[float, float]]) -> Correlation:
    """Pearson's correlation coefficient of ``(x, y)`` pairs.

    ``r`` is ``None`` with fewer than three pairs or when either side does not vary (a
    flat series correlates with nothing).
    """
    points = [(float(x), float(y)) for x, y in pairs]
    n = len(points)
    if n < MIN_POINTS:
        return Correlation(r=None, points=n)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    syy = sum((y - mean_y) ** 2 for _, y in points)
    if sxx == 0 or syy == 0:
        return Correlation(r=None, points=n)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    r = sxy / math.sqrt(sxx * syy)
    return Correlation(r=max(-1.0, min(1.0, r)), points=n)


def paired(xs: dict, ys: dict) -> list[tuple[float, float]]:
    """The ``(x, y)`` pairs of two series keyed alike (e.g. by ``(team, week)``), where both have a value."""
    return [(xs[key], ys[key]) for key in sorted(xs.keys() & ys.keys()) if xs[key] is not None and ys[key] is not None]
