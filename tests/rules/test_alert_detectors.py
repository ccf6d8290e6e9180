"""The default alert detector (a CUSUM on a frozen baseline), the sure threshold and the replay."""

import datetime
import random
from decimal import Decimal

import pytest

from coaching.rules.alerts import (
    CUSUM,
    PeriodValue,
    Quiet,
    check,
    cusum_shift,
    expected_false_alarms_per_month,
    periods_needed,
    replay,
    threshold_crossed_surely,
)
from coaching.rules.periods import WEEK
from coaching.rules.rollup import RATE, SUM, WEIGHTED_MEAN

MONDAY = datetime.date(2025, 1, 6)


def weeks(values, samples=None, *, first=MONDAY, skip=()):
    """Weekly points from ``values``; weeks whose index is in ``skip`` have no data."""
    samples = samples or [100] * len(values)
    points = []
    for index, (value, sample) in enumerate(zip(values, samples, strict=True)):
        if index not in skip:
            start = first + datetime.timedelta(weeks=index)
            points.append(PeriodValue(start, Decimal(str(round(value, 4))), sample))
    return points


def steady(count, *, level=300.0, sd=10.0, seed=1):
    rng = random.Random(seed)
    return [rng.gauss(level, sd) for _ in range(count)]


@pytest.mark.parametrize("higher_is_better", [True, False])
def test_a_lasting_shift_the_worse_way_triggers_and_the_better_way_does_not(higher_is_better):
    baseline = steady(40)
    worse = -30.0 if higher_is_better else 30.0  # 3 SD of a week's value
    shifted = weeks(baseline + [value + worse for value in steady(4, seed=2)])
    improved = weeks(baseline + [value - worse for value in steady(4, seed=2)])
    verdict = cusum_shift(shifted, higher_is_better=higher_is_better)
    assert verdict.triggered and verdict.reason == "shifted_worse"
    assert verdict.numbers["run_start"] <= shifted[-1].start.isoformat()
    assert not cusum_shift(improved, higher_is_better=higher_is_better).triggered


def test_a_steady_series_does_not_trigger():
    verdict = cusum_shift(weeks(steady(80, seed=3)), higher_is_better=False)
    assert not verdict.triggered and verdict.reason == "in_control"
    assert verdict.numbers["baseline_periods"] >= 20


def test_the_baseline_needs_twenty_periods():
    verdict = cusum_shift(weeks(steady(20)), higher_is_better=True)
    assert verdict.reason == "not_enough_periods"
    assert periods_needed(CUSUM, periods=4, baseline_periods=52, run_length=8) == 104


def test_a_baseline_without_spread_is_not_judged_on_a_normal_metric():
    verdict = cusum_shift(weeks([50.0] * 30 + [80.0]), higher_is_better=True)
    assert not verdict.triggered and verdict.reason == "baseline_without_spread"


def test_an_absence_rate_with_no_absence_in_its_baseline_does_not_fire_on_one_absent_day():
    # 0 % absent for 40 weeks of five days, then one absent day (20 % of the week).
    series = weeks([0.0] * 40 + [20.0], [5] * 41)
    assert not cusum_shift(series, higher_is_better=False, aggregation=RATE).triggered
    # Two absent days a week for three weeks is a shift.
    series = weeks([0.0] * 40 + [40.0, 40.0, 40.0], [5] * 43)
    assert cusum_shift(series, higher_is_better=False, aggregation=RATE).triggered


@pytest.mark.parametrize(("higher_is_better", "after"), [(True, 70.0), (False, 95.0)])
def test_a_rate_uses_its_sample(higher_is_better, after):
    # CSAT around 85 % of 200 surveys a week; a 15-point drop is many standard errors.
    rng = random.Random(4)
    before = [100 * sum(rng.random() < 0.85 for _ in range(200)) / 200 for _ in range(40)]
    big = weeks(before + [after] * 3, [200] * 43)
    assert cusum_shift(big, higher_is_better=higher_is_better, aggregation=RATE).triggered is (
        (after < 85) == higher_is_better
    )
    # The same drop measured on 4 surveys a week is no evidence yet.
    small = weeks(before + [after] * 3, [200] * 40 + [4] * 3)
    assert not cusum_shift(small, higher_is_better=higher_is_better, aggregation=RATE).triggered


