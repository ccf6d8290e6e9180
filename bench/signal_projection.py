"""How often goal projections and suggested targets are wrong, on simulated contact-centre series.

Prints figures; never run as a test. ``main()`` prints the table, ``rows()`` returns it as
``(label, measured, goal, met)``. ``--quick`` runs a smaller simulation.

The project's own rules are fed the way the selectors feed them: six weeks of
``(day, rolled-up value, sample)`` and today's 14-day level for a projection; a year of
daily totals for the peers' sustained levels, a 90-day baseline and a six-week trend for
a suggested personal target.

The simulated series: agents' daily CSAT (share of satisfied surveys, a handful a day) or
handle time (mean of some forty contacts a day), working days only; a weekly shock with
week-to-week persistence (0.6) on top of the sampling noise; a third of agents improving
and a sixth declining, for a stretch of random length that may end before the due date.
Targets lie around the achievable range: a step from today's true level.
"""

import argparse
import datetime
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coaching.rules.expectations import suggest_personal_target  # noqa: E402
from coaching.rules.projection import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK, meets, project_goal  # noqa: E402
from coaching.rules.rollup import WEIGHTED_MEAN, Totals, rollup  # noqa: E402
from coaching.rules.smart import best_sustained_level, better, quartile_of_best  # noqa: E402
from coaching.rules.trend import linear_trend  # noqa: E402

TODAY = datetime.date(2026, 6, 1)
TREND_DAYS, CURRENT_DAYS, BASELINE_DAYS = 42, 14, 90


@dataclass(frozen=True)
class Kind:
    """A simulated metric: how agents' levels and days are drawn."""

    name: str
    higher_is_better: bool
    level: tuple[float, float]  # mean and spread of agents' true levels
    week_shock: float  # spread of the weekly shock
    mean_sample: float  # surveys or contacts a working day
    change: float  # spread of a real change over the goal's span
    step: tuple[float, float]  # the step a target asks for: mean and spread
    min_value: float | None
    max_value: float | None


CSAT = Kind("CSAT", True, (80.0, 5.0), 1.5, 6, 5.0, (1.5, 3.0), 0.0, 100.0)
AHT = Kind("AHT", False, (360.0, 40.0), 10.0, 40, 25.0, (-10.0, 20.0), 0.0, None)


def _day_value(rng: random.Random, kind: Kind, level: float) -> tuple[float, int] | None:
    sample = _poisson(rng, kind.mean_sample)
    if sample == 0:
        return None
    if kind is CSAT:
        share = min(max(level / 100, 0.0), 1.0)
        return 100 * sum(rng.random() < share for _ in range(sample)) / sample, sample
    return max(rng.gauss(level, 150 / sample**0.5), 30.0), sample


def _poisson(rng: random.Random, mean: float) -> int:
    count, limit, product = 0, 2.718281828459045**-mean, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def simulate_series(
    rng: random.Random, kind: Kind, *, first: int, last: int, level: float, drift: float, drift_end: int
):
    """Daily ``(day, value, sample)`` from day offset ``first`` to ``last`` (working days only)."""
    shock = rng.gauss(0, kind.week_shock)
    days = []
    for offset in range(first, last + 1):
        day = TODAY + datetime.timedelta(days=offset)
        if day.weekday() == 0:
            shock = 0.6 * shock + rng.gauss(0, kind.week_shock * 0.8)
        if day.weekday() >= 5:
            continue
        true_level = level + drift * (min(offset, drift_end) - first) + shock
        drawn = _day_value(rng, kind, true_level)
        if drawn:
            days.append((day, drawn[0], drawn[1]))
    return days


def _level(days) -> Decimal | None:
    return rollup(WEIGHTED_MEAN, Totals.of((Decimal(str(round(v, 4))), n) for _, v, n in days))


@dataclass(frozen=True)
class Outcome:
    """One simulated goal: the projection's chance and status, and whether the target was met."""

    probability: float | None
    status: str
    met: bool
    recent_at_target: bool


