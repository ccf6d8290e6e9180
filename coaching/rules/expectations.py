"""Personal targets: how a team goal's target becomes one agent's expectation."""

from decimal import ROUND_HALF_UP, Decimal


def suggest_personal_target(
    *,
    team_target: Decimal,
    team_baseline: Decimal | None,
    agent_baseline: Decimal | None,
    slope_per_day: float | None,
    days: int,
    higher_is_better: bool,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    decimal_places: int = 4,
) -> Decimal:
    """The target to suggest to one agent for a team goal.

    Each agent is asked for the improvement the team goal asks of the team, from where
    *they* stand, or for their own recent pace if that takes them further::

        step      = team_target − team_baseline
        pace      = slope_per_day × days            (only when it points the better way)
        suggested = agent_baseline + the more ambitious of (step, pace)

    "More ambitious" follows the metric's direction: the larger for higher-is-better
    metrics, the smaller for lower-is-better ones. A falling trend never lowers the bar:
    pace then counts as zero, so the agent is asked at least to hold their level. Without
    a team baseline the suggestion is the more ambitious of the team target and the
    agent's own baseline plus pace; without an agent baseline (no history yet) it is the
    team target. The result is rounded to ``decimal_places`` and clamped to the metric's
    valid range ``[min_value, max_value]``.

    Pass ``slope_per_day=None`` when the trend does not stand out from day-to-day noise:
    extrapolated over a whole goal, a chance slope would make a target out of luck.
    """
    team_target = Decimal(team_target)

    def more_ambitious(first: Decimal, second: Decimal) -> Decimal:
        return max(first, second) if higher_is_better else min(first, second)

    if agent_baseline is None:
        suggested = team_target
    else:
        agent_baseline = Decimal(agent_baseline)
        pace = Decimal(str(slope_per_day or 0)) * max(days, 0)
        if (pace < 0) == higher_is_better:
            pace = Decimal(0)
        if team_baseline is None:
            suggested = more_ambitious(team_target, agent_baseline + pace)
        else:
            step = team_target - Decimal(team_baseline)
            suggested = agent_baseline + more_ambitious(step, pace)
    suggested = suggested.quantize(Decimal(1).scaleb(-decimal_places), rounding=ROUND_HALF_UP)
    if min_value is not None:
        suggested = max(suggested, Decimal(min_value))
    if max_value is not None:
        suggested = min(suggested, Decimal(max_value))
    return suggested


def target_needs_reason(*, target: Decimal, suggested: Decimal | None) -> bool:
    """Whether a manager must say why: the target set differs from the suggested one."""
    return suggested is not None and Decimal(target) != Decimal(suggested)
