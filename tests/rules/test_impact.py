"""Coaching impact: the coached agent's change against matched uncoached peers, judged across a page."""

import pytest

from coaching.rules.impact import (
    LIKELY,
    NO_CLEAR,
    NOT_ENOUGH,
    Window,
    Windows,
    coaching_impact,
    holm,
    impacts_judged_together,
    matched_peers,
)
from coaching.rules.student import t_critical, t_two_sided_p

NOISE = [0.9, -1.2, 0.4, -0.3, 1.5, -0.8, 0.1, -1.4, 1.1, -0.5, 0.7, -0.9, 1.3, -0.2, 0.3, -1.1, 0.6, -0.6, 1.0, -0.7]


def window(mean, *, days, sample, sd):
    total = sample * days
    return Window(mean * total, total, days, total * (mean * mean + sd * sd))


def windows(before, after, *, days=20, sample=20, sd=3.0):
    """An agent's windows: ``days`` days each side at the given means, ``sample`` a day, days spread by ``sd``."""
    return Windows(window(before, days=days, sample=sample, sd=sd), window(after, days=days, sample=sample, sd=sd))


def peers(*, change=0.0, drift_to=None, levels=None, scale=1.0):
    """Twenty uncoached peers with levels 70–89 whose changes scatter by NOISE (times ``scale``) around ``change``.

    With ``drift_to`` each peer also moves half-way back towards that level, as agents
    picked for a bad or good month do.
    """
    levels = levels or [70 + index for index in range(20)]
    result = []
    for level, noise in zip(levels, NOISE, strict=False):
        drift = (drift_to - level) / 2 if drift_to is not None else 0.0
        result.append(windows(level, level + change + drift + scale * noise))
    return result


def test_a_real_change_beyond_the_peers_is_likely_real():
    impact = coaching_impact(windows(80, 88), peers(), higher_is_better=True)
    assert impact.verdict == LIKELY
    assert impact.improved is True
    assert impact.peers == 20
    assert impact.degrees == 12  # 18 from the peers' line and 38 from the agent's 40 days, combined
    assert impact.estimate == pytest.approx(8, abs=0.5)
    assert impact.detectable == pytest.approx(t_critical(0.05, impact.degrees) * impact.error)
    assert impact.detectable < 3


def test_a_lower_handle_time_counts_as_an_improvement():
    impact = coaching_impact(windows(80, 72), peers(), higher_is_better=False)
    assert (impact.verdict, impact.improved) == (LIKELY, True)


def test_a_change_the_peers_share_is_not_credited_to_coaching():
    impact = coaching_impact(windows(80, 88), peers(change=8), higher_is_better=True)
    assert impact.change == pytest.approx(8)
    assert impact.peers_change == pytest.approx(8, abs=0.5)
    assert impact.verdict == NO_CLEAR


def test_an_agent_chosen_for_a_bad_month_who_drifts_back_like_the_peers_gets_no_verdict():
    # The peers drift half-way back towards 85; the coached agent, the worst at 66, does the same.
    bottom = peers(drift_to=85, levels=[68 + index for index in range(20)])
    impact = coaching_impact(windows(66, 66 + (85 - 66) / 2), bottom, higher_is_better=True)
    assert impact.change == pytest.approx(9.5)
    assert impact.verdict != LIKELY
    assert abs(impact.estimate) < 2


def test_peers_are_the_nearest_in_level_with_a_similar_daily_sample():
    agent = windows(80, 80, sample=20)
    far_busier = [windows(80, 80, sample=200) for _ in range(10)]
    similar = [windows(level, level, sample=25) for level in range(60, 100)]
    chosen = matched_peers(agent, far_busier + similar)
    assert len(chosen) == 20
    assert all(peer.before.sample == 25 * 20 for peer in chosen)
    assert {peer.before.mean for peer in chosen} == set(range(70, 90))


def test_too_few_days_or_peers_is_not_enough_data_without_an_estimate():
    short = Windows(window(80, days=3, sample=20, sd=3), window(88, days=20, sample=20, sd=3))
    assert coaching_impact(short, peers(), higher_is_better=True).verdict == NOT_ENOUGH
    lonely = coaching_impact(windows(80, 88), peers()[:4], higher_is_better=True)
    assert (lonely.verdict, lonely.estimate, lonely.peers) == (NOT_ENOUGH, None, 4)


def test_a_noisy_comparison_says_the_smallest_change_it_could_see():
    impact = coaching_impact(windows(80, 83), peers(scale=8), higher_is_better=True)
    assert impact.verdict == NOT_ENOUGH
    assert impact.detectable == pytest.approx(t_critical(0.05, impact.degrees) * impact.error)
    assert impact.detectable > impact.spread


def test_an_agent_whose_own_days_spread_more_gets_a_wider_error():
    steady = coaching_impact(windows(80, 84, sd=3), peers(), higher_is_better=True)
    erratic = coaching_impact(windows(80, 84, sd=12), peers(), higher_is_better=True)
    assert erratic.error > 3 * steady.error
    assert steady.verdict == LIKELY
    assert erratic.verdict == NOT_ENOUGH


def test_holm_rejects_step_down_and_stops_at_the_first_failure():
    assert holm([0.01, 0.04, 0.03]) == [0]
    assert holm([0.01, 0.02, 0.04]) == [0, 1, 2]
    assert holm([0.2, 0.3]) == []


def test_a_page_of_comparisons_is_judged_together():
    alone = coaching_impact(windows(80, 83.2), peers(), higher_is_better=True)
    assert alone.verdict == LIKELY and 0.001 < alone.p_value < 0.05
    quiet = [coaching_impact(windows(80, 80.3), peers(), higher_is_better=True) for _ in range(17)]
    too_short = coaching_impact(Windows(Window(0, 0, 0, 0), Window(0, 0, 0, 0)), peers(), higher_is_better=True)
    page = impacts_judged_together([alone, *quiet, too_short])
    assert page[0].verdict != LIKELY
    assert page[0].detectable == pytest.approx(t_critical(0.05 / 18, alone.degrees) * alone.error)
    assert page[-1].verdict == NOT_ENOUGH and page[-1].detectable is None


def test_student_t_matches_the_tables():
    assert [round(t_critical(0.05, degrees), 3) for degrees in (1, 2, 5, 10, 30)] == [
        12.706,
        4.303,
        2.571,
        2.228,
        2.042,
    ]
    assert t_two_sided_p(2.0, 10) == pytest.approx(0.0734, abs=1e-4)
    assert t_two_sided_p(0.0, 7) == pytest.approx(1.0)