def simulate_goal(rng: random.Random) -> Outcome:
    kind = rng.choice([CSAT, AHT])
    level = rng.gauss(*kind.level)
    horizon = rng.randint(20, 90)
    moving = rng.random()
    direction = 1 if moving < 1 / 3 else -1 if moving < 1 / 2 else 0
    drift = direction * abs(rng.gauss(0, kind.change)) / 90
    drift_end = rng.randint(-30, 120)  # days from today when the change stops (or stopped)
    started = rng.randint(0, 45)  # days since the goal started
    first = -started - BASELINE_DAYS
    days = simulate_series(rng, kind, first=first, last=horizon, level=level, drift=drift, drift_end=drift_end)
    history = [d for d in days if TODAY - datetime.timedelta(days=TREND_DAYS) < d[0] <= TODAY]
    recent = [d for d in history if d[0] > TODAY - datetime.timedelta(days=CURRENT_DAYS)]
    due = TODAY + datetime.timedelta(days=horizon)
    final = [d for d in days if due - datetime.timedelta(days=CURRENT_DAYS) < d[0] <= due]
    # As in the product, the target is a step from the baseline: the 90 days before the goal started.
    baseline = _level([d for d in days if d[0] <= TODAY - datetime.timedelta(days=started + 1)])
    target = Decimal(str(round(float(baseline) + rng.gauss(*kind.step), 1)))
    current = _level(recent)
    projection = project_goal(
        points=[(d, Decimal(str(round(v, 4))), max(n, 1)) for d, v, n in history],
        current=current,
        target=target,
        today=TODAY,
        due_date=due,
        higher_is_better=kind.higher_is_better,
        min_value=Decimal(str(kind.min_value)) if kind.min_value is not None else None,
        max_value=Decimal(str(kind.max_value)) if kind.max_value is not None else None,
        current_days=CURRENT_DAYS,
    )
    final_level = _level(final)
    met = final_level is not None and meets(final_level, target, kind.higher_is_better)
    recent_at_target = current is not None and meets(current, target, kind.higher_is_better)
    return Outcome(projection.probability, projection.status, met, recent_at_target)


def projection_rows(goals: int, seed: int) -> list[tuple]:
    rng = random.Random(seed)
    outcomes = [simulate_goal(rng) for _ in range(goals)]
    judged = [o for o in outcomes if o.probability is not None]
    base = sum(o.met for o in judged) / len(judged)
    rows = []
    for decile in range(10):
        inside = [
            o
            for o in judged
            if decile / 10 <= o.probability < (decile + 1) / 10 or (decile == 9 and o.probability == 1)
        ]
        if len(inside) < 20:
            rows.append(
                (f"chance {decile * 10}–{decile * 10 + 10} %: met (n={len(inside)})", "too few", "±10 pts", True)
            )
            continue
        mean = sum(o.probability for o in inside) / len(inside)
        rate = sum(o.met for o in inside) / len(inside)
        rows.append(
            (
                f"chance {decile * 10}–{decile * 10 + 10} % (mean {mean:.0%}, n={len(inside)}): met",
                f"{rate:.0%}",
                f"{mean:.0%} ± 10 pts",
                abs(rate - mean) <= 0.10,
            )
        )
    rows.append(("base rate: goals met", f"{base:.0%}", "—", True))
    for status, label, goal, test in (
        (ON_TRACK, "on track", "≥ 70 %", lambda r: r >= 0.70),
        (AT_RISK, "at risk", "30–70 %", lambda r: 0.30 <= r < 0.70),
        (OFF_TRACK, "off track", "< 30 %", lambda r: r < 0.30),
    ):
        inside = [o for o in judged if o.status == status]
        rate = sum(o.met for o in inside) / len(inside) if inside else float("nan")
        rows.append(
            (
                f"{label} (n={len(inside)}, {len(inside) / len(judged):.0%} of goals): met",
                f"{rate:.0%}",
                goal,
                bool(inside) and test(rate),
            )
        )
    brier = sum((o.probability - o.met) ** 2 for o in judged) / len(judged)
    naive_hit = {
        flag: sum(o.met for o in judged if o.recent_at_target == flag)
        / max(1, sum(o.recent_at_target == flag for o in judged))
        for flag in (True, False)
    }
    naive = sum((naive_hit[o.recent_at_target] - o.met) ** 2 for o in judged) / len(judged)
    rows.append(
        (
            "Brier score of the chance (lower is better)",
            f"{brier:.3f}",
            f"< {naive:.3f} (last 14 days at target, calibrated)",
            brier < naive,
        )
    )
    no_data = sum(o.status == NO_DATA for o in outcomes)
    rows.append(("goals without a projection (no data)", f"{no_data}", "—", True))
    return rows


