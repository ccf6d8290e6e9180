"""The personal-target rule: direction-aware, paced by the agent's damped trend, capped by what peers sustained."""

from decimal import Decimal

from coaching.rules.expectations import suggest_personal_target, target_needs_reason
from coaching.rules.smart import achievable_limit


def suggest(**overrides):
    arguments = {
        "team_target": Decimal("85"),
        "team_baseline": Decimal("80"),
        "agent_baseline": Decimal("70"),
        "slope_per_day": None,
        "days": 90,
        "higher_is_better": True,
        "min_value": Decimal("0"),
        "max_value": Decimal("100"),
        "decimal_places": 1,
    }
    return suggest_personal_target(**{**arguments, **overrides})


def test_higher_is_better_asks_each_agent_for_the_teams_step_from_their_own_baseline():
    assert suggest() == Decimal("75.0")
    assert suggest(agent_baseline=Decimal("90")) == Decimal("95.0")


def test_lower_is_better_asks_for_the_same_reduction_from_the_agents_own_baseline():
    aht = suggest(
        team_target=Decimal("350"),
        team_baseline=Decimal("380"),
        agent_baseline=Decimal("420"),
        higher_is_better=False,
        max_value=Decimal("7200"),
        decimal_places=0,
    )
    assert aht == Decimal("390")


def test_an_agent_improving_faster_than_the_step_is_asked_to_keep_their_pace_as_it_fades():
    # +0.2 a day, damped over 90 days, is about +8.2 (not +18), more than the team's +5.
    assert suggest(slope_per_day=0.2) == Decimal("78.2")
    # +0.1 a day fades to about +4.1: the team's step asks more.
    assert suggest(slope_per_day=0.1) == Decimal("75.0")


def test_a_slower_improvement_than_the_step_does_not_lower_the_bar():
    assert suggest(slope_per_day=0.02) == Decimal("75.0")


def test_a_falling_trend_never_lowers_the_target_below_the_step():
    assert suggest(slope_per_day=-0.5) == Decimal("75.0")


def test_lower_is_better_counts_a_falling_trend_as_pace_and_ignores_a_rising_one():
    common = {
        "team_target": Decimal("350"),
        "team_baseline": Decimal("380"),
        "agent_baseline": Decimal("420"),
        "higher_is_better": False,
        "max_value": Decimal("7200"),
        "decimal_places": 0,
    }
    assert suggest(slope_per_day=-1.0, **common) == Decimal("379")  # −41 (damped) beats the team's −30
    assert suggest(slope_per_day=1.0, **common) == Decimal("390")


def test_the_suggestion_is_clamped_to_the_top_of_the_valid_range():
    assert suggest(agent_baseline=Decimal("98")) == Decimal("100")
    assert suggest(agent_baseline=Decimal("90"), slope_per_day=1.0) == Decimal("100")


def test_the_suggestion_is_clamped_to_the_bottom_of_the_valid_range():
    assert suggest(
        team_target=Decimal("2"),
        team_baseline=Decimal("5"),
        agent_baseline=Decimal("1.5"),
        higher_is_better=False,
    ) == Decimal("0")


def test_without_the_agents_own_history_the_team_target_is_suggested():
    assert suggest(agent_baseline=None) == Decimal("85.0")
    assert suggest(agent_baseline=None, team_target=Decimal("120")) == Decimal("100")


def test_without_a_team_baseline_the_agent_is_asked_for_the_team_target_or_to_hold_a_better_level():
    assert suggest(team_baseline=None) == Decimal("85.0")
    assert suggest(team_baseline=None, agent_baseline=Decimal("91")) == Decimal("91.0")
    assert suggest(team_baseline=None, agent_baseline=Decimal("91"), slope_per_day=0.05) == Decimal("93.1")


def test_the_suggestion_is_rounded_to_the_metrics_decimals():
    assert suggest(agent_baseline=Decimal("70.04"), decimal_places=1) == Decimal("75.0")
    assert suggest(agent_baseline=Decimal("70.05"), decimal_places=1) == Decimal("75.1")


def test_no_valid_range_means_no_clamping():
    assert suggest(agent_baseline=Decimal("98"), max_value=None) == Decimal("103.0")


def test_a_reason_is_needed_only_when_the_target_differs_from_the_suggestion():
    assert not target_needs_reason(target=Decimal("75.0"), suggested=Decimal("75"))
    assert target_needs_reason(target=Decimal("76"), suggested=Decimal("75"))
    assert not target_needs_reason(target=Decimal("76"), suggested=None)


PEERS = [Decimal(level) for level in ("78", "80", "81", "82", "82.6", "84", "86")]  # top quartile 83.3


def test_a_strong_pace_is_capped_where_the_achievable_check_stops_passing():
    # The agent at 82.2 % rising fast: without a cap the pace would ask for 100 %.
    suggested = suggest(agent_baseline=Decimal("82.2"), slope_per_day=0.5, peer_best_levels=PEERS)
    assert suggested == Decimal("83.3")
    assert suggested == achievable_limit(PEERS, True).quantize(Decimal("0.1"))


def test_the_cap_is_rounded_towards_the_easier_side():
    peers = [Decimal("80"), Decimal("80.19"), Decimal("80.19")]
    assert suggest(agent_baseline=Decimal("79"), slope_per_day=1, peer_best_levels=peers) == Decimal("80.1")
    aht_peers = [Decimal("300.4"), Decimal("310"), Decimal("320")]
    aht = suggest(
        team_target=Decimal("300"),
        team_baseline=Decimal("330"),
        agent_baseline=Decimal("330"),
        higher_is_better=False,
        max_value=None,
        decimal_places=0,
        peer_best_levels=aht_peers,
    )
    assert aht == Decimal("306")  # the top quartile (lowest quarter) is 305.2: 306, never 305


def test_an_agent_already_beyond_the_cap_is_asked_to_hold_their_level_never_less():
    assert suggest(agent_baseline=Decimal("88.04"), peer_best_levels=PEERS) == Decimal("88.1")
    aht = suggest(
        team_target=Decimal("350"),
        team_baseline=Decimal("380"),
        agent_baseline=Decimal("300.6"),
        higher_is_better=False,
        max_value=None,
        decimal_places=0,
        peer_best_levels=[Decimal("340"), Decimal("360"), Decimal("380")],
    )
    assert aht == Decimal("300")


def test_without_peers_there_is_no_cap_but_the_baseline_still_holds():
    assert suggest(agent_baseline=Decimal("82.2"), slope_per_day=0.5, peer_best_levels=[]) == Decimal("100")
    assert suggest(agent_baseline=Decimal("82.2"), team_target=Decimal("80"), peer_best_levels=[]) == Decimal("82.2")


def test_a_held_baseline_is_not_rounded_past_the_best_any_peer_sustained():
    peers = [Decimal("80"), Decimal("85.04")]
    assert suggest(agent_baseline=Decimal("85.03"), peer_best_levels=peers) == Decimal("85.03")
