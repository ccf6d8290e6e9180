"""The SMART check, criterion by criterion, and the best sustained level of a history."""

import datetime
from decimal import Decimal

import pytest

from coaching.rules.smart import (
    FAIL,
    PASS,
    WARNING,
    SmartInput,
    best_sustained_level,
    held_to_achievable,
    quartile_of_best,
    smart_check,
)

DAY = datetime.date(2026, 11, 25)
PEERS_HIGHER = [Decimal(v) for v in (70, 74, 78, 80, 82, 86, 90)]  # best sustained FCR of 7 peers


def goal(**changes):
    values = dict(
        has_metric=True,
        description="FCR on billing calls, measured by the ACD export.",
        objective="Fewer repeat calls lower cost per contact.",
        target=Decimal(80),
        baseline=Decimal(74),
        baseline_days=60,
        baseline_sample_per_day=35,
        start_date=DAY,
        due_date=DAY + datetime.timedelta(days=90),
        today=DAY,
        higher_is_better=True,
        min_value=Decimal(0),
        max_value=Decimal(100),
        peer_best_levels=PEERS_HIGHER,
    )
    values.update(changes)
    return SmartInput(**values)


def verdicts(result):
    return {criterion.key: criterion.status for criterion in result.criteria}


def test_a_sound_goal_passes_every_criterion():
    result = smart_check(goal())
    assert verdicts(result) == dict.fromkeys(("specific", "measurable", "achievable", "relevant", "time_bound"), PASS)
    assert result.passes


def test_no_metric_fails_specific_and_a_vague_description_warns():
    assert verdicts(smart_check(goal(has_metric=False)))["specific"] == FAIL
    assert verdicts(smart_check(goal(description="better")))["specific"] == WARNING


@pytest.mark.parametrize(
    ("changes", "status", "phrase"),
    [
        ({"target": None}, FAIL, "Give a target"),
        ({"target": Decimal(101)}, FAIL, "outside the metric's valid range"),
        ({"baseline": None}, FAIL, "no recent history"),
        ({"baseline_days": 4}, WARNING, "only 4 days"),
        ({"target": Decimal(70)}, WARNING, "no improvement"),
    ],
)
def test_measurable(changes, status, phrase):
    criterion = smart_check(goal(**changes)).criteria[1]
    assert criterion.status == status
    assert phrase in criterion.reason


def test_target_beyond_the_best_any_peer_sustained_fails_achievable():
    result = smart_check(goal(target=Decimal(91)))
    assert verdicts(result)["achievable"] == FAIL
    assert not result.passes
    assert "7 comparable peers" in result.criteria[2].reason


def test_target_beyond_the_top_quartile_warns():
    # Top quartile of 70..90 (7 values): 75th percentile = 84.
    assert quartile_of_best(PEERS_HIGHER, True) == Decimal(84)
    assert verdicts(smart_check(goal(target=Decimal(85))))["achievable"] == WARNING
    assert verdicts(smart_check(goal(target=Decimal(84))))["achievable"] == PASS


def test_achievable_respects_lower_is_better():
    # Handle time in seconds: peers' best sustained AHT; lower is better.
    peers = [Decimal(v) for v in (300, 320, 340, 360, 380)]
    assert quartile_of_best(peers, False) == Decimal(320)
    lower = dict(higher_is_better=False, baseline=Decimal(390), peer_best_levels=peers, max_value=Decimal(7200))
    assert verdicts(smart_check(goal(target=Decimal(290), **lower)))["achievable"] == FAIL
    assert verdicts(smart_check(goal(target=Decimal(310), **lower)))["achievable"] == WARNING
    assert verdicts(smart_check(goal(target=Decimal(350), **lower)))["achievable"] == PASS
    # A higher AHT than the baseline is no improvement when lower is better.
    assert verdicts(smart_check(goal(target=Decimal(400), **lower)))["measurable"] == WARNING


def test_no_peer_history_makes_achievable_a_warning_not_a_fail():
    assert verdicts(smart_check(goal(peer_best_levels=[])))["achievable"] == WARNING