def suggestion_rows(teams: int, seed: int) -> list[tuple]:
    """Suggested personal targets against the Achievable limit and the agent's baseline."""
    rng = random.Random(seed)
    beyond_limit = below_baseline = beyond_quartile = held = total = 0
    for _ in range(teams):
        kind = rng.choice([CSAT, AHT])
        span = rng.choice([30, 60, 90])
        team_level = rng.gauss(*kind.level)
        agents = []
        for _agent in range(10):
            level = rng.gauss(team_level, kind.level[1] / 2)
            moving = rng.random()
            drift = (1 if moving < 1 / 3 else -1 if moving < 1 / 2 else 0) * abs(rng.gauss(0, kind.change)) / 90
            agents.append(simulate_series(rng, kind, first=-364, last=0, level=level, drift=drift, drift_end=0))
        end = TODAY - datetime.timedelta(days=1)
        start = end - datetime.timedelta(days=BASELINE_DAYS - 1)

        peers = []
        for days in agents:
            daily = [(d, Decimal(str(round(v, 4))) * n, n, Decimal(str(round(v, 4))), 1) for d, v, n in days]
            level = best_sustained_level(
                daily, window_days=span, aggregation=WEIGHTED_MEAN, higher_is_better=kind.higher_is_better
            )
            if level is not None:
                peers.append(level)
        team_days = [d for days in agents for d in days]
        team_baseline = _level([d for d in team_days if start <= d[0] <= end])
        team_target = (
            team_baseline
            + Decimal(str(round(abs(rng.gauss(0, kind.step[1])) * (1 if kind.higher_is_better else -1), 1)))
        ).quantize(Decimal("0.1"))
        for days in agents:
            baseline = _level([d for d in days if start <= d[0] <= end])
            trend = linear_trend(
                [(d, v, max(n, 1)) for d, v, n in days if d > TODAY - datetime.timedelta(days=TREND_DAYS)]
            )
            suggested = suggest_personal_target(
                team_target=team_target,
                team_baseline=team_baseline,
                agent_baseline=baseline,
                slope_per_day=trend.slope_per_day if trend and trend.is_clear else None,
                days=span,
                higher_is_better=kind.higher_is_better,
                min_value=Decimal(str(kind.min_value)) if kind.min_value is not None else None,
                max_value=Decimal(str(kind.max_value)) if kind.max_value is not None else None,
                decimal_places=1,
                peer_best_levels=peers,
            )
            total += 1
            best = max(peers) if kind.higher_is_better else min(peers)
            if baseline is not None and better(baseline, best, kind.higher_is_better):
                held += 1  # the agent's own level beats every sustained level: holding it is all one can ask
            else:
                beyond_limit += better(suggested, best, kind.higher_is_better)
            beyond_quartile += better(suggested, quartile_of_best(peers, kind.higher_is_better), kind.higher_is_better)
            below_baseline += baseline is not None and better(baseline, suggested, kind.higher_is_better)
    return [
        (
            f"suggested targets the Achievable check fails (of {total - held})",
            f"{beyond_limit}",
            "0",
            beyond_limit == 0,
        ),
        (
            f"suggested targets worse than the agent's baseline (of {total})",
            f"{below_baseline}",
            "0",
            below_baseline == 0,
        ),
        (
            f"suggested targets with an Achievable warning (beyond the top quartile; of {total})",
            f"{beyond_quartile}",
            "—",
            True,
        ),
        (f"agents whose own baseline beats every sustained level: asked to hold it (of {total})", f"{held}", "—", True),
    ]


_computed: dict[tuple[bool, int], list[tuple]] = {}


def rows(quick: bool | None = None, seed: int = 7) -> list[tuple]:
    """The benchmark's figures: ``(label, measured, goal, met)``.

    ``quick=None`` follows ``--quick`` on the command line; a run already printed by
    ``main()`` is returned as it was, not simulated again.
    """
    if quick is None:
        quick = "--quick" in sys.argv[1:]
    if (quick, seed) not in _computed:
        _computed[(quick, seed)] = projection_rows(2000 if quick else 8000, seed) + suggestion_rows(
            10 if quick else 40, seed
        )
    return _computed[(quick, seed)]


def main(argv: list[str] | None = None) -> None:
    """Print the figures as a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller simulation (a few seconds)")
    parser.add_argument("--seed", type=int, default=7)
    arguments, _unknown = parser.parse_known_args(argv)  # tolerant when signal_quality.py passes its own flags
    print("Goal projections and suggested targets (simulated)")
    for label, measured, goal, met in rows(quick=arguments.quick, seed=arguments.seed):
        print(f"  {'met ' if met else 'MISS'}  {label:<70} {measured:>8}   goal {goal}")


if __name__ == "__main__":
    main()
