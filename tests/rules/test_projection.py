"""The chance of meeting a goal by its due date, and the status that follows from it."""

import datetime
import random
from decimal import Decimal

import pytest

from coaching.rules.projection import (
    AT_RISK,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    Projection,
    project_goal,
    status_for,
)
from coaching.rules.student import t_cdf, t_critical
from coaching.rules.trend import linear_trend

START = datetime.date(2026, 10, 1)


def series(start_value, per_day, days=30, weight=10):
    return [(START + datetime.timedelta(days=n), start_value + per_day * n, weight) for n in range(days)]


def test_linear_trend_recovers_a_straight_line():
    trend = linear_trend(series(70, 0.5))
    assert round(trend.slope_per_day, 6) == 0.5
    assert round(trend.value_on(START + datetime.timedelta(days=40)), 6) == 90


def test_linear_trend_weights_days_by_their_sample():
    points = [
        (START, 0, 1),
        (START + datetime.timedelta(days=1), 10, 1),
        (START + datetime.timedelta(days=2), 10, 1000),
    ]
    heavy = linear_trend(points)
    light = linear_trend([(d, v, 1) for d, v, _ in points])
    last = START + datetime.timedelta(days=2)
    # The heavy last day pulls the line through its own value.
    assert abs(heavy.value_on(last) - 10) < abs(light.value_on(last) - 10)


def test_linear_trend_needs_two_days():
    assert linear_trend([(START, 5, 1)]) is None
    assert linear_trend([]) is None


TODAY = datetime.date(2026, 11, 25)


def days_back(values, weight=10):
    """``values`` as daily points ending today, oldest first."""
    count = len(values)
    return [(TODAY - datetime.timedelta(days=count - 1 - n), value, weight) for n, value in enumerate(values)]


def noisy(level, spread, days=42, per_day=0.0, seed=1, weight=10):
    rng = random.Random(seed)
    return days_back([level + per_day * n + rng.gauss(0, spread) for n in range(days)], weight)


def project(points, target, due_in_days=60, higher=True, current=None, max_value=Decimal(100), **options):
    if current is None:
        recent = [value for day, value, _ in points if day > TODAY - datetime.timedelta(days=14)]
        current = Decimal(str(round(sum(recent) / len(recent), 4))) if recent else None
    return project_goal(
        points=points,
        current=current,
        target=Decimal(target),
        today=TODAY,
        due_date=TODAY + datetime.timedelta(days=due_in_days),
        higher_is_better=higher,
        min_value=Decimal(0),
        max_value=max_value,
        **options,
    )


def test_a_goal_already_met_by_a_wide_margin_is_almost_certain_and_on_track():
    result = project(noisy(90, 2), 80, due_in_days=14)
    assert result.probability > 0.95
    assert result.status == ON_TRACK
    assert result.percent == 95


def test_a_target_beyond_the_metrics_range_is_as_unlikely_as_the_model_ever_says():
    result = project(noisy(80, 2), 101)
    assert result.probability == 0.02
    assert result.status == OFF_TRACK
    assert result.high <= 100  # the likely range stays within the metric's valid range


def test_without_enough_days_there_is_no_chance_to_give():
    result = project(noisy(80, 2, days=8), 85)
    assert result.status == NO_DATA
    assert result.probability is None and result.percent is None
    assert project([], 85, current=None).status == NO_DATA


def test_days_from_fewer_than_three_weeks_give_no_chance_either():
    assert project(noisy(80, 2, days=14), 85).status == NO_DATA


def test_a_perfectly_flat_series_exactly_at_target_counts_as_met():
    flat = days_back([80.0] * 42)
    assert project(flat, 80).probability == 0.98
    assert project(flat, Decimal("80.5")).probability == 0.02


def test_a_flat_noisy_series_just_below_target_is_a_toss_up():
    result = project(noisy(80, 3), Decimal("80.5"))
    assert 0.3 <= result.probability < 0.7
    assert result.status == AT_RISK