def test_missing_objective_fails_relevant():
    assert verdicts(smart_check(goal(objective="")))["relevant"] == FAIL


@pytest.mark.parametrize(
    ("start_offset", "due_offset", "sample_per_day", "status"),
    [
        (0, 0, 35, FAIL),  # due today: not in the future
        (-30, -1, 35, FAIL),  # already past
        (0, 10, 35, FAIL),  # too short to show in daily values
        (0, 30, 1, WARNING),  # low-volume metric needs longer
        (0, 400, 35, WARNING),  # over a year
        (0, 30, 35, PASS),
    ],
)
def test_time_bound(start_offset, due_offset, sample_per_day, status):
    checked = goal(
        start_date=DAY + datetime.timedelta(days=start_offset),
        due_date=DAY + datetime.timedelta(days=due_offset),
        baseline_sample_per_day=sample_per_day,
    )
    assert verdicts(smart_check(checked))["time_bound"] == status


def day(n):
    return datetime.date(2026, 1, 1) + datetime.timedelta(days=n)


def test_best_sustained_level_finds_the_best_full_window():
    # 10 days at 70 then 10 days at 90, all with the same sample: the best 10-day window is 90.
    daily = [(day(n), Decimal(70 * 10), 10, Decimal(70), 1) for n in range(10)]
    daily += [(day(n), Decimal(90 * 10), 10, Decimal(90), 1) for n in range(10, 20)]
    assert best_sustained_level(daily, window_days=10, aggregation="weighted_mean", higher_is_better=True) == 90
    assert best_sustained_level(daily, window_days=10, aggregation="weighted_mean", higher_is_better=False) == 70
    # A 20-day window is the whole history: the weighted mean of both halves.
    assert best_sustained_level(daily, window_days=20, aggregation="weighted_mean", higher_is_better=True) == 80


def test_a_single_great_day_is_not_a_sustained_level():
    daily = [(day(n), Decimal(70 * 10), 10, Decimal(70), 1) for n in range(30)]
    daily[15] = (day(15), Decimal(100 * 10), 10, Decimal(100), 1)
    best = best_sustained_level(daily, window_days=14, aggregation="weighted_mean", higher_is_better=True)
    assert Decimal(70) < best < Decimal(73)


def test_no_history_has_no_sustained_level():
    assert best_sustained_level([], window_days=14, aggregation="weighted_mean", higher_is_better=True) is None


def test_a_pulse_metric_counts_closed_rounds_not_days():
    # Six fortnightly rounds make a sound baseline for a survey figure; six days would not for a daily KPI.
    per_round = smart_check(goal(measured_per_round=True, baseline_days=6, baseline_sample_per_day=9))
    assert verdicts(per_round)["measurable"] == PASS
    assert verdicts(smart_check(goal(baseline_days=6)))["measurable"] == WARNING
    two_rounds = smart_check(goal(measured_per_round=True, baseline_days=2))
    assert "2 closed survey rounds" in two_rounds.criteria[1].reason


def test_a_pulse_goal_shorter_than_six_weeks_may_hold_too_few_rounds():
    short = goal(measured_per_round=True, baseline_days=6, due_date=DAY + datetime.timedelta(days=28))
    time_bound = smart_check(short).criteria[4]
    assert time_bound.status == WARNING and "too few rounds" in time_bound.reason


def test_a_target_beyond_the_peers_top_quartile_is_held_to_it_in_either_direction():
    levels = [Decimal(70), Decimal(80), Decimal(90), Decimal(100)]  # top quartile 92.5 (higher), 77.5 (lower)
    assert held_to_achievable(Decimal(95), levels, True) == Decimal("92.5")
    assert held_to_achievable(Decimal(85), levels, True) == Decimal(85)
    assert held_to_achievable(Decimal(75), levels, False) == Decimal("77.5")
    assert held_to_achievable(Decimal(95), [], True) == Decimal(95)
