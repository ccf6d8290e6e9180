"""Pearson's correlation: known values, edge cases and the words used for its strength."""

import math

import pytest

from coaching.rules.correlation import Correlation, paired, pearson


def test_perfect_positive_and_negative_lines():
    assert pearson([(1, 2), (2, 4), (3, 6), (4, 8)]).r == pytest.approx(1.0)
    assert pearson([(1, 8), (2, 6), (3, 4), (4, 2)]).r == pytest.approx(-1.0)


def test_known_coefficient_matches_the_textbook_formula():
    xs = [43, 21, 25, 42, 57, 59]
    ys = [99, 65, 79, 75, 87, 81]
    result = pearson(zip(xs, ys, strict=True))
    n = len(xs)
    sx, sy = sum(xs), sum(ys)
    sxy = sum(x * y for x, y in zip(xs, ys, strict=True))
    sxx, syy = sum(x * x for x in xs), sum(y * y for y in ys)
    expected = (n * sxy - sx * sy) / math.sqrt((n * sxx - sx**2) * (n * syy - sy**2))
    assert result.r == pytest.approx(expected)
    assert result.r == pytest.approx(0.5298, abs=1e-4)
    assert result.points == 6


def test_fewer_than_three_points_gives_no_coefficient_but_counts_them():
    assert pearson([]) == Correlation(r=None, points=0)
    assert pearson([(1, 2), (2, 3)]) == Correlation(r=None, points=2)


def test_a_flat_series_correlates_with_nothing():
    result = pearson([(1, 5), (2, 5), (3, 5)])
    assert result.r is None
    assert result.strength == "unknown"


def test_coefficient_does_not_depend_on_units():
    pairs = [(1, 3), (2, 2), (4, 7), (5, 6), (7, 9)]
    scaled = [(x * 100 + 5, y / 10 - 3) for x, y in pairs]
    assert pearson(pairs).r == pytest.approx(pearson(scaled).r)


@pytest.mark.parametrize(
    ("r", "strength", "direction"),
    [
        (0.05, "none", "none"),
        (-0.2, "weak", "negative"),
        (0.35, "moderate", "positive"),
        (-0.8, "strong", "negative"),
        (1.0, "strong", "positive"),
    ],
)
def test_strength_and_direction_in_words(r, strength, direction):
    assert Correlation(r=r, points=10).strength == strength
    assert Correlation(r=r, points=10).direction == direction


def test_paired_keeps_only_keys_present_on_both_sides_in_key_order():
    xs = {("a", 1): 1.0, ("a", 2): 2.0, ("b", 1): 3.0, ("b", 2): None}
    ys = {("a", 2): 20.0, ("b", 1): 30.0, ("b", 2): 40.0, ("c", 1): 50.0}
    assert paired(xs, ys) == [(2.0, 20.0), (3.0, 30.0)]