def test_very_noisy_days_keep_the_chance_away_from_the_extremes():
    steady = project(noisy(80, 1), 83)
    wild = project(noisy(80, 15), 83)
    assert steady.probability < 0.05
    assert 0.1 < wild.probability < 0.5
    assert (wild.high - wild.low) > 5 * (steady.high - steady.low)


def test_a_clear_rise_towards_the_target_makes_it_likely():
    rising = noisy(70, 1, per_day=0.25)  # about 80 now, rising 1.75 a week
    result = project(rising, 84, due_in_days=60)
    assert result.slope_per_week > Decimal("1.5")
    assert result.probability >= 0.7 and result.status == ON_TRACK
    assert result.projected > result.current


def test_a_trend_fades_instead_of_running_on_forever():
    rising = noisy(70, 1, per_day=0.25)
    near = project(rising, 84, due_in_days=60)
    far = project(rising, 84, due_in_days=365)
    straight_line_gain = Decimal("0.25") * 305
    assert far.projected - near.projected < straight_line_gain / 5


def test_lower_is_better_reads_the_chance_the_other_way():
    falling_aht = noisy(400, 4, per_day=-1.0)  # seconds, about 365 now and falling
    assert project(falling_aht, 340, higher=False, max_value=None).status == ON_TRACK
    assert project(noisy(300, 4, per_day=1.0), 300, higher=False, max_value=None).status == OFF_TRACK


def test_the_further_the_due_date_the_wider_the_likely_range():
    points = noisy(80, 3)
    near = project(points, 82, due_in_days=14)
    far = project(points, 82, due_in_days=120)
    assert (far.high - far.low) > (near.high - near.low)


def test_a_bigger_sample_narrows_the_likely_range():
    small = project(noisy(80, 3, weight=2), 82)
    large = project(noisy(80, 3, weight=200), 82)
    assert (large.high - large.low) <= (small.high - small.low)


def test_a_slope_lost_in_noise_is_shown_as_no_trend():
    points = days_back([80 + (12 if n % 2 else -12) + 0.05 * n for n in range(42)], 5)
    assert project(points, 85).slope_per_week == 0


def test_survey_rounds_are_projected_round_by_round():
    rounds = [(TODAY - datetime.timedelta(days=14 * (5 - n)), 70 - 2 * n, 8) for n in range(6)]  # 70 … 60
    result = project(rounds, 65, current=Decimal(60), min_points=4, per_round=True)
    assert result.trend_points == 6
    assert result.status == OFF_TRACK
    assert project(rounds[:3], 65, current=Decimal(60), min_points=4, per_round=True).status == NO_DATA


@pytest.mark.parametrize(
    ("probability", "status"),
    [(0.98, ON_TRACK), (0.70, ON_TRACK), (0.6999, AT_RISK), (0.30, AT_RISK), (0.2999, OFF_TRACK), (0.02, OFF_TRACK)],
)
def test_the_status_follows_the_chance_with_cut_offs_at_70_and_30(probability, status):
    assert status_for(probability) == status


def test_the_chance_is_shown_rounded_to_five():
    projection = Projection(ON_TRACK, Decimal(80), Decimal(82), Decimal(81), Decimal(0), 30, probability=0.724)
    assert projection.percent == 70


def test_students_t_matches_its_tables():
    assert round(t_cdf(1.0, 1), 4) == 0.75
    assert round(t_cdf(2.0, 4), 4) == 0.9419
    assert round(t_cdf(-1.5, 10), 4) == 0.0823
    assert round(t_cdf(2.015, 5), 3) == 0.95
    assert [round(t_critical(0.05, degrees), 3) for degrees in (1, 2, 5, 10, 30)] == [
        12.706,
        4.303,
        2.571,
        2.228,
        2.042,
    ]


def test_a_steady_line_is_a_clear_trend():
    assert linear_trend(series(70, 0.2)).is_clear
