"""Writes of weekly and monthly roll-ups: recomputed from the daily values they sum.

An import calls these for the (agent, metric, period)s its changed rows fall in, never
for the whole history. Each affected period is recomputed from scratch (delete, then
insert one row per team the agent was in that period), so a value that moved team
leaves no trace in its old team.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q

from ..models import MetricRollup, MetricValue, RollupPeriod
from ..rules.periods import next_period_start, period_start, period_starts_between
from ..selectors.sums import WEIGHTED_VALUE


def affected_periods(changed: Iterable[tuple[int, int, datetime.date]]) -> set[tuple[int, int, str, datetime.date]]:
    """The (agent, metric, period, period start)s that changed (agent, metric, day)s fall in."""
    periods = set()
    for agent_id, metric_id, day in changed:
        for period in RollupPeriod.values:
            periods.add((agent_id, metric_id, period, period_start(day, period)))
    return periods


@transaction.atomic
def rollups_refresh(*, periods: set[tuple[int, int, str, datetime.date]]) -> int:
    """Recompute the roll-ups of the given (agent, metric, period, period start)s; returns rows written.

    Portable ORM version, one query per (agent, metric) and period kind.
    """
    by_series = defaultdict(lambda: defaultdict(list))
    for agent_id, metric_id, period, start in periods:
        by_series[(agent_id, metric_id)][period].append(start)
    written = 0
    for (agent_id, metric_id), starts_by_period in sorted(by_series.items()):
        for period, starts in starts_by_period.items():
            written += _refresh_series(agent_id, metric_id, period, sorted(starts))
    return written


def _refresh_series(agent_id: int, metric_id: int, period: str, starts: list[datetime.date]) -> int:
    MetricRollup.objects.filter(agent_id=agent_id, metric_id=metric_id, period=period, period_start__in=starts).delete()
    in_periods = Q()
    for start in starts:
        in_periods |= Q(day__gte=start, day__lt=next_period_start(start, period))
    sums = defaultdict(lambda: [0, 0, 0, 0])
    values = MetricValue.objects.filter(in_periods, agent_id=agent_id, metric_id=metric_id).order_by()
    for day, team_id, weighted, sample, value in values.values_list(
        "day", "team_id", WEIGHTED_VALUE, "sample_size", "value"
    ).iterator():
        totals = sums[(period_start(day, period), team_id)]
        totals[0] += weighted
        totals[1] += sample
        totals[2] += value
        totals[3] += 1
    MetricRollup.objects.bulk_create(
        MetricRollup(
            agent_id=agent_id,
            metric_id=metric_id,
            team_id=team_id,
            period=period,
            period_start=start,
            weighted_sum=weighted,
            sample_sum=sample,
            value_sum=value,
            count=count,
        )
        for (start, team_id), (weighted, sample, value, count) in sums.items()
    )
    return len(sums)


# The first day of the week (Monday; 1900-01-01 was one) and of the month of a date column,
# in integer arithmetic, which is much cheaper than date_trunc over a million rows.
_WEEK_START = "{day} - ((({day} - DATE '1900-01-01') % 7) + 7) % 7"
_MONTH_START = "{day} - (EXTRACT(DAY FROM {day})::int - 1)"


def rollups_refresh_from_table(*, cursor, changed_table: str) -> int:
    """PostgreSQL: recompute the roll-ups of every period the rows of ``changed_table`` fall in.

    ``changed_table`` holds ``(agent_id, metric_id, day)`` of the daily values an import
    inserted or updated. The affected periods are deleted, then the daily values of the
    affected (agent, metric)s over the affected days are read once and summed by week
    and by month together (``GROUPING SETS``), keeping the affected periods only. Runs
    inside the caller's transaction.
    """
    rollup = connection.ops.quote_name(MetricRollup._meta.db_table)
    value = connection.ops.quote_name(MetricValue._meta.db_table)
    week_start, month_start = _WEEK_START.format(day="day"), _MONTH_START.format(day="day")
    cursor.execute(
        f"""
        CREATE TEMP TABLE import_periods ON COMMIT DROP AS
        SELECT agent_id, metric_id, 'week'::varchar AS period, period_start, period_start + 7 AS period_end
          FROM (SELECT DISTINCT agent_id, metric_id, {week_start} AS period_start FROM {changed_table}) AS weeks
        UNION ALL
        SELECT agent_id, metric_id, 'month', period_start, (period_start + interval '1 month')::date
          FROM (SELECT DISTINCT agent_id, metric_id, {month_start} AS period_start FROM {changed_table}) AS months
        """
    )
    cursor.execute("ANALYZE import_periods")
    cursor.execute(
        f"""
        DELETE FROM {rollup} r USING import_periods p
         WHERE r.agent_id = p.agent_id AND r.metric_id = p.metric_id
           AND r.period = p.period AND r.period_start = p.period_start
        """
    )
    cursor.execute(
        f"""
        INSERT INTO {rollup}
               (agent_id, team_id, metric_id, period, period_start, weighted_sum, sample_sum, value_sum, count)
        SELECT summed.* FROM (
            SELECT v.agent_id, v.team_id, v.metric_id,
                   CASE WHEN GROUPING(d.week_start) = 0 THEN 'week' ELSE 'month' END AS period,
                   COALESCE(d.week_start, d.month_start) AS period_start,
                   SUM(v.value * v.sample_size), SUM(v.sample_size), SUM(v.value), COUNT(*)
              FROM {value} v
              JOIN (SELECT DISTINCT agent_id, metric_id FROM import_periods) AS series
                ON series.agent_id = v.agent_id AND series.metric_id = v.metric_id
             CROSS JOIN LATERAL (
                   SELECT {_WEEK_START.format(day="v.day")} AS week_start,
                          {_MONTH_START.format(day="v.day")} AS month_start
             ) AS d
             WHERE v.day >= (SELECT min(period_start) FROM import_periods)
               AND v.day < (SELECT max(period_end) FROM import_periods)
             GROUP BY GROUPING SETS ((v.agent_id, v.team_id, v.metric_id, d.week_start),
                                     (v.agent_id, v.team_id, v.metric_id, d.month_start))
        ) AS summed
        WHERE EXISTS (
            SELECT 1 FROM import_periods p
             WHERE p.agent_id = summed.agent_id AND p.metric_id = summed.metric_id
               AND p.period = summed.period AND p.period_start = summed.period_start
        )
        """
    )
    written = cursor.rowcount
    cursor.execute("DROP TABLE import_periods")
    return written


@transaction.atomic
def rollups_refresh_spans(*, spans: Iterable[tuple[int, int, datetime.date, datetime.date]]) -> int:
    """Recompute the roll-ups of every week and month that ``(agent, metric, first day, last day)`` spans touch.

    For the roll-ups a large import leaves to a background task (ImportChangedSeries);
    returns rows written.
    """
    periods = {
        (agent_id, metric_id, period, start)
        for agent_id, metric_id, first_day, last_day in spans
        for period in RollupPeriod.values
        for start in period_starts_between(first_day, last_day, period)
    }
    if not periods:
        return 0
    if connection.vendor != "postgresql":
        return rollups_refresh(periods=periods)
    # One day per period: each period start stands for its own period (and for the week or
    # month holding it, which is recomputed too: harmless, a refresh recomputes from the values).
    lines = "".join(f"{agent_id}\t{metric_id}\t{start.isoformat()}\n" for agent_id, metric_id, _, start in periods)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE rollup_span_days (agent_id bigint, metric_id bigint, day date) ON COMMIT DROP"
        )
        with cursor.copy("COPY rollup_span_days (agent_id, metric_id, day) FROM STDIN") as copy:
            copy.write(lines)
        cursor.execute("ANALYZE rollup_span_days")
        written = rollups_refresh_from_table(cursor=cursor, changed_table="rollup_span_days")
        cursor.execute("DROP TABLE rollup_span_days")
    return written


@transaction.atomic
def rollups_rebuild(*, agent_ids: Iterable[int] | None = None) -> int:
    """Recompute every roll-up (of ``agent_ids`` only, if given) from the daily values.

    For values written or moved outside an import (team moves); returns rows written.
    """
    values = MetricValue.objects.order_by()
    if agent_ids is not None:
        values = values.filter(agent_id__in=list(agent_ids))
    changed = values.values_list("agent_id", "metric_id", "day").distinct()
    periods = affected_periods(changed.iterator())
    stale = MetricRollup.objects.all()
    if agent_ids is not None:
        stale = stale.filter(agent_id__in=list(agent_ids))
    stale.delete()
    return rollups_refresh(periods=periods)
