"""Demo alert rules, and their first evaluation, so the demo shows the investigation Billing Support opens.

The administrator configures the rules through ``alert_rule_save``. Safe to run twice:
rules are matched by name, and the evaluation never opens a duplicate.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from ..models import AlertAction, AlertCondition, AlertRule, AlertScope, AssigneeChoice, Metric, Role, Team, User
from ..services.alerts import AlertEvaluation, alert_rule_save, alert_rules_evaluate

# The demo's weekly team absenteeism is noisy (about 55 agent-days a week, each absent or not), so a
# least-squares trend over five weeks also fires now and then for the steady teams. The rising team
# ends about three times above its usual 3-5 %; a ceiling of 10 % tells it from the others every day.
ABSENTEEISM_CEILING = Decimal(10)
AHT_CEILING = Decimal(450)


@transaction.atomic
def seed_alerts(*, today: datetime.date) -> AlertEvaluation:
    """Create the demo's alert rules and run their first evaluation; returns what it did."""
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    metrics = {metric.code: metric for metric in Metric.objects.filter(code__in=("ABS", "CSAT", "AHT"))}
    for team in Team.objects.filter(is_active=True):
        _rule(
            admin,
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
        admin,
        "CSAT below its usual level for 8 weeks · each agent",
        metric=metrics["CSAT"],
        scope=AlertScope.EACH_AGENT,
        condition=AlertCondition.RUN,
        run_length=8,
        baseline_periods=12,
        action=AlertAction.COACHING_PROPOSAL,
    )
    _rule(
        admin,
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


def _rule(admin: User, name: str, **fields) -> AlertRule:
    """The rule called ``name``, created or brought back to these settings as the administrator would."""
    return alert_rule_save(actor=admin, rule=AlertRule.objects.filter(name=name).first(), name=name, **fields)
