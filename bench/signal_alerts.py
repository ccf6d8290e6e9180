"""How often the default alert detector is wrong, by simulation (a script that prints figures, not a test).

It drives the project's own rules (``coaching.rules.alerts.replay`` with the default
condition, fed weekly roll-ups made by ``coaching.rules.rollup`` from daily values, the way
``selectors.alerts.rule_series`` feeds the evaluation) on simulated agents:

- CSAT: a rate of satisfied surveys, 5–40 surveys a working day, each agent with their own level;
- AHT: a mean of lognormal handle times, 20–60 calls a working day;
- absence: one value a working day, absent (100 %) or present (0 %), about 4 % of days;
- AHT whose weekly level wanders (autocorrelated, AR(1) with φ = 0.5): the hardest case.

Each agent has 52 weeks of history before the weeks judged. In control, it counts the
investigations opened per agent and metric over the judged years (each is resolved on its
due date, 14 days later, and the detector starts again). Then it shifts the metric the worse
way by 1 or 2 standard deviations of a week's value, for good, and counts how many agents
are caught within 4, 13 and 52 weeks.

    .venv/bin/python bench/signal_alerts.py [--quick] [--seed N]
"""

import argparse
import datetime
import math
import random
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coaching.rules.alerts import CUSUM, DEFAULT_BASELINE_PERIODS, PeriodValue, replay  # noqa: E402
from coaching.rules.periods import WEEK  # noqa: E402
from coaching.rules.rollup import RATE, WEIGHTED_MEAN, Totals, rollup  # noqa: E402

MONDAY = datetime.date(2024, 1, 1)
HISTORY_WEEKS = DEFAULT_BASELINE_PERIODS
DUE_IN_DAYS = 14
WORKING_DAYS = 5
ABSENCE_RATE = 0.04
AHT_SIGMA = 0.6  # of log handle time per call
AR_PHI = 0.5


@dataclass(frozen=True)
class Kind:
    """A simulated metric: how a day is drawn, how it rolls up, and which way is better."""

    label: str
    aggregation: str
    higher_is_better: bool
    autocorrelated: bool = False


CSAT = Kind("CSAT (rate, 5–40 surveys a day)", RATE, True)
AHT = Kind("AHT (lognormal per call)", WEIGHTED_MEAN, False)
ABSENCE = Kind("Absence (0/1 a day)", RATE, False)
AHT_AR = Kind("AHT, autocorrelated weeks", WEIGHTED_MEAN, False, autocorrelated=True)
KINDS = (CSAT, AHT, ABSENCE)


class Agent:
    """One simulated agent's metric: their own level, and a week's days drawn around it."""

    def __init__(self, kind: Kind, rng: random.Random):
        self.kind, self.rng = kind, rng
        self.share = rng.uniform(0.75, 0.92)
        self.log_mean = math.log(rng.uniform(240, 420))
        self.wander = 0.0

    def week_sd(self) -> float:
        """The standard deviation of a week's value in control (the unit a shift is measured in)."""
        if self.kind is CSAT:
            return math.sqrt(self.share * (1 - self.share) / (WORKING_DAYS * 22.5))
        if self.kind is ABSENCE:
            return math.sqrt(ABSENCE_RATE * (1 - ABSENCE_RATE) / WORKING_DAYS)
        mean = math.exp(self.log_mean + AHT_SIGMA**2 / 2)
        per_call = mean * math.sqrt(math.exp(AHT_SIGMA**2) - 1)
        return per_call / math.sqrt(WORKING_DAYS * 40)

    def week(self, start: datetime.date, shift_sd: float) -> PeriodValue:
        """One week's roll-up, worse by ``shift_sd`` standard deviations of a week's value."""
        rng, shift = self.rng, shift_sd * self.week_sd()
        days = []
        if self.kind is CSAT:
            share = min(max(self.share - shift, 0.0), 1.0)
            for _ in range(WORKING_DAYS):
                surveys = rng.randint(5, 40)
                satisfied = sum(rng.random() < share for _ in range(surveys))
                days.append((Decimal(str(round(100 * satisfied / surveys, 2))), surveys))
        elif self.kind is ABSENCE:
            rate = min(ABSENCE_RATE + shift, 1.0)
            days = [(Decimal(100 if rng.random() < rate else 0), 1) for _ in range(WORKING_DAYS)]
        else:
            if self.kind.autocorrelated:
                # The weekly level wanders about as much as a week's sampling noise.
                innovation = AHT_SIGMA / math.sqrt(WORKING_DAYS * 40) * math.sqrt(1 - AR_PHI**2)
                self.wander = AR_PHI * self.wander + rng.gauss(0, innovation)
            mean = math.exp(self.log_mean + AHT_SIGMA**2 / 2)
            factor = (mean + shift) / mean * math.exp(self.wander)
            for _ in range(WORKING_DAYS):
                calls = rng.randint(20, 60)
                total = sum(rng.lognormvariate(self.log_mean, AHT_SIGMA) for _ in range(calls)) * factor
                days.append((Decimal(str(round(total / calls, 2))), calls))
        totals = Totals.of(days)
        return PeriodValue(start=start, value=rollup(self.kind.aggregation, totals), sample=totals.sample_sum)


