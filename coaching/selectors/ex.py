"""Employee experience beside customer experience: weekly series of both kinds on one time axis.

Employee series:

- the active employee-kind metrics with a value per agent (absenteeism, say), rolled up
  per week like any metric, in display order;
- attrition: per calendar month, the people whose membership of a team ended that month
  (leaving the company or moving to another team) as a percentage of the team's
  headcount on the first day of the month; across the organisation only people who left
  every team count. Dated on the month's first day;
- engagement and eNPS: the team-level (employee-kind) metrics recorded from pulse surveys when a round
  closes (``services.pulse_metrics``; only teams above the anonymity threshold have a
  value), per week, weighted by answers across teams;
- mood: the one-on-one check-ins (1–5) averaged per team and week, only for weeks with
  check-ins from at least the anonymity threshold of different agents.

Customer series: the active customer-kind metrics, rolled up per week, in display order.
No metric is picked by its code: an organisation's own metrics fill the dashboard by kind.

Every read takes a fixed number of queries whatever the number of weeks or teams.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    Metric,
    MetricKind,
    MetricRole,
    MetricSource,
    MetricUnit,
    MetricValue,
    OneOnOne,
    TeamMembership,
    TeamMetricValue,
)
from ..rules.correlation import Correlation, pearson
from ..rules.rollup import Totals, rollup
from .kpis import metric_playing
from .pulse import min_responses
from .sums import rollup_sums, totals_of

DASHBOARD_KINDS = (MetricKind.EMPLOYEE, MetricKind.CUSTOMER)
PULSE_SOURCES = (MetricSource.PULSE_ENGAGEMENT, MetricSource.PULSE_ENPS)
ATTRITION, MOOD = "attrition", "mood"
DEFAULT_WEEKS = 26
MAX_WEEKS = 104


@dataclass
class Series:
    """One metric's points on the shared time axis."""

    key: str
    name: str
    kind: str  # MetricKind value
    unit: str
    decimals: int
    higher_is_better: bool
    points: dict = field(default_factory=dict)  # day → value

    @classmethod
    def of_metric(cls, metric: Metric) -> "Series":
        """A metric's series, without points yet."""
        return cls(metric.code, str(metric), metric.kind, metric.unit, metric.decimal_places, metric.higher_is_better)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "name": str(self.name),
            "kind": self.kind,
            "unit": self.unit,
            "decimals": self.decimals,
            "higher_is_better": self.higher_is_better,
            "points": [
                {"x": day.isoformat(), "y": round(float(value), 4)} for day, value in sorted(self.points.items())
            ],
        }


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def ex_window(*, today: datetime.date, weeks: int = DEFAULT_WEEKS) -> tuple[datetime.date, datetime.date]:
    """The ``weeks`` whole ISO weeks up to and including ``today``'s: first Monday, last day."""
    weeks = max(1, min(int(weeks), MAX_WEEKS))
    return monday_of(today) - datetime.timedelta(weeks=weeks - 1), today


def _pseudo_series() -> dict[str, Series]:
    return {
        ATTRITION: Series(ATTRITION, _("Attrition (monthly)"), MetricKind.EMPLOYEE, MetricUnit.PERCENT, 1, False),
        MOOD: Series(MOOD, _("One-on-one mood (1–5)"), MetricKind.EMPLOYEE, MetricUnit.SCORE, 1, True),
    }


@dataclass(frozen=True)
class ComparisonChoices:
    """The series the comparison offers and its first picks: engagement across, customer satisfaction up."""

    keys: list  # [(key, label)]
    default_x: str
    default_y: str


def comparison_choices() -> ComparisonChoices:
    """Active metrics (pulse ones too) and mood, not monthly attrition; one query.

    Across: the pulse engagement metric, else the first series. Up: the metric playing
    customer satisfaction, else the first customer metric, else the same as across.
    """
    metrics = list(Metric.objects.filter(is_active=True))
    keys = [(metric.code, str(metric)) for metric in metrics] + [(MOOD, str(_pseudo_series()[MOOD].name))]
    engagement = next((metric for metric in metrics if metric.source == MetricSource.PULSE_ENGAGEMENT), None)
    satisfaction = metric_playing(MetricRole.CUSTOMER_SATISFACTION, metrics) or next(
        (metric for metric in metrics if metric.kind == MetricKind.CUSTOMER), None
    )
    default_x = engagement.code if engagement else keys[0][0]
    return ComparisonChoices(keys, default_x, satisfaction.code if satisfaction else default_x)


