"""How often the numbers that judge people are wrong: alerts, coaching impact, projections.

A benchmark script (never run as a test). It drives the project's own functions in
``coaching/rules/`` on simulated contact-centre series and prints each figure beside its
goal, for the three parts in turn (``bench/signal_alerts.py``, ``bench/signal_impact.py``,
``bench/signal_projection.py``, each also runnable alone), then one summary table:

    .venv/bin/python bench/signal_quality.py            # the full run
    .venv/bin/python bench/signal_quality.py --quick    # fewer simulations, a rough look

docs/statistics.md explains each method in plain words and keeps the last printed table.
"""

import argparse
import importlib
import sys
import time
from pathlib import Path

PARTS = ("signal_alerts", "signal_impact", "signal_projection")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer simulations: a rough look in seconds")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    summary = []
    for name in PARTS:
        try:
            part = importlib.import_module(name)
        except ModuleNotFoundError:
            print(f"\n== {name}: not present")
            continue
        print(f"\n== {name}")
        started = time.perf_counter()
        sys.argv = [name, *(["--quick"] if args.quick else [])]
        part.main()
        summary.extend((name, *row) for row in part.rows())
        print(f"({time.perf_counter() - started:.0f} s)")
    print("\n== Summary: every figure beside its goal")
    width = max((len(label) for _part, label, *_ in summary), default=10)
    for part, label, measured, goal, met in summary:
        print(f"{'met ' if met else 'MISS'}  {label:<{width}}  {measured:>14}   goal {goal}   ({part})")
    missed = sum(1 for *_, met in summary if not met)
    print(f"\n{len(summary) - missed} of {len(summary)} figures meet their goal.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
