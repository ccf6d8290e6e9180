"""``manage.py alerts_backtest``: the investigations an alert rule would have opened on the stored data.

Nothing is written. Without ``--rule`` it replays the default detector (a lasting shift,
CUSUM on a frozen baseline) for the metric and scope given.
"""

import argparse
import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from ... import clock
from ...models import AlertRule, AlertScope, Metric, Team
from ...selectors.alerts import default_rule, rule_backtest

SCOPES = {"each-agent": AlertScope.EACH_AGENT, "each-team": AlertScope.ALL_TEAMS}


class Command(BaseCommand):
    help = (
        "Replay an alert rule (or the default detector) over the stored data and list the investigations it "
        "would have opened; nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--metric", help="the metric's code (required without --rule)")
        parser.add_argument("--scope", default="each-agent", help="each-agent, each-team or team:ID")
        parser.add_argument("--rule", type=int, help="a saved rule's id (its metric and scope are used)")
        parser.add_argument("--from", dest="start", type=_day, help="first day judged (default: a year before --to)")
        parser.add_argument("--to", dest="end", type=_day, help="last day of data judged (default: yesterday)")
        parser.add_argument("--json", action="store_true", help="print a JSON list, one object per investigation")

    def handle(self, *args, metric=None, scope="each-agent", rule=None, start=None, end=None, **options):
        end = end or clock.today() - datetime.timedelta(days=1)
        start = start or end - datetime.timedelta(days=365)
        if start > end:
            raise CommandError("--from must not be after --to.")
        judged = self._rule(rule) if rule else self._default(metric, scope)
        alarms = rule_backtest(judged, start=start, end=end)
        if options["json"]:
            self.stdout.write(json.dumps([_as_json(alarm) for alarm in alarms], indent=2))
            return
        for alarm in alarms:
            who = alarm.employee_id if alarm.employee_id is not None else alarm.team
            self.stdout.write(f"{alarm.opened_on}  {alarm.metric}  {who}  (period from {alarm.period_start})")
        self.stdout.write(f"{len(alarms)} investigations from {start} to {end}.")

    def _rule(self, rule_id: int) -> AlertRule:
        rule = AlertRule.objects.select_related("metric", "team").filter(pk=rule_id).first()
        if rule is None:
            raise CommandError(f"No such alert rule: {rule_id}")
        return rule

    def _default(self, code: str | None, scope: str) -> AlertRule:
        if not code:
            raise CommandError("Give --metric CODE, or --rule ID.")
        metric = Metric.objects.filter(code=code).first()
        if metric is None:
            raise CommandError(f"No such metric: {code}")
        team = None
        if scope.startswith("team:"):
            team = Team.objects.filter(pk=scope.removeprefix("team:")).first() if scope[5:].isdigit() else None
            if team is None:
                raise CommandError(f"No such team: {scope[5:]}")
            kind = AlertScope.TEAM
        elif scope in SCOPES:
            kind = SCOPES[scope]
        else:
            raise CommandError("--scope is each-agent, each-team or team:ID.")
        if kind == AlertScope.EACH_AGENT and metric.per_team:
            raise CommandError(f"{code} is measured for a team as a whole; use each-team or team:ID.")
        return default_rule(metric, scope=kind, team=team)


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text}") from None


def _as_json(alarm) -> dict:
    scope = {"employee_id": alarm.employee_id} if alarm.employee_id is not None else {"team": alarm.team}
    return {
        "metric": alarm.metric,
        **scope,
        "period_start": alarm.period_start.isoformat(),
        "opened_on": alarm.opened_on.isoformat(),
    }
