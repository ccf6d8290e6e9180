"""Personal targets: how a team goal's target becomes one agent's expectation."""

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .smart import achievable_limit, better
from .trend import damped_days


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
    peer_best_levels: list[Decimal] | None = None,
) -> Decimal:
    """The target to suggest to one agent for a team goal.

    Each agent is asked for the improvement the team goal asks of the team, from where
    *they* stand, or for their own recent pace if that takes them further::

        step      = team_target − team_baseline
        pace      = slope_per_day × damped_days(days)   (only when it points the better way)
        suggested = agent_baseline + the more ambitious of (step, pace)

    "More ambitious" follows the metric's direction. The pace is damped as projections
    damp a trend: no recent pace runs on unchanged for a whole goal. A falling trend never
    lowers the bar: pace then counts as zero. Without a team baseline the suggestion is
    the more ambitious of the team target and the agent's own baseline plus pace; without
    an agent baseline (no history yet) it is the team target.

    Then two bounds, in this order of precedence:

    - never beyond ``achievable_limit(peer_best_levels)``, the most ambitious target the
      SMART check's Achievable criterion passes (the top quartile of what comparable
      agents sustained over as long as the goal);
    - never worse than the agent's own baseline: an agent already beyond that limit is
      asked to hold their level.

    The result is rounded to ``decimal_places`` without crossing either bound (a held
    baseline stays exact when rounding it would pass the best level any peer sustained),
    and kept within the metric's valid range ``[min_value, max_value]``.

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
        pace = Decimal(str(slope_per_day or 0)) * Decimal(str(damped_days(max(days, 0))))
        if (pace < 0) == higher_is_better:
            pace = Decimal(0)
        if team_baseline is None:
            suggested = more_ambitious(team_target, agent_baseline + pace)
        else:
            step = team_target - Decimal(team_baseline)
            suggested = agent_baseline + more_ambitious(step, pace)
    unit = Decimal(1).scaleb(-decimal_places)
    toward_less = ROUND_FLOOR if higher_is_better else ROUND_CEILING
    toward_more = ROUND_CEILING if higher_is_better else ROUND_FLOOR
    suggested = suggested.quantize(unit, rounding=ROUND_HALF_UP)
    limit = achievable_limit(peer_best_levels or [], higher_is_better)
    if limit is not None and better(suggested, limit, higher_is_better):
        suggested = limit.quantize(unit, rounding=toward_less)
    if agent_baseline is not None and better(agent_baseline, suggested, higher_is_better):
        suggested = agent_baseline.quantize(unit, rounding=toward_more)
        best = (max if higher_is_better else min)(peer_best_levels) if peer_best_levels else None
        if (
            best is not None
            and better(suggested, best, higher_is_better)
            and not better(agent_baseline, best, higher_is_better)
        ):
            suggested = agent_baseline  # rounding up would pass the best any peer sustained: keep it exact
    if min_value is not None:
        suggested = max(suggested, Decimal(min_value))
    if max_value is not None:
        suggested = min(suggested, Decimal(max_value))
    return suggested


def target_needs_reason(*, target: Decimal, suggested: Decimal | None) -> bool:
    """Whether a manager must say why: the target set differs from the suggested one."""
    return suggested is not None and Decimal(target) != Decimal(suggested)