def test_a_count_uses_poisson():
    rng = random.Random(5)
    counts = [float(sum(rng.random() < 0.2 for _ in range(10))) for _ in range(40)]  # about 2 a week
    assert not cusum_shift(weeks(counts + [4.0]), higher_is_better=False, aggregation=SUM).triggered
    assert cusum_shift(weeks(counts + [7.0, 8.0, 7.0]), higher_is_better=False, aggregation=SUM).triggered


def test_missing_periods_are_left_out_not_counted_as_zero():
    values = steady(45, seed=6)
    series = weeks(values, skip={5, 6, 7, 30, 41})
    verdict = cusum_shift(series, higher_is_better=True)
    assert not verdict.triggered
    assert all(
        point["period"] != (MONDAY + datetime.timedelta(weeks=41)).isoformat() for point in verdict.numbers["series"]
    )


def test_a_shift_never_enters_the_baseline():
    baseline = steady(52, seed=7)
    series = weeks(baseline + [value + 40 for value in steady(60, seed=8)])
    alarms = replay(
        CUSUM, series, period=WEEK, first=series[52].start, last=series[-1].start, open_days=14, higher_is_better=False
    )
    assert len(alarms) >= 2
    first, later = alarms[0], alarms[-1]
    assert first.period_start >= series[52].start
    # Long after the shift, the level judged against is still the one before it.
    assert later.verdict.numbers["baseline_last"] < series[52].start.isoformat()
    assert abs(later.verdict.numbers["baseline_mean"] - first.verdict.numbers["baseline_mean"]) < 1


def test_quiet_spans_stay_out_of_the_baseline():
    series = weeks(steady(52, seed=9) + [value + 40 for value in steady(10, seed=10)])
    quiet = (Quiet(series[52].start, series[-1].start),)
    verdict = cusum_shift(series, higher_is_better=False, restart_after=series[-4].start, quiet=quiet)
    assert verdict.numbers["baseline_last"] < series[52].start.isoformat()
    assert len(verdict.numbers["series"]) == 3  # only the periods after the restart are summed


def test_replay_opens_the_day_after_the_period_and_never_while_one_is_open():
    series = weeks([50.0] * 10 + [70.0] * 6)
    alarms = replay(
        "threshold",
        series,
        period=WEEK,
        first=series[0].start,
        last=series[-1].start,
        open_days=14,
        higher_is_better=False,
        threshold=Decimal(60),
    )
    assert [alarm.period_start for alarm in alarms] == [series[10].start, series[12].start, series[14].start]
    assert alarms[0].opened_on == series[10].start + datetime.timedelta(days=7)


@pytest.mark.parametrize(("sample", "expected"), [(5, False), (400, True)])
def test_a_threshold_on_every_agent_needs_confidence_from_the_sample(sample, expected):
    # CSAT 70 % against a floor of 80 %: sure on 400 surveys, not on 5.
    verdict = threshold_crossed_surely(
        weeks([70.0], [sample]), threshold=Decimal(80), higher_is_better=True, aggregation=RATE
    )
    assert verdict.triggered is expected
    assert verdict.numbers["confidence"] == 0.95


def test_a_threshold_without_a_sampling_model_needs_three_of_four_periods():
    crossed_once = weeks([400.0, 400.0, 400.0, 480.0])
    crossed_thrice = weeks([480.0, 400.0, 490.0, 480.0])
    arguments = {"threshold": Decimal(450), "higher_is_better": False, "aggregation": WEIGHTED_MEAN}
    assert not threshold_crossed_surely(crossed_once, **arguments).triggered
    assert threshold_crossed_surely(crossed_thrice, **arguments).triggered
    assert check("threshold", crossed_once, confident=False, **arguments).triggered


def test_the_expected_false_investigations_scale_with_the_scopes():
    assert expected_false_alarms_per_month(CUSUM, scopes=2000, period=WEEK) == pytest.approx(2000 * 0.05 / 12)
    assert expected_false_alarms_per_month("trend", scopes=100, period=WEEK) == pytest.approx(10)
    assert expected_false_alarms_per_month("threshold", scopes=100, period=WEEK) is None
