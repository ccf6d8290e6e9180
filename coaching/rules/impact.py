"""Coaching impact: did an agent's metric move more after a coaching session than their matched peers' did?

The comparison is a difference in differences. The coached agent's change (the mean over
the days after the session minus the mean over as many days before) is compared with the
changes of matched peers over the same two windows: agents with a similar level before and
a similar daily sample, not coached in those windows. What the peers' changes share (a
season, a new product) is not credited to the coaching, and neither is the drift back
towards the usual level of an agent chosen for a bad month: a line through the peers'
level before and change says how much agents at the coached agent's level move anyway.

How sure the verdict is: the unit is the day, not the call, survey or scheduled hour.
Each agent's change wobbles by the spread of their own days before and after (few surveys,
a long handle time, a sick spell: more spread). Days that go together (a bad week, an
absence that lasts) make changes wobble more than that; how much more is measured on the
peers, from their scatter around the line over the same windows, and applied to the
agent. The degrees of freedom combine the peers' (two fewer than their number, for the
line) and the agent's own days', and Student's t turns the estimate into a p-value. The
verdicts of a page are then judged together with Holm's correction, so six sessions times
three metrics do not give eighteen chances of a false "likely real".
"""

import math
import statistics
from dataclasses import dataclass, replace

from .student import t_critical, t_two_sided_p

NOT_ENOUGH, LIKELY, NO_CLEAR = "not_enough_data", "likely_real", "no_clear_change"
ALPHA = 0.05
MIN_DAYS_EACH_SIDE = 5
MIN_PEERS = 6
MATCHED_PEERS = 20
SIMILAR_SAMPLE_RATIO = 2.0  # a peer's daily sample is within this factor of the agent's


@dataclass(frozen=True)
class Window:
    """One agent's sums of one metric over one window, as the database returns them."""

    weighted_sum: float  # Σ value × sample size
    sample: int  # Σ sample size
    days: int  # days with a value
    squares: float  # Σ value² × sample size

    @property
    def mean(self) -> float | None:
        """The window's value: daily values weighted by their sample size."""
        return self.weighted_sum / self.sample if self.sample else None

    @property
    def mean_variance(self) -> float:
        """How much the window's value wobbles by the spread of its own days (each day one unit, not each trial)."""
        spread = max(self.squares - self.sample * self.mean**2, 0.0)  # Σ sample × (value − mean)²
        return spread / ((self.days - 1) * self.sample)


@dataclass(frozen=True)
class Windows:
    """One agent's before and after windows around the same day."""

    before: Window
    after: Window

    @property
    def usable(self) -> bool:
        """Whether both windows have enough days to compare."""
        return (
            min(self.before.days, self.after.days) >= MIN_DAYS_EACH_SIDE
            and self.before.sample > 0
            and self.after.sample > 0
        )

    @property
    def change(self) -> float:
        return self.after.mean - self.before.mean

    @property
    def noise(self) -> float:
        """How much the change wobbles by the spread of the agent's own days before and after."""
        return self.before.mean_variance + self.after.mean_variance

    @property
    def daily_sample(self) -> float:
        return self.before.sample / self.before.days


@dataclass(frozen=True)
class Impact:
    """The coached agent against matched peers, and how sure the comparison is."""

    before: float | None  # the agent's value before the session
    after: float | None  # ... and after it
    before_days: int
    after_days: int
    change: float | None  # the agent's after − before
    peers_change: float | None  # the change expected without coaching, from the matched peers
    estimate: float | None  # change − peers_change: what the coaching is credited with
    error: float | None  # standard error of the estimate
    peers: int  # matched peers compared with
    degrees: int | None  # degrees of freedom of the t test
    p_value: float | None
    spread: float | None  # how much the levels of comparable agents differ (one SD)
    detectable: float | None  # the smallest estimate the page surely calls likely real; the ± shown with it
    improved: bool | None
    verdict: str

    @property
    def judged(self) -> bool:
        """Whether there was enough data for a test (so it takes part in the page's correction)."""
        return self.p_value is not None

    def critical_t(self, alpha: float) -> float:
        return t_critical(alpha, self.degrees)


def matched_peers(agent: Windows, candidates: list[Windows], *, count: int = MATCHED_PEERS) -> list[Windows]:
    """The ``count`` usable candidates nearest the agent's level before, among those with a similar daily sample.

    A similar sample keeps the peers' changes as noisy as the agent's; if too few have
    one, the nearest in level of all the usable candidates are taken.
    """
    usable = [candidate for candidate in candidates if candidate.usable]
    similar = [
        candidate
        for candidate in usable
        if 1 / SIMILAR_SAMPLE_RATIO <= candidate.daily_sample / agent.daily_sample <= SIMILAR_SAMPLE_RATIO
    ]
    pool = similar if len(similar) >= MIN_PEERS else usable
    return sorted(pool, key=lambda candidate: abs(candidate.before.mean - agent.before.mean))[:count]


