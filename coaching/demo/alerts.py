"""Demo alert rules, and their first evaluation, so the demo shows the investigation Billing Support opens.

Safe to run twice: rules are matched by name, and the evaluation never opens a duplicate.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from ..models import AlertAction, AlertCondition, AlertRule, AlertScope, AssigneeChoice, Metric, Team
from ..services.alerts import AlertEvaluation, alert_rules_evaluate

# The demo's weekly team absenteeism is noisy (about 55 agent-days a week, each absent or not), so a
# least-squares trend over five weeks also fires now and then for the steady teams. The rising team
# ends about three times above its usual 3-5 %; a ceiling of 10 % tells it from the others every day.
ABSENTEEISM_CEILING = Decimal(10)
AHT_CEILING = Decimal(450)


@transaction.atomic
def seed_alerts(*, today: datetime.date) -> AlertEvaluation:
    """Create the demo's alert rules and run their first evaluation; returns what it did."""
    metrics = {metric.code: metric for metric in Metric.objects.filter(code__in=("ABS", "CSAT", "AHT"))}
    for team in Team.objects.filter(is_active=True):
        _rule(
            f"Absenteeism rising above 10 % · {team.name}",
            metric=metrics["ABS"],
            scope=AlertScope.TEAM,
            team=team,
            condition=AlertCondition.THRESHOLD,
            threshold=ABSENTEEISM_CEILING,
            action=AlertAction.INVESTIGATION,
            assignee_choice=AssigneeChoice.TEAM_MANAGER,
            due_in_days=14,
        )
    _rule(
        "CSAT below its usual level for 8 weeks · each agent",
        metric=metrics["CSAT"],
        scope=AlertScope.EACH_AGENT,
        condition=AlertCondition.RUN,
        run_length=8,
        baseline_periods=12,
        action=AlertAction.COACHING_PROPOSAL,
    )
    _rule(
        "Average handle time above 450 s · each team",
        metric=metrics["AHT"],
        scope=AlertScope.ALL_TEAMS,
        condition=AlertCondition.THRESHOLD,
        threshold=AHT_CEILING,
        action=AlertAction.INVESTIGATION,
        assignee_choice=AssigneeChoice.TEAM_MANAGER,
        due_in_days=7,
    )
    return alert_rules_evaluate(today=today)


def _rule(name: str, **fields) -> AlertRule:
    rule = AlertRule.objects.filter(name=name).first() or AlertRule(name=name)
    for field, value in fields.items():
        setattr(rule, field, value)
    rule.full_clean()
    rule.save()
    return rule
