"""Chart payloads: daily and weekly series with targets and coaching events, as plain JSON data."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import Goal
from ..rules.rollup import Totals, rollup
from .baselines import scope_values
from .sums import rollup_sums, totals_of


def weekly_rollup(
    daily: list[tuple[datetime.date, Decimal, int]], aggregation: str
) -> list[tuple[datetime.date, Decimal]]:
    """Daily ``(day, value, sample)`` rolled up per ISO week, dated on the week's Monday."""
    weeks: dict[datetime.date, list[tuple[Decimal, int]]] = defaultdict(list)
    for day, value, sample in daily:
        weeks[day - datetime.timedelta(days=day.weekday())].append((value, sample))
    rolled = ((monday, rollup(aggregation, Totals.of(pairs))) for monday, pairs in sorted(weeks.items()))
    return [(monday, value) for monday, value in rolled if value is not None]


def chart_payload(metrics, daily, goals, events, behaviours, start, end) -> dict:
    def number(value):
        return float(value) if value is not None else None

    payload_metrics = []
    for metric in metrics:
        days = daily.get(metric.pk, [])
        metric_goals = [(goal, expectation) for goal, _projection, expectation in goals if goal.metric_id == metric.pk]
        payload_metrics.append(
            {
                "code": metric.code,
                "name": metric.name,
                "unit": metric.unit,
                "higher_is_better": metric.higher_is_better,
                "decimals": metric.decimal_places,
                "min": number(metric.min_value),
                "max": number(metric.max_value),
                "daily": [{"x": day.isoformat(), "y": number(value), "n": sample} for day, value, sample in days],
                "weekly": [
                    {"x": monday.isoformat(), "y": number(value)}
                    for monday, value in weekly_rollup(days, metric.aggregation)
                ],
                "targets": [
                    {
                        "label": goal.title,
                        "value": number(goal.target),
                        "from": goal.start_date.isoformat(),
                        "to": goal.due_date.isoformat(),
                        "personal": False,
                    }
                    for goal, _expectation in metric_goals
                ]
                + [
                    {
                        "label": goal.title,
                        "value": number(expectation.target),
                        "from": goal.start_date.isoformat(),
                        "to": goal.due_date.isoformat(),
                        "personal": True,
                    }
                    for goal, expectation in metric_goals
                    if expectation is not None
                ],
            }
        )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "event_names": {
            "observation": _("Observation"),
            "session": _("Coaching session"),
            "one_on_one": _("One-on-one"),
        },
        "metrics": payload_metrics,
        "events": [
            {"kind": event["kind"], "day": event["day"].isoformat(), "label": event["label"], "url": event["url"]}
            for event in events
        ],
        "behaviours": behaviours,
    }


def goal_chart(goal: Goal, *, today: datetime.date) -> dict:
    """The goal's scope series (the agent's, or the team's rolled up per day) from the baseline on, with its target."""
    start = goal.baseline_start or goal.start_date - datetime.timedelta(days=90)
    end = min(today, goal.due_date)
    values = scope_values(goal.metric, agent=goal.agent, team=goal.team).filter(day__gte=start, day__lte=end)
    daily = []
    for row in values.order_by("day").values("day").annotate(**rollup_sums()):
        totals = totals_of(row)
        value = rollup(goal.metric.aggregation, totals)
        if value is not None:
            daily.append((row["day"], value, totals.sample_sum))
    return chart_payload([goal.metric], {goal.metric_id: daily}, [(goal, None, None)], [], [], start, goal.due_date)