def coaching_impact(agent: Windows, candidates: list[Windows], *, higher_is_better: bool) -> Impact:
    """The agent's change against matched peers', judged as the only comparison on its page.

    ``candidates`` are the windows of every agent who could serve as a peer (same metric,
    same windows, not coached in them); the closest are matched here. Too few days on
    either side or too few usable peers gives "not enough data" with no estimate.
    """
    if not agent.usable:
        return _not_enough(agent, peers=0)
    peers = matched_peers(agent, candidates)
    if len(peers) < MIN_PEERS:
        return _not_enough(agent, peers=len(peers))
    peers_change, error = _expected_change(agent, peers)
    if not error:  # peers that never move say nothing about how much the agent could
        return _not_enough(agent, peers=len(peers))
    estimate = agent.change - peers_change
    # Two estimated spreads meet in the error: the peers' factor (peers − 2 degrees of freedom)
    # and the agent's own days (days − 2); their uncertainties add, so the degrees combine
    # as a harmonic sum, and the t test is as wide as both together make it.
    own_degrees = agent.before.days + agent.after.days - 2
    degrees = max(1, math.floor(1 / (1 / (len(peers) - 2) + 1 / own_degrees)))
    p_value = t_two_sided_p(estimate / error, degrees)
    levels = [candidate.before.mean for candidate in candidates if candidate.usable]
    impact = Impact(
        before=agent.before.mean,
        after=agent.after.mean,
        before_days=agent.before.days,
        after_days=agent.after.days,
        change=agent.change,
        peers_change=peers_change,
        estimate=estimate,
        error=error,
        peers=len(peers),
        degrees=degrees,
        p_value=p_value,
        spread=statistics.stdev(levels),
        detectable=None,
        improved=(estimate > 0) == higher_is_better if estimate else None,
        verdict=NO_CLEAR,
    )
    return impacts_judged_together([impact])[0]


def impacts_judged_together(impacts: list[Impact], *, alpha: float = ALPHA) -> list[Impact]:
    """The verdicts of one page's comparisons, with Holm's correction across all those that were tested.

    Holm keeps the chance of even one false "likely real" on the page at ``alpha``. Each
    tested comparison gets ``detectable``, the smallest estimate Holm calls real whatever
    the others show (the t for alpha over the number of tests, times the error): it is the
    ± shown beside the estimate, so the range and the verdict agree. A comparison not
    found real says "not enough data" when that size is larger than how much comparable
    agents differ from each other, and "no clear change" otherwise.
    """
    tested = [index for index, impact in enumerate(impacts) if impact.judged]
    real = set(holm(([impacts[index].p_value for index in tested]), alpha=alpha))
    judged = list(impacts)
    for position, index in enumerate(tested):
        impact = impacts[index]
        detectable = impact.critical_t(alpha / len(tested)) * impact.error
        if position in real:
            verdict = LIKELY
        elif impact.spread is not None and detectable > impact.spread:
            verdict = NOT_ENOUGH
        else:
            verdict = NO_CLEAR
        judged[index] = replace(impact, detectable=detectable, verdict=verdict)
    return judged


def holm(p_values: list[float], *, alpha: float = ALPHA) -> list[int]:
    """The positions of the hypotheses Holm's step-down procedure rejects at family level ``alpha``."""
    order = sorted(range(len(p_values)), key=lambda index: p_values[index])
    rejected = []
    for rank, index in enumerate(order):
        if p_values[index] > alpha / (len(p_values) - rank):
            break
        rejected.append(index)
    return rejected


def _expected_change(agent: Windows, peers: list[Windows]) -> tuple[float, float]:
    """The change the agent would have had without coaching, by the peers, and its prediction error.

    A straight line through the peers' (level before, change) predicts the agent's change
    at the agent's own level before: an agent picked for a bad month tends to drift back
    towards their usual level, and the line measures how much agents at that level do.

    Each agent's change wobbles by the spread of their own days (fewer surveys, a higher
    handle time, a sick spell: more spread), so each peer counts by the inverse of it and
    the agent's own spread sets the agent's part of the error. Days that go together make
    every change wobble more than its days' spread says; the peers' scatter around the line,
    measured against their own spreads, gives that factor. The error is that of a new
    observation: the agent's own wobble times the factor, the line's uncertainty, and more
    of it the further the agent is from the peers' middle.
    """
    floor = statistics.median(peer.noise for peer in peers) / 4 or 1e-12  # a peer whose days never vary
    noises = [max(peer.noise, floor) for peer in peers]
    weights = [1 / noise for noise in noises]
    total = sum(weights)
    levels = [peer.before.mean for peer in peers]
    changes = [peer.change for peer in peers]
    level_mean = sum(w * level for w, level in zip(weights, levels, strict=True)) / total
    change_mean = sum(w * change for w, change in zip(weights, changes, strict=True)) / total
    spread = sum(w * (level - level_mean) ** 2 for w, level in zip(weights, levels, strict=True))
    covariance = sum(
        w * (level - level_mean) * (change - change_mean)
        for w, level, change in zip(weights, levels, changes, strict=True)
    )
    slope = covariance / spread if spread else 0.0
    factor = sum(
        w * (change - change_mean - slope * (level - level_mean)) ** 2
        for w, level, change in zip(weights, levels, changes, strict=True)
    ) / (len(peers) - 2)
    distance = agent.before.mean - level_mean
    leverage = distance * distance / spread if spread else 0.0
    own = max(agent.noise, floor)
    return change_mean + slope * distance, math.sqrt(factor * (own + 1 / total + leverage))


def _not_enough(agent: Windows, *, peers: int) -> Impact:
    return Impact(
        before=agent.before.mean,
        after=agent.after.mean,
        before_days=agent.before.days,
        after_days=agent.after.days,
        change=agent.change if agent.before.sample and agent.after.sample else None,
        peers_change=None,
        estimate=None,
        error=None,
        peers=peers,
        degrees=None,
        p_value=None,
        spread=None,
        detectable=None,
        improved=None,
        verdict=NOT_ENOUGH,
    )