def ex_team_series(
    team_ids: list[int], start: datetime.date, end: datetime.date, *, codes
) -> tuple[dict[str, Series], dict[str, dict[int, dict[datetime.date, float]]]]:
    """Per-team weekly values of the metrics ``codes`` names and of the other series.

    Returns (key → Series without points, key → team id → day → value).
    """
    metrics = {metric.pk: metric for metric in Metric.objects.filter(code__in=codes)}
    described = {metric.code: Series.of_metric(metric) for metric in metrics.values()}
    described.update(_pseudo_series())
    values: dict[str, dict[int, dict]] = defaultdict(lambda: defaultdict(dict))
    for (team_id, metric_id, week), totals in _metric_totals(metrics, start, end, team_ids).items():
        value = rollup(metrics[metric_id].aggregation, totals)
        if value is not None:
            values[metrics[metric_id].code][team_id][week] = float(value)
    memberships = _memberships(start, end, team_ids)
    for (team_id, month), rate in _attrition(memberships, start, end, by_team=True).items():
        values[ATTRITION][team_id][month] = rate
    for (team_id, week), (total, count, _agents) in _mood_groups(memberships, start, end, set(team_ids)).items():
        values[MOOD][team_id][week] = total / count
    return described, values


def ex_dashboard(team_ids: list[int] | None, start: datetime.date, end: datetime.date) -> list[Series]:
    """The series of one or more teams added up, or of the organisation (``team_ids`` ``None``).

    Employee first (per-agent metrics, pulse metrics, attrition, mood), then customer;
    metrics in display order.
    """
    metrics = {metric.pk: metric for metric in Metric.objects.filter(is_active=True, kind__in=DASHBOARD_KINDS)}
    series = _teams_added(metrics, start, end, team_ids)
    series.update(_pseudo_series())
    memberships = _memberships(start, end, team_ids)
    series[ATTRITION].points = _attrition(memberships, start, end, by_team=False, organisation=team_ids is None)
    moods: dict[datetime.date, list] = defaultdict(lambda: [0, 0])
    scope = None if team_ids is None else set(team_ids)
    for (_team_id, week), (total, count, _agents) in _mood_groups(memberships, start, end, scope).items():
        moods[week][0] += total
        moods[week][1] += count
    series[MOOD].points = {week: total / count for week, (total, count) in moods.items()}

    def of(kind, *, per_team=False):
        return [metric.code for metric in metrics.values() if metric.kind == kind and metric.per_team == per_team]

    order = [
        *of(MetricKind.EMPLOYEE),
        *of(MetricKind.EMPLOYEE, per_team=True),
        ATTRITION,
        MOOD,
        *of(MetricKind.CUSTOMER),
        *of(MetricKind.CUSTOMER, per_team=True),
    ]
    return [series[key] for key in order]


def ex_missing_kinds(series: list[Series]) -> list[str]:
    """The kinds (employee, customer) the dashboard shows no metric of: something for an administrator to set."""
    shown = {item.kind for item in series if item.key not in (ATTRITION, MOOD)}
    return [kind for kind in DASHBOARD_KINDS if kind not in shown]


def ex_organisation_pulse(start: datetime.date, end: datetime.date) -> list[Series]:
    """Only the organisation's pulse metrics (what everyone may see): every team's figure is above the threshold."""
    metrics = {metric.pk: metric for metric in Metric.objects.filter(source__in=PULSE_SOURCES, is_active=True)}
    return sorted(_teams_added(metrics, start, end, None).values(), key=lambda item: item.key)


def _teams_added(metrics: dict, start, end, team_ids) -> dict[str, Series]:
    """Code → series of each metric, its teams' weekly sums added up (every team, ``team_ids`` ``None``)."""
    series = {metric.code: Series.of_metric(metric) for metric in metrics.values()}
    summed: dict[tuple[int, datetime.date], list[Totals]] = defaultdict(list)
    for (_team_id, metric_id, week), totals in _metric_totals(metrics, start, end, team_ids).items():
        summed[(metric_id, week)].append(totals)
    for (metric_id, week), parts in summed.items():
        value = rollup(metrics[metric_id].aggregation, Totals.added(parts))
        if value is not None:
            series[metrics[metric_id].code].points[week] = float(value)
    return series


