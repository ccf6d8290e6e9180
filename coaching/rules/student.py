"""Student's t distribution for whole degrees of freedom: two-sided p-values and critical values.

Exact closed forms (Abramowitz & Stegun 26.7.3–4), so rules need no numerical library.
"""

import functools
import math


def t_two_sided_p(t: float, degrees: int) -> float:
    """P(|T| ≥ |t|) for Student's t with ``degrees`` (≥ 1) degrees of freedom."""
    if degrees < 1:
        raise ValueError("Student's t needs at least one degree of freedom.")
    if math.isinf(t):
        return 0.0
    theta = math.atan(abs(t) / math.sqrt(degrees))
    sin, cos = math.sin(theta), math.cos(theta)
    if degrees % 2:
        term, total = cos, cos if degrees > 1 else 0.0
        for k in range(3, degrees - 1, 2):
            term *= (k - 1) / k * cos * cos
            total += term
        inside = 2 / math.pi * (theta + sin * total)
    else:
        term, total = 1.0, 1.0
        for k in range(2, degrees - 1, 2):
            term *= (k - 1) / k * cos * cos
            total += term
        inside = sin * total
    return min(1.0, max(0.0, 1 - inside))


def t_cdf(t: float, degrees: int) -> float:
    """P(T ≤ t) for Student's t with ``degrees`` (≥ 1) degrees of freedom."""
    tail = t_two_sided_p(t, degrees) / 2
    return 1 - tail if t >= 0 else tail


@functools.cache
def t_critical(alpha: float, degrees: int) -> float:
    """The t beyond which a two-sided test at level ``alpha`` rejects: P(|T| ≥ t) = alpha."""
    low, high = 0.0, 1.0
    while t_two_sided_p(high, degrees) > alpha:
        high *= 2
    for _ in range(80):
        middle = (low + high) / 2
        low, high = (middle, high) if t_two_sided_p(middle, degrees) > alpha else (low, middle)
    return (low + high) / 2
