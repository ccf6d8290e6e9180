"""Roll-up of daily values and direction-aware change."""

from decimal import Decimal

import pytest

from coaching.rules.rollup import RATE, SUM, WEIGHTED_MEAN, Totals, change_direction, rollup


def test_weighted_mean_weighs_each_day_by_its_sample():
    totals = Totals.of([(Decimal(100), 1), (Decimal(50), 9)])
    assert rollup(WEIGHTED_MEAN, totals) == Decimal(55)


def test_rate_rolls_up_as_events_over_sample():
    # 9 of 10 resolved one day, 10 of 40 the next: 19 of 50 overall.
    totals = Totals.of([(Decimal(90), 10), (Decimal(25), 40)])
    assert rollup(RATE, totals) == Decimal(38)


def test_sum_adds_values_whatever_the_sample():
    assert rollup(SUM, Totals.of([(Decimal(3), 1), (Decimal(4), 100)])) == Decimal(7)


def test_nothing_to_roll_up_gives_none():
    assert rollup(WEIGHTED_MEAN, Totals.of([])) is None
    assert rollup(SUM, Totals.of([])) is None


def test_values_on_empty_samples_carry_no_weight():
    assert rollup(WEIGHTED_MEAN, Totals.of([(Decimal(70), 0)])) is None
    assert rollup(WEIGHTED_MEAN, Totals.of([(Decimal(70), 0), (Decimal(90), 5)])) == Decimal(90)


def test_unknown_aggregation_is_an_error():
    with pytest.raises(ValueError, match="Unknown aggregation"):
        rollup("median", Totals.of([(Decimal(1), 1)]))


@pytest.mark.parametrize(
    ("current", "previous", "higher_is_better", "expected"),
    [
        (Decimal(90), Decimal(80), True, "better"),
        (Decimal(70), Decimal(80), True, "worse"),
        (Decimal(300), Decimal(360), False, "better"),  # handle time went down
        (Decimal(400), Decimal(360), False, "worse"),
        (Decimal("80.2"), Decimal(80), True, "steady"),
        (None, Decimal(80), True, "unknown"),
        (Decimal(5), Decimal(0), False, "worse"),
    ],
)
def test_change_direction_respects_which_way_is_better(current, previous, higher_is_better, expected):
    assert change_direction(current=current, previous=previous, higher_is_better=higher_is_better) == expected