def _metric_totals(metrics: dict, start, end, team_ids) -> dict[tuple, Totals]:
    """Per (team, metric, week) sums of daily values: agents' values by their team that day, and team-level values."""
    totals = {}
    per_agent = [pk for pk, metric in metrics.items() if not metric.per_team]
    per_team = [pk for pk, metric in metrics.items() if metric.per_team]
    for model, metric_ids in ((MetricValue, per_agent), (TeamMetricValue, per_team)):
        if not metric_ids:
            continue
        rows = model.objects.filter(metric_id__in=metric_ids, day__gte=start, day__lte=end)
        rows = rows.filter(team__isnull=False) if team_ids is None else rows.filter(team_id__in=list(team_ids))
        grouped = (
            rows.annotate(week=TruncWeek("day"))
            .order_by()
            .values("team_id", "metric_id", "week")
            .annotate(**rollup_sums())
        )
        totals.update({(row["team_id"], row["metric_id"], _as_date(row["week"])): totals_of(row) for row in grouped})
    return totals


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _memberships(start, end, team_ids) -> list[tuple[int, int, datetime.date, datetime.date | None]]:
    """Memberships overlapping ``start``..``end`` (and the month before, for headcounts): (agent, team, start, end)."""
    since = start.replace(day=1)
    rows = TeamMembership.objects.filter(start_date__lte=end).filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
    if team_ids is not None:
        rows = rows.filter(team_id__in=list(team_ids))
    return list(rows.order_by().values_list("agent_id", "team_id", "start_date", "end_date"))


def _months(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    months, first = [], start.replace(day=1)
    while first <= end:
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        months.append((first, following - datetime.timedelta(days=1)))
        first = following
    return months


def _attrition(memberships, start, end, *, by_team: bool, organisation: bool = False) -> dict:
    """Leavers ÷ headcount on the month's first day, in percent, per (team, month) or per month."""
    starts_by_agent = defaultdict(set)
    for agent_id, _team_id, first_day, _last_day in memberships:
        starts_by_agent[agent_id].add(first_day)
    rates = {}
    for first, last in _months(start, end):
        headcount: dict = defaultdict(set)
        leavers: dict = defaultdict(set)
        for agent_id, team_id, first_day, last_day in memberships:
            key = team_id if by_team else None
            if first_day <= first and (last_day is None or last_day >= first):
                headcount[key].add(agent_id)
            if last_day is not None and first <= last_day <= last:
                moved_on = last_day + datetime.timedelta(days=1) in starts_by_agent[agent_id]
                if not (organisation and moved_on):
                    leavers[key].add(agent_id)
        for key, people in headcount.items():
            rate = len(leavers[key] & people) * 100 / len(people)
            rates[(key, first) if by_team else first] = rate
    return rates


def _mood_groups(memberships, start, end, team_ids: set | None) -> dict[tuple[int, datetime.date], tuple]:
    """Per (team at the time, week): Σ mood, check-ins, agents; only groups of at least the threshold of agents."""
    spans = defaultdict(list)
    for agent_id, team_id, first_day, last_day in memberships:
        spans[agent_id].append((first_day, last_day, team_id))
    check_ins = OneOnOne.objects.filter(
        agent_id__in=list(spans),
        mood__isnull=False,
        meeting_on__date__gte=start,
        meeting_on__date__lte=end,
    ).values_list("agent_id", "meeting_on", "mood")
    groups: dict = defaultdict(lambda: [0, 0, set()])
    for agent_id, meeting_on, mood in check_ins:
        day = timezone.localtime(meeting_on).date()
        team_id = next(
            (team for first, last, team in spans[agent_id] if first <= day and (last is None or last >= day)), None
        )
        if team_id is None or (team_ids is not None and team_id not in team_ids):
            continue
        group = groups[(team_id, monday_of(day))]
        group[0] += mood
        group[1] += 1
        group[2].add(agent_id)
    threshold = min_responses()
    return {key: (total, count, agents) for key, (total, count, agents) in groups.items() if len(agents) >= threshold}


@dataclass
class Comparison:
    """Two series paired per team and week, ready for a scatter plot."""

    points: list  # [{"x", "y", "team", "week"}]
    correlation: Correlation


def ex_comparison(teams, key_x: str, key_y: str, start, end) -> Comparison:
    """``key_x`` against ``key_y`` for each (team, week) where both have a value, with Pearson's r."""
    team_names = {team.pk: team.name for team in teams}
    codes = tuple(key for key in (key_x, key_y) if key not in (MOOD, ATTRITION))
    _described, values = ex_team_series(list(team_names), start, end, codes=codes)
    points = []
    for team_id, xs in values.get(key_x, {}).items():
        ys = values.get(key_y, {}).get(team_id, {})
        for week in sorted(xs.keys() & ys.keys()):
            points.append({"x": xs[week], "y": ys[week], "team": team_names[team_id], "week": week.isoformat()})
    return Comparison(points=points, correlation=pearson((p["x"], p["y"]) for p in points))