def simulate(kind: Kind, rng: random.Random, *, weeks: int, shift_from: int | None, shift_sd: float):
    agent = Agent(kind, rng)
    return [
        agent.week(
            MONDAY + datetime.timedelta(weeks=index),
            shift_sd if shift_from is not None and index >= shift_from else 0.0,
        )
        for index in range(weeks)
    ]


def alarms(kind: Kind, series: list[PeriodValue], first_index: int) -> list:
    return replay(
        CUSUM,
        series,
        period=WEEK,
        first=series[first_index].start,
        last=series[-1].start,
        open_days=DUE_IN_DAYS,
        higher_is_better=kind.higher_is_better,
        aggregation=kind.aggregation,
        baseline_periods=DEFAULT_BASELINE_PERIODS,
    )


def false_alarms_per_year(kind: Kind, rng: random.Random, *, agents: int, years: int) -> tuple[float, int]:
    opened = 0
    for _ in range(agents):
        series = simulate(kind, rng, weeks=HISTORY_WEEKS + 52 * years, shift_from=None, shift_sd=0.0)
        opened += len(alarms(kind, series, HISTORY_WEEKS))
    return opened / (agents * years), opened


def caught_within(kind: Kind, rng: random.Random, *, agents: int, shift_sd: float, weeks: tuple[int, ...]):
    """The share of agents whose lasting shift is caught within each of ``weeks`` weeks of its start."""
    horizon = max(weeks)
    delays = []
    for _ in range(agents):
        series = simulate(kind, rng, weeks=HISTORY_WEEKS + horizon, shift_from=HISTORY_WEEKS, shift_sd=shift_sd)
        found = alarms(kind, series, HISTORY_WEEKS)
        delays.append((found[0].period_start - series[HISTORY_WEEKS].start).days // 7 + 1 if found else None)
    return {week: sum(1 for d in delays if d is not None and d <= week) / agents for week in weeks}


def _normal_tail(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def _normal_quantile(upper: float) -> float:
    """The z whose upper tail is ``upper``, by bisection (the standard library has no inverse)."""
    low, high = -10.0, 10.0
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if _normal_tail(middle) > upper else (low, middle)
    return (low + high) / 2


def _binomial_tail(n: int, p: float, at_least: int) -> float:
    return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(at_least, n + 1))


def detection_bound(kind: Kind, *, shift_sd: float, weeks: int, budget: float = 0.05) -> float:
    """The most any detector could catch within ``weeks`` at ``budget`` false investigations a year.

    A detector that opens at most ``budget`` investigations a year in control raises one in a
    given stretch of ``weeks`` weeks with probability at most ``budget × weeks / 52``; the
    weeks before a shift look the same with or without it, so within the stretch it can do no
    better than the most powerful test of that level on the stretch's own data
    (Neyman–Pearson), with the level and the spread known exactly. Weekly CSAT and AHT are
    taken as normal; absence is counted exactly, day by day.
    """
    level = budget * weeks / 52
    if kind is not ABSENCE:
        return _normal_tail(_normal_quantile(level) - shift_sd * math.sqrt(weeks))
    days = weeks * WORKING_DAYS
    shifted = ABSENCE_RATE + shift_sd * math.sqrt(ABSENCE_RATE * (1 - ABSENCE_RATE) / WORKING_DAYS)
    cut = next(c for c in range(days + 2) if _binomial_tail(days, ABSENCE_RATE, c) <= level)
    # The randomised test: always at ``cut`` absent days or more, sometimes at one fewer.
    at_cut = _binomial_tail(days, ABSENCE_RATE, cut - 1) - _binomial_tail(days, ABSENCE_RATE, cut)
    share = (level - _binomial_tail(days, ABSENCE_RATE, cut)) / at_cut
    return _binomial_tail(days, shifted, cut) + share * (
        _binomial_tail(days, shifted, cut - 1) - _binomial_tail(days, shifted, cut)
    )


def print_bounds() -> None:
    """What no detector can beat at the false-alarm goal, beside each detection goal."""
    print("The most any detector could catch at 0.05 false investigations a year (level and spread known):")
    for kind in KINDS:
        one13 = detection_bound(kind, shift_sd=1.0, weeks=13)
        one52 = detection_bound(kind, shift_sd=1.0, weeks=52)
        two4 = detection_bound(kind, shift_sd=2.0, weeks=4)
        print(
            f"  {kind.label}: 1-SD within 13 weeks {one13:.0%} (goal ≥ 60 %), within 52 weeks {one52:.0%} "
            f"(goal ≥ 97 %), 2-SD within 4 weeks {two4:.0%} (goal ≥ 80 %)"
        )


_printed: list[tuple[str, float, str, bool]] = []


def rows() -> list[tuple[str, float, str, bool]]:
    """The figures ``main`` printed last as (label, measured, goal, met); measured afresh if it has not run."""
    return list(_printed) or measure()


def measure(*, quick: bool = False, seed: int = 2026) -> list[tuple[str, float, str, bool]]:
    """Simulate and measure every figure: (label, measured, goal, met)."""
    rng = random.Random(seed)
    agents, years = (80, 2) if quick else (250, 2)
    shifted = 100 if quick else 250
    figures = []
    for kind in (*KINDS, AHT_AR):
        goal = 0.15 if kind.autocorrelated else 0.05
        rate, _ = false_alarms_per_year(kind, rng, agents=agents, years=years)
        figures.append(
            (f"in control · {kind.label}: investigations per agent-metric-year", rate, f"≤ {goal}", rate <= goal)
        )
    for kind in KINDS:
        one = caught_within(kind, rng, agents=shifted, shift_sd=1.0, weeks=(13, 52))
        two = caught_within(kind, rng, agents=shifted, shift_sd=2.0, weeks=(4,))
        figures.append((f"1-SD worsening · {kind.label}: caught within 13 weeks", one[13], "≥ 60 %", one[13] >= 0.60))
        figures.append((f"1-SD worsening · {kind.label}: caught within 52 weeks", one[52], "≥ 97 %", one[52] >= 0.97))
        figures.append((f"2-SD worsening · {kind.label}: caught within 4 weeks", two[4], "≥ 80 %", two[4] >= 0.80))
    return figures


def print_table(figures) -> None:
    width = max(len(label) for label, *_ in figures)
    print(f"{'figure':<{width}}  {'measured':>9}  {'goal':>7}  met")
    for label, measured, goal, met in figures:
        shown = f"{measured:.3f}" if "per agent" in label else f"{measured:.0%}"
        print(f"{label:<{width}}  {shown:>9}  {goal:>7}  {'yes' if met else 'NO'}")


def main(argv: list[str] | None = None) -> list[tuple[str, float, str, bool]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer simulated agents (rougher figures, faster)")
    parser.add_argument("--seed", type=int, default=2026)
    arguments, _ = parser.parse_known_args(argv)
    began = time.monotonic()
    figures = measure(quick=arguments.quick, seed=arguments.seed)
    _printed[:] = figures
    print("Alerts: the default detector (CUSUM on a frozen baseline) on simulated weekly series")
    print_table(figures)
    print_bounds()
    print(f"({time.monotonic() - began:.0f} s)")
    return figures


if __name__ == "__main__":
    main()
