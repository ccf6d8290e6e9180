"""The alert conditions on constructed series, in both directions."""

import datetime
import json
from decimal import Decimal

import pytest

from coaching.rules.alerts import (
    PeriodValue,
    beyond_control_limit,
    check,
    periods_needed,
    run_on_worse_side,
    threshold_crossed,
    worsening_trend,
)

MONDAY = datetime.date(2026, 1, 5)


def series(*values, sample=10):
    return [PeriodValue(MONDAY + datetime.timedelta(weeks=i), Decimal(str(v)), sample) for i, v in enumerate(values)]


FLAT_BASELINE = [50, 52, 48, 51, 49, 50, 53, 47, 50, 51, 49, 50]


@pytest.mark.parametrize(
    ("latest", "higher_is_better", "expected"),
    [
        (79, True, True),  # CSAT under 80: worse
        (80, True, False),  # on the threshold is not crossed
        (85, True, False),
        (81, False, True),  # absenteeism above 80: worse
        (80, False, False),
        (75, False, False),
    ],
)
def test_threshold_crossed_only_on_the_worse_side(latest, higher_is_better, expected):
    verdict = threshold_crossed(series(70, latest), threshold=Decimal(80), higher_is_better=higher_is_better)
    assert verdict.triggered is expected
    assert verdict.numbers["latest_value"] == latest
    assert verdict.numbers["threshold"] == 80


def test_threshold_needs_a_period():
    verdict = threshold_crossed([], threshold=Decimal(1), higher_is_better=True)
    assert not verdict.triggered and verdict.reason == "not_enough_periods"


def test_falling_trend_is_worse_when_higher_is_better():
    falling = series(90, 88, 85, 83, 80)
    assert worsening_trend(falling, periods=5, higher_is_better=True).triggered
    assert not worsening_trend(falling, periods=5, higher_is_better=False).triggered


def test_rising_trend_is_worse_when_lower_is_better():
    rising = series(3, 4, 6, 7, 9)
    verdict = worsening_trend(rising, periods=5, higher_is_better=False)
    assert verdict.triggered
    assert verdict.numbers["slope_per_period"] > 0
    assert [point["value"] for point in verdict.numbers["series"]] == [3, 4, 6, 7, 9]
    assert not worsening_trend(rising, periods=5, higher_is_better=True).triggered


def test_noisy_series_without_a_clear_slope_is_not_a_trend():
    verdict = worsening_trend(series(5, 9, 4, 8, 6), periods=5, higher_is_better=False)
    assert not verdict.triggered


def test_trend_looks_only_at_the_last_n_periods():
    # Worsened long ago, improving lately.
    assert not worsening_trend(series(2, 4, 6, 8, 7, 6, 5, 4), periods=4, higher_is_better=False).triggered


def test_trend_needs_n_periods():
    verdict = worsening_trend(series(1, 2), periods=4, higher_is_better=False)
    assert not verdict.triggered and verdict.reason == "not_enough_periods"


@pytest.mark.parametrize(
    ("latest", "higher_is_better", "expected"),
    [(40, True, True), (60, True, False), (60, False, True), (40, False, False), (53, False, False), (47, True, False)],
)
def test_point_beyond_three_sigma_on_the_worse_side(latest, higher_is_better, expected):
    verdict = beyond_control_limit(
        series(*FLAT_BASELINE, latest), baseline_periods=12, higher_is_better=higher_is_better
    )
    assert verdict.triggered is expected
    assert verdict.numbers["baseline_mean"] == pytest.approx(50)
    assert verdict.numbers["sigmas"] == 3


def test_control_limit_uses_only_the_baseline_before_the_latest_point():
    verdict = beyond_control_limit(series(999, *FLAT_BASELINE, 60), baseline_periods=12, higher_is_better=False)
    assert verdict.triggered
    assert len(verdict.numbers["series"]) == 13


def test_control_limit_needs_a_baseline():
    assert beyond_control_limit(series(1, 2), baseline_periods=12, higher_is_better=True).reason == "not_enough_periods"


@pytest.mark.parametrize("higher_is_better", [True, False])
def test_run_of_eight_on_the_worse_side(higher_is_better):
    worse = 48 if higher_is_better else 52
    verdict = run_on_worse_side(
        series(*FLAT_BASELINE, *[worse] * 8), baseline_periods=12, higher_is_better=higher_is_better
    )
    assert verdict.triggered
    assert verdict.numbers["latest_run"] == 8
    better = 52 if higher_is_better else 48
    assert not run_on_worse_side(
        series(*FLAT_BASELINE, *[better] * 8), baseline_periods=12, higher_is_better=higher_is_better
    ).triggered


def test_a_run_of_seven_is_not_enough():
    verdict = run_on_worse_side(series(*FLAT_BASELINE, 50, *[52] * 7), baseline_periods=12, higher_is_better=False)
    assert not verdict.triggered
    assert verdict.numbers["latest_run"] == 7


def test_run_length_is_a_parameter():
    values = series(*FLAT_BASELINE, 53, 54, 55)
    assert run_on_worse_side(values, baseline_periods=12, higher_is_better=False, run_length=3).triggered


def test_check_dispatches_and_periods_needed():
    assert check("threshold", series(5), higher_is_better=False, threshold=Decimal(4)).triggered
    assert periods_needed("run", periods=4, baseline_periods=12, run_length=8) == 20
    assert periods_needed("control_limit", periods=4, baseline_periods=12, run_length=8) == 13
    assert periods_needed("trend", periods=5, baseline_periods=12, run_length=8) == 5
    with pytest.raises(ValueError):
        check("nonsense", series(1), higher_is_better=True)


def test_verdict_data_is_json_ready():
    verdict = worsening_trend(series(3, 4, 6, 7, 9), periods=5, higher_is_better=False)
    assert json.loads(json.dumps(verdict.as_data()))["condition"] == "trend"


def test_a_missing_week_keeps_its_gap_in_the_trend():
    # Weeks 0, 1, 3, 4 (week 2 had no data): one point more each week, not 1.4 per point.
    gapped = [point for index, point in enumerate(series(10, 11, 12, 13, 14)) if index != 2]
    verdict = worsening_trend(gapped, periods=4, higher_is_better=False)
    assert verdict.numbers["slope_per_period"] == pytest.approx(1.0)


def test_a_missing_month_keeps_its_gap_in_the_trend():
    starts = [datetime.date(2026, month, 1) for month in (1, 2, 3, 5, 6, 7)]  # no April
    monthly = [PeriodValue(start, Decimal(2 * (start.month - 1)), 10) for start in starts]
    verdict = worsening_trend(monthly, periods=6, higher_is_better=False)
    assert verdict.numbers["slope_per_period"] == pytest.approx(2.0)


def test_three_periods_need_a_near_perfect_line_to_count_as_a_trend():
    # 4 → 5 → 7 % absenteeism is five standard errors from flat: plenty with many periods,
    # but with three (one degree of freedom) it is not 95 % sure, so no investigation opens.
    verdict = worsening_trend(series(4, 5, 7), periods=3, higher_is_better=False)
    assert not verdict.triggered and verdict.reason == "worsening_within_noise"
    assert worsening_trend(series(4, 5, 6, 7, 8, 9, 10.2), periods=7, higher_is_better=False).triggered
