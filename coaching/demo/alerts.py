"""Demo alert rules, and their first evaluation, so the demo shows the investigation Billing Support opens.

The administrator configures the rules through ``alert_rule_save``. Safe to run twice:
rules are matched by name, and the evaluation never opens a duplicate.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from ..models import AlertAction, AlertCondition, AlertRule, AlertScope, AssigneeChoice, Metric, Role, User
from ..services.alerts import AlertEvaluation, alert_rule_save, alert_rules_evaluate

# A team's AHT above 450 s is a ceiling the contact centre agreed with its client: a threshold.
AHT_CEILING = Decimal(450)


@transaction.atomic
def seed_alerts(*, today: datetime.date) -> AlertEvaluation:
    """Create the demo's alert rules and run their first evaluation; returns what it did."""
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    metrics = {metric.code: metric for metric in Metric.objects.filter(code__in=("ABS", "CSAT", "AHT"))}
    # The default detector: a lasting shift from each team's own usual level (CUSUM on a frozen
    # baseline). Billing Support's absenteeism, rising over the last weeks, is one; the steady
    # teams' noisy weeks are not.
    _rule(
        admin,
        "Absenteeism shifted up · each team",
        metric=metrics["ABS"],
        scope=AlertScope.ALL_TEAMS,
        condition=AlertCondition.CUSUM,
        action=AlertAction.INVESTIGATION,
        assignee_choice=AssigneeChoice.TEAM_MANAGER,
        due_in_days=14,
    )
    _rule(
        admin,
        "CSAT shifted down · each agent",
        metric=metrics["CSAT"],
        scope=AlertScope.EACH_AGENT,
        condition=AlertCondition.CUSUM,
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
