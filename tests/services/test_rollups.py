"""Weekly and monthly roll-ups kept by the import equal a recomputation from the daily values."""

import datetime
import io
from collections import defaultdict
from decimal import Decimal

import pytest

from coaching import clock
from coaching.models import ImportSource, MetricRollup, MetricValue, RollupPeriod, TeamMembership
from coaching.rules.periods import next_period_start, period_start
from coaching.selectors.rollups import agent_rollup_series, team_rollup_series, teams_rollup_series
from coaching.services.imports import metric_values_import
from coaching.services.metrics import ValueRow, metric_values_upsert
from coaching.services.org import agent_assign_team, metric_values_attribute
from coaching.services.rollups import rollups_rebuild

from ..demo_data import DEMO_MOMENT
from ..factories import AgentFactory, MembershipFactory, MetricFactory

pytestmark = pytest.mark.django_db

HEADER = "employee_id,metric_code,day,value,sample_size"


@pytest.fixture
def setup(today, org):
    for agent, employee_id in ((org.agent_a1, "E1"), (org.agent_b1, "E3")):
        agent.employee_id = employee_id
        agent.save(update_fields=["employee_id"])
    org.mover = AgentFactory(employee_id="E9")
    # A Wednesday about 40 days ago, so the move week holds days in both teams on any calendar.
    forty_days_ago = today - datetime.timedelta(days=40)
    org.move_day = forty_days_ago - datetime.timedelta(days=forty_days_ago.weekday() - 2)
    MembershipFactory(agent=org.mover, team=org.team_a, start_date=datetime.date(2020, 1, 1), end_date=org.move_day)
    MembershipFactory(agent=org.mover, team=org.team_b, start_date=org.move_day + datetime.timedelta(days=1))
    org.csat = MetricFactory(code="CSAT")
    org.calls = MetricFactory(code="CALLS", unit="count", aggregation="sum", max_value=None)
    return org


def load(lines):
    content = "\n".join([HEADER, *lines]) + "\n"
    batch = metric_values_import(source=ImportSource.COMMAND, actor=None, stream=io.BytesIO(content.encode()))
    assert batch.status == "succeeded", batch.errors
    return batch


def recomputed() -> dict:
    """Roll-ups straight from the daily values, keyed like the stored ones."""
    sums = defaultdict(lambda: [Decimal(0), 0, Decimal(0), 0])
    for value in MetricValue.objects.all():
        for period in RollupPeriod.values:
            key = (value.agent_id, value.team_id, value.metric_id, period, period_start(value.day, period))
            totals = sums[key]
            totals[0] += value.value * value.sample_size
            totals[1] += value.sample_size
            totals[2] += value.value
            totals[3] += 1
    return {key: tuple(totals) for key, totals in sums.items()}


def stored() -> dict:
    return {
        (r.agent_id, r.team_id, r.metric_id, r.period, r.period_start): (
            r.weighted_sum,
            r.sample_sum,
            r.value_sum,
            r.count,
        )
        for r in MetricRollup.objects.all()
    }


def history(employee_ids, metric, days, offset=0):
    today = clock.today()
    return [
        f"{employee_id},{metric},{today - datetime.timedelta(days=n)},{(n * 7 + offset) % 90 + 5},{n % 13}"
        for employee_id in employee_ids
        for n in range(1, days + 1)
    ]


def test_rollups_after_imports_equal_a_recomputation_from_daily_values(setup):
    load(history(("E1", "E3", "E9"), "CSAT", 80) + history(("E1", "E9"), "CALLS", 50))
    assert stored() == recomputed()
    # A second import changes a few days (one across the mover's team change) and adds new ones.
    load(history(("E9",), "CSAT", 45, offset=3)[-10:] + history(("E1",), "CALLS", 5, offset=1))
    assert stored() == recomputed()


def test_an_import_refreshes_only_the_periods_it_touched(today, setup):
    load(history(("E1",), "CSAT", 60))
    old_month = period_start(today - datetime.timedelta(days=59), "month")
    untouched = MetricRollup.objects.get(
        agent=setup.agent_a1, metric=setup.csat, period="month", period_start=old_month
    )
    load([f"E1,CSAT,{today - datetime.timedelta(days=1)},99,3"])
    assert MetricRollup.objects.filter(pk=untouched.pk).exists()  # neither deleted nor rewritten
    assert stored() == recomputed()


def test_rebuilding_gives_the_same_rollups(setup):
    load(history(("E1", "E9"), "CSAT", 70))
    before = stored()
    MetricRollup.objects.all().delete()
    rollups_rebuild()
    assert stored() == before


def test_series_selectors_weight_by_sample_and_split_a_mover_by_team(setup):
    week = period_start(setup.move_day, "week")
    # Two days in the move week: the last day in team A and the first in team B.
    load([f"E9,CSAT,{setup.move_day},80,30", f"E9,CSAT,{setup.move_day + datetime.timedelta(days=1)},60,10"])
    start, end = week, next_period_start(week, "week") - datetime.timedelta(days=1)
    (agent_point,) = agent_rollup_series(setup.mover, setup.csat, period="week", start=start, end=end)
    assert agent_point.period_start == week
    assert agent_point.value == Decimal(75)  # (80×30 + 60×10) / 40
    (team_a_point,) = team_rollup_series(setup.team_a, setup.csat, period="week", start=start, end=end)
    assert team_a_point.value == Decimal(80)
    both = teams_rollup_series([setup.team_a, setup.team_b], setup.csat, period="week", start=start, end=end)
    assert both[setup.team_b.pk][0].value == Decimal(60)


def test_upserting_values_refreshes_the_rollups_of_their_periods(today, setup):
    load(history(("E1",), "CSAT", 20))
    rows = [
        ValueRow(setup.agent_a1.pk, setup.csat.pk, today - datetime.timedelta(days=n), Decimal(50), 7) for n in (1, 2)
    ]
    rows.append(ValueRow(setup.mover.pk, setup.calls.pk, setup.move_day, Decimal(12), 1))
    metric_values_upsert(rows=rows)
    assert stored() == recomputed()
    assert MetricRollup.objects.filter(agent=setup.mover, metric=setup.calls).count() == 2  # its week and month


def test_a_team_move_moves_the_rollups_with_the_values(today, setup):
    load(history(("E1",), "CSAT", 30))
    move_day = today - datetime.timedelta(days=10)
    agent_assign_team(agent=setup.agent_a1, team=setup.team_b, start_date=move_day)
    assert stored() == recomputed()
    assert MetricRollup.objects.filter(agent=setup.agent_a1, team=setup.team_b).exists()
    # Editing memberships and re-attributing (as the admin does) keeps them equal too.
    TeamMembership.objects.filter(agent=setup.agent_a1, team=setup.team_b).delete()
    TeamMembership.objects.filter(agent=setup.agent_a1).update(end_date=None)
    metric_values_attribute(agent=setup.agent_a1)
    assert stored() == recomputed()
    assert not MetricRollup.objects.filter(agent=setup.agent_a1, team=setup.team_b).exists()


@pytest.mark.time_machine(DEMO_MOMENT, tick=False)
def test_the_demo_data_comes_with_its_rollups(demo_data):
    assert MetricRollup.objects.exists()
    assert stored() == recomputed()
