"""Before vs after a coaching session."""

from decimal import Decimal

from coaching.rules.impact import LIKELY, NO_CLEAR, NOT_ENOUGH, Side, coaching_impact


def side(values, sample=40):
    return Side([(Decimal(str(v)), sample) for v in values])


def test_clear_improvement_of_a_rate_is_likely_real():
    before = side([70, 72, 71, 69, 70, 71, 70, 72, 70, 71])
    after = side([80, 81, 79, 82, 80, 81, 80, 79, 81, 80])
    impact = coaching_impact(before, after, higher_is_better=True, is_rate=True)
    assert impact.verdict == LIKELY
    assert impact.improved is True
    assert round(impact.change, 1) == 9.7  # 80.3 − 70.6
    assert (impact.before_sample, impact.after_sample) == (400, 400)


def test_lower_handle_time_after_coaching_counts_as_improvement():
    before = side([400, 410, 395, 405, 402, 398, 407])
    after = side([350, 355, 348, 352, 349, 351, 353])
    impact = coaching_impact(before, after, higher_is_better=False, is_rate=False)
    assert impact.improved is True
    assert impact.verdict == LIKELY


def test_noise_is_no_clear_change():
    before = side([70, 80, 60, 75, 65, 72, 68])
    after = side([71, 79, 61, 74, 66, 73, 67])
    assert coaching_impact(before, after, higher_is_better=True, is_rate=False).verdict == NO_CLEAR


def test_weighted_by_sample_size():
    impact = coaching_impact(
        Side([(Decimal(50), 1)] + [(Decimal(80), 99)] * 5),
        side([80] * 6),
        higher_is_better=True,
        is_rate=False,
    )
    assert round(impact.before, 2) == round((50 + 80 * 495) / 496, 2)


def test_too_few_days_or_samples_is_not_enough_data():
    assert coaching_impact(side([70] * 3), side([80] * 10), higher_is_better=True, is_rate=True).verdict == NOT_ENOUGH
    assert (
        coaching_impact(side([70] * 6, 2), side([80] * 6, 2), higher_is_better=True, is_rate=True).verdict == NOT_ENOUGH
    )
