"""The SMART check of a goal: one verdict and one sentence of reason per criterion.

Pure: the caller gathers the numbers (baseline, what peers sustained) and passes them in.
A goal with any failing criterion stays a draft.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .rollup import Totals, rollup

PASS, WARNING, FAIL = "pass", "warning", "fail"
MIN_SPAN_DAYS = 14
LONG_SPAN_DAYS = 365
LOW_VOLUME_SAMPLE_PER_DAY = 3
LOW_VOLUME_MIN_SPAN_DAYS = 42
MIN_BASELINE_DAYS = 10
MIN_BASELINE_ROUNDS = 3  # pulse metrics: one value per closed survey round
MIN_DESCRIPTION_CHARS = 15
MIN_OBJECTIVE_CHARS = 10


@dataclass(frozen=True)
class Criterion:
    """One letter of SMART: its verdict and why."""

    key: str
    label: str
    status: str
    reason: str


@dataclass(frozen=True)
class SmartInput:
    """Everything the check needs to know about a goal, as plain values."""

    has_metric: bool
    description: str
    objective: str
    target: Decimal | None
    baseline: Decimal | None
    baseline_days: int
    baseline_sample_per_day: float
    start_date: datetime.date | None
    due_date: datetime.date | None
    today: datetime.date
    higher_is_better: bool = True
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    # Best level each comparable agent or team sustained over a window as long as the goal.
    peer_best_levels: list[Decimal] = field(default_factory=list)
    format_value: object = str  # shows a value in the metric's unit inside reasons
    # A team-level pulse metric: one value per closed survey round, not one per day.
    measured_per_round: bool = False


@dataclass(frozen=True)
class SmartResult:
    """The five criteria, in order."""

    criteria: list[Criterion]

    @property
    def passes(self) -> bool:
        """No criterion fails: the goal may go live."""
        return all(criterion.status != FAIL for criterion in self.criteria)

    @property
    def failures(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if criterion.status == FAIL]


def better(a: Decimal, b: Decimal, higher_is_better: bool) -> bool:
    """Whether ``a`` is strictly better than ``b`` for a metric of this direction."""
    return a > b if higher_is_better else a < b


def quartile_of_best(levels: list[Decimal], higher_is_better: bool) -> Decimal:
    """The top-quartile boundary of ``levels``: 75th percentile, or 25th when lower is better."""
    ordered = sorted(levels)
    fraction = 0.75 if higher_is_better else 0.25
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * Decimal(str(position - low))


def achievable_limit(levels: list[Decimal], higher_is_better: bool) -> Decimal | None:
    """The most ambitious target the Achievable criterion passes without a warning.

    The top quartile of what comparable peers sustained over as long as the goal; ``None``
    without peers.
    """
    return quartile_of_best(levels, higher_is_better) if levels else None


def held_to_achievable(target: Decimal, levels: list[Decimal], higher_is_better: bool) -> Decimal:
    """``target``, held back to ``achievable_limit(levels)`` when it asks for more than that."""
    limit = achievable_limit(levels, higher_is_better)
    return limit if limit is not None and better(target, limit, higher_is_better) else target


def smart_check(goal: SmartInput) -> SmartResult:
    """Check a goal criterion by criterion."""
    return SmartResult([_specific(goal), _measurable(goal), _achievable(goal), _relevant(goal), _time_bound(goal)])


def _specific(goal: SmartInput) -> Criterion:
    label = _("Specific")
    if not goal.has_metric:
        return Criterion("specific", label, FAIL, _("Choose the one metric this goal moves."))
    if len(goal.description.strip()) < MIN_DESCRIPTION_CHARS:
        return Criterion(
            "specific", label, WARNING, _("Say concretely what is measured and for which contacts (a sentence).")
        )
    return Criterion("specific", label, PASS, _("One metric and a concrete description."))


def _measurable(goal: SmartInput) -> Criterion:
    label = _("Measurable")
    if goal.target is None:
        return Criterion("measurable", label, FAIL, _("Give a target in the metric's unit."))
    if (goal.min_value is not None and goal.target < goal.min_value) or (
        goal.max_value is not None and goal.target > goal.max_value
    ):
        return Criterion(
            "measurable",
            label,
            FAIL,
            _("The target is outside the metric's valid range (%(low)s to %(high)s).")
            % {"low": goal.format_value(goal.min_value), "high": goal.format_value(goal.max_value)},
        )
    if goal.baseline is None:
        return Criterion(
            "measurable",
            label,
            FAIL,
            _("There is no recent history to compute a baseline from, so progress cannot be measured."),
        )
    if goal.measured_per_round:
        if goal.baseline_days < MIN_BASELINE_ROUNDS:
            return Criterion(
                "measurable",
                label,
                WARNING,
                _("The baseline rests on only %(rounds)s closed survey rounds.") % {"rounds": goal.baseline_days},
            )
    elif goal.baseline_days < MIN_BASELINE_DAYS:
        return Criterion(
            "measurable",
            label,
            WARNING,
            _("The baseline rests on only %(days)s days of data.") % {"days": goal.baseline_days},
        )
    if not better(goal.target, goal.baseline, goal.higher_is_better):
        return Criterion(
            "measurable",
            label,
            WARNING,
            _("The target %(target)s is no improvement on the baseline %(baseline)s.")
            % {"target": goal.format_value(goal.target), "baseline": goal.format_value(goal.baseline)},
        )
    return Criterion(
        "measurable",
        label,
        PASS,
        _("From a baseline of %(baseline)s to %(target)s.")
        % {"baseline": goal.format_value(goal.baseline), "target": goal.format_value(goal.target)},
    )


def _achievable(goal: SmartInput) -> Criterion:
    label = _("Achievable")
    if goal.target is None or not goal.peer_best_levels:
        return Criterion(
            "achievable", label, WARNING, _("No comparable history yet to judge whether the target is realistic.")
        )
    direction = goal.higher_is_better
    best = max(goal.peer_best_levels) if direction else min(goal.peer_best_levels)
    top_quartile = achievable_limit(goal.peer_best_levels, direction)
    numbers = {
        "target": goal.format_value(goal.target),
        "best": goal.format_value(best),
        "quartile": goal.format_value(top_quartile),
        "count": len(goal.peer_best_levels),
    }
    if better(goal.target, best, direction):
        return Criterion(
            "achievable",
            label,
            FAIL,
            _(
                "%(target)s is beyond the best level any of %(count)s comparable peers sustained "
                "over as long (%(best)s)."
            )
            % numbers,
        )
    if better(goal.target, top_quartile, direction):
        return Criterion(
            "achievable",
            label,
            WARNING,
            _(
                "%(target)s is beyond the top quartile of what peers sustained over as long "
                "(%(quartile)s); only the best reach it."
            )
            % numbers,
        )
    return Criterion(
        "achievable",
        label,
        PASS,
        _("%(target)s has been sustained by peers over as long (best %(best)s, top quartile %(quartile)s).") % numbers,
    )


def _relevant(goal: SmartInput) -> Criterion:
    label = _("Relevant")
    if len(goal.objective.strip()) < MIN_OBJECTIVE_CHARS:
        return Criterion("relevant", label, FAIL, _("Name the business objective this goal serves."))
    return Criterion("relevant", label, PASS, _("It serves a stated business objective."))


def _time_bound(goal: SmartInput) -> Criterion:
    label = _("Time-bound")
    if goal.start_date is None or goal.due_date is None:
        return Criterion("time_bound", label, FAIL, _("Give a start and a due date."))
    if goal.due_date <= goal.today:
        return Criterion("time_bound", label, FAIL, _("The due date must be in the future."))
    span = (goal.due_date - goal.start_date).days
    if span < MIN_SPAN_DAYS:
        return Criterion(
            "time_bound",
            label,
            FAIL,
            _("%(days)s days is too short for a change to show in daily values; allow at least %(minimum)s.")
            % {"days": span, "minimum": MIN_SPAN_DAYS},
        )
    if goal.measured_per_round and span < LOW_VOLUME_MIN_SPAN_DAYS:
        return Criterion(
            "time_bound",
            label,
            WARNING,
            _(
                "A survey figure comes once per round; %(days)s days may hold too few rounds to tell. "
                "Allow about %(minimum)s."
            )
            % {"days": span, "minimum": LOW_VOLUME_MIN_SPAN_DAYS},
        )
    if (
        goal.baseline_sample_per_day
        and goal.baseline_sample_per_day < LOW_VOLUME_SAMPLE_PER_DAY
        and span < LOW_VOLUME_MIN_SPAN_DAYS
    ):
        return Criterion(
            "time_bound",
            label,
            WARNING,
            _("This metric has few measurements a day; %(days)s days may be too few to tell. Allow about %(minimum)s.")
            % {"days": span, "minimum": LOW_VOLUME_MIN_SPAN_DAYS},
        )
    if span > LONG_SPAN_DAYS:
        return Criterion("time_bound", label, WARNING, _("More than a year away: set a nearer milestone goal too."))
    return Criterion("time_bound", label, PASS, _("%(days)s days, due %(due)s.") % {"days": span, "due": goal.due_date})


def best_sustained_level(
    daily: list[tuple[datetime.date, Decimal, int, Decimal, int]],
    *,
    window_days: int,
    aggregation: str,
    higher_is_better: bool,
) -> Decimal | None:
    """The best roll-up over any window of ``window_days`` consecutive days.

    ``daily`` holds ``(day, weighted_sum, sample_sum, value_sum, count)`` per day, in any
    order. With less history than one window, the whole history is one window.
    """
    if not daily:
        return None
    daily = sorted(daily)
    first, last = daily[0][0], daily[-1][0]
    if (last - first).days + 1 <= window_days:
        return rollup(aggregation, _sum_totals(daily))
    best = None
    start_index = 0
    running = [Decimal(0), 0, Decimal(0), 0]
    for day, weighted, sample, value_sum, count in daily:
        running = [running[0] + weighted, running[1] + sample, running[2] + value_sum, running[3] + count]
        while (day - daily[start_index][0]).days >= window_days:
            _d, w, s, v, c = daily[start_index]
            running = [running[0] - w, running[1] - s, running[2] - v, running[3] - c]
            start_index += 1
        if (day - first).days + 1 < window_days:
            continue  # the first full window ends here at the earliest
        level = rollup(aggregation, Totals(*running))
        if level is not None and (best is None or better(level, best, higher_is_better)):
            best = level
    return best


def _sum_totals(daily) -> Totals:
    return Totals(
        sum((row[1] for row in daily), Decimal(0)),
        sum(row[2] for row in daily),
        sum((row[3] for row in daily), Decimal(0)),
        sum(row[4] for row in daily),
    )
