"""Projection of a goal from its recent trend."""

import datetime
from decimal import Decimal

from coaching.rules.projection import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK, project_goal
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


def project(values, target, due_in_days, higher=True, max_value=Decimal(100)):
    trend = linear_trend(values)
    last_day = max(day for day, _, _ in values)
    return project_goal(
        trend=trend,
        current=Decimal(str(values[-1][1])),
        target=Decimal(target),
        due_date=last_day + datetime.timedelta(days=due_in_days),
        higher_is_better=higher,
        min_value=Decimal(0),
        max_value=max_value,
    )


def test_rising_towards_a_target_it_will_pass_is_on_track():
    result = project(series(70, 0.2), 85, 60)  # now 75.8, +12 by the due date
    assert result.status == ON_TRACK
    assert result.projected >= 85
    assert result.slope_per_week == Decimal("1.4")


def test_rising_but_too_slowly_is_at_risk():
    result = project(series(70, 0.12), 85, 60)  # now 73.5, projected 80.7: over half the gap closed
    assert result.status == AT_RISK


def test_flat_or_falling_is_off_track():
    assert project(series(75, 0), 85, 60).status == OFF_TRACK
    assert project(series(75, -0.1), 85, 60).status == OFF_TRACK


def test_lower_is_better_projection():
    falling_aht = series(400, -1.0)  # seconds, falling one a day
    assert project(falling_aht, 340, 60, higher=False, max_value=None).status == ON_TRACK
    assert project(series(400, 1.0), 340, 60, higher=False, max_value=None).status == OFF_TRACK


def test_projection_is_clamped_to_the_valid_range():
    assert project(series(90, 1.0), 99, 60).projected == Decimal(100)


def test_too_few_days_means_no_projection():
    assert project(series(70, 1, days=5), 85, 60).status == NO_DATA


def test_a_slope_lost_in_noise_projects_todays_level():
    noisy = [(START + datetime.timedelta(days=n), 80 + (12 if n % 2 else -12) + 0.05 * n, 5) for n in range(30)]
    trend = linear_trend(noisy)
    assert not trend.is_clear
    result = project_goal(
        trend=trend,
        current=Decimal(81),
        target=Decimal(85),
        due_date=START + datetime.timedelta(days=90),
        higher_is_better=True,
    )
    assert result.projected == Decimal(81)
    assert result.slope_per_week == 0
    assert result.status == OFF_TRACK


def test_a_steady_line_is_a_clear_trend():
    assert linear_trend(series(70, 0.2)).is_clear
