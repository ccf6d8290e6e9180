"""The personal-target rule: direction-aware, paced by the agent's own trend, clamped to the valid range."""

from decimal import Decimal

from coaching.rules.expectations import suggest_personal_target, target_needs_reason


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


def test_an_agent_improving_faster_than_the_step_is_asked_to_keep_their_pace():
    # +0.1 a day over 90 days is +9, more than the team's +5.
    assert suggest(slope_per_day=0.1) == Decimal("79.0")


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
    assert suggest(slope_per_day=-1.0, **common) == Decimal("330")  # −90 beats the team's −30
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
    assert suggest(team_baseline=None, agent_baseline=Decimal("91"), slope_per_day=0.05) == Decimal("95.5")


def test_the_suggestion_is_rounded_to_the_metrics_decimals():
    assert suggest(agent_baseline=Decimal("70.04"), decimal_places=1) == Decimal("75.0")
    assert suggest(agent_baseline=Decimal("70.05"), decimal_places=1) == Decimal("75.1")


def test_no_valid_range_means_no_clamping():
    assert suggest(agent_baseline=Decimal("98"), max_value=None) == Decimal("103.0")


def test_a_reason_is_needed_only_when_the_target_differs_from_the_suggestion():
    assert not target_needs_reason(target=Decimal("75.0"), suggested=Decimal("75"))
    assert target_needs_reason(target=Decimal("76"), suggested=Decimal("75"))
    assert not target_needs_reason(target=Decimal("76"), suggested=None)
