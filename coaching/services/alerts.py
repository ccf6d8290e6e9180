"""Writes of alerts: evaluating the rules, and the investigation and coaching-proposal workflows.

``alert_rules_evaluate`` runs every active rule over each of its scopes and, when a rule
triggers, opens an investigation (assigned to the team's manager or a named person) or
proposes a coaching session to the agent's coach. It never opens a second one while one is
open for the same rule and scope, nor a new one on the same data as an earlier one (so a
resolved investigation is not reopened until a new period completes): running it twice
changes nothing the second time.
"""

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from .. import clock
from ..i18n import in_language_of
from ..models import (
    AlertAction,
    AlertRule,
    AlertScope,
    AssigneeChoice,
    Behaviour,
    CoachingProposal,
    Investigation,
    InvestigationNote,
    InvestigationStatus,
    NotificationKind,
    ProposalStatus,
    Role,
    Team,
    User,
)
from ..permissions import can_decide_proposal, may_configure_alert_rules, may_work_on
from ..rules.alerts import PeriodValue, Verdict, check
from ..rules.periods import period_end, period_start
from ..selectors.alerts import AlarmHistory, RuleBudget, alarm_history, rule_budget, rule_parameters, rule_series
from . import notifications


@dataclass
class AlertEvaluation:
    """What one evaluation did."""

    rules: int = 0
    scopes_checked: int = 0
    triggered: int = 0
    investigations_opened: int = 0
    proposals_opened: int = 0
    already_open: int = 0
    skipped_no_assignee: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def alert_rules_evaluate(*, today: datetime.date, rules=None) -> AlertEvaluation:
    """Evaluate ``rules`` (every active rule by default) on the periods completed before ``today``."""
    summary = AlertEvaluation()
    if rules is None:
        rules = AlertRule.objects.filter(is_active=True).select_related("metric", "team", "assignee")
    for rule in rules:
        summary.rules += 1
        with transaction.atomic():
            _evaluate_rule(rule, today=today, summary=summary)
    return summary


def _evaluate_rule(rule: AlertRule, *, today: datetime.date, summary: AlertEvaluation) -> None:
    series_by_scope = rule_series(rule, today=today)
    history = alarm_history(rule, today=today)
    teams = {team.pk: team for team in Team.objects.filter(pk__in={team_id for team_id, _ in series_by_scope})}
    agents = {agent.pk: agent for agent in User.objects.filter(pk__in={a for _, a in series_by_scope if a})}
    for (team_id, agent_id), series in sorted(series_by_scope.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        summary.scopes_checked += 1
        latest_start = series[-1].start
        if period_end(latest_start, rule.period) < _last_complete_day(rule, today):
            continue  # no data in the latest complete period: nothing to judge yet
        earlier = history.get(agent_id if agent_id is not None else team_id, AlarmHistory(None, ()))
        verdict = check(
            rule.condition,
            series,
            restart_after=earlier.restart_after,
            quiet=earlier.quiet,
            **rule_parameters(rule),
        )
        if not verdict.triggered:
            continue
        summary.triggered += 1
        data = _trigger_data(rule, verdict, series)
        last_day = period_end(latest_start, rule.period)
        if rule.action == AlertAction.COACHING_PROPOSAL:
            opened = _propose_coaching(rule, agent=agents[agent_id], team=teams[team_id], data=data, last_day=last_day)
            summary.proposals_opened += opened is True
        else:
            opened = _open_investigation(
                rule, team=teams[team_id], agent=agents.get(agent_id), data=data, last_day=last_day, today=today
            )
            summary.investigations_opened += opened is True
        summary.already_open += opened is False
        summary.skipped_no_assignee += opened is None


def _last_complete_day(rule: AlertRule, today: datetime.date) -> datetime.date:
    return period_start(today, rule.period) - datetime.timedelta(days=1)


def _trigger_data(rule: AlertRule, verdict: Verdict, series: list[PeriodValue]) -> dict:
    return {
        **verdict.as_data(),
        "rule": rule.name,
        "metric": rule.metric.code,
        "period": rule.period,
        "period_end": period_end(series[-1].start, rule.period).isoformat(),
    }


def _already_handled(queryset, *, open_q: Q, last_day: datetime.date) -> bool:
    """An open one for the scope, or one (of any status) opened on data as recent as this."""
    return queryset.filter(open_q | Q(period_end__gte=last_day)).exists()


def _open_investigation(rule, *, team, agent, data, last_day, today) -> bool | None:
    """Open one investigation; ``False`` if one is open or was opened on this data, ``None`` without assignee."""
    # An agent's series follows them across teams, so their investigation does too: one per rule and agent.
    existing = (
        Investigation.objects.filter(rule=rule, agent=agent)
        if agent is not None
        else Investigation.objects.filter(rule=rule, team=team, agent=None)
    )
    if _already_handled(existing, open_q=~Q(status=InvestigationStatus.RESOLVED), last_day=last_day):
        return False
    if rule.assignee_choice == AssigneeChoice.PERSON:
        assignee = rule.assignee
    else:
        assignee = team.managers.filter(is_active=True).exclude(role=Role.AGENT).order_by("pk").first()
    # Checked again now, not only when the rule was saved: people leave, and roles change.
    if assignee is None or not assignee.is_active or assignee.is_agent:
        return None
    investigation = Investigation(
        rule=rule,
        metric=rule.metric,
        team=team,
        agent=agent,
        assignee=assignee,
        due_date=today + datetime.timedelta(days=rule.due_in_days),
        period_end=last_day,
        trigger_data=data,
    )
    investigation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            investigation.save()
    except IntegrityError:
        return False  # a concurrent evaluation opened it first
    transaction.on_commit(lambda: _notify_assignee(investigation))
    return True


def _notify_assignee(investigation: Investigation) -> None:
    scope = investigation.agent or investigation.team
    with in_language_of(investigation.assignee):
        notifications.notification_send(
            recipient=investigation.assignee,
            kind=NotificationKind.INVESTIGATION_ASSIGNED,
            title=_("Investigation: %(metric)s in %(scope)s") % {"metric": investigation.metric.name, "scope": scope},
            body=_(
                "The alert rule “%(rule)s” triggered. Talk to the people involved and record the outcome by %(due)s."
            )
            % {
                "rule": investigation.rule.name,
                "due": formats.date_format(investigation.due_date, "SHORT_DATE_FORMAT"),
            },
            url=reverse("investigation-detail", args=[investigation.pk]),
        )


def _propose_coaching(rule, *, agent, team, data, last_day) -> bool | None:
    """Propose one coaching session; ``False`` when one is open or was made on this data, ``None`` without coach."""
    existing = CoachingProposal.objects.filter(rule=rule, agent=agent)
    if _already_handled(existing, open_q=Q(status=ProposalStatus.PROPOSED), last_day=last_day):
        return False
    coach = team.coaches.filter(is_active=True).order_by("pk").first()
    if coach is None:
        return None
    proposal = CoachingProposal(
        rule=rule, agent=agent, coach=coach, metric=rule.metric, period_end=last_day, trigger_data=data
    )
    proposal.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        return False
    proposal.behaviours.set(Behaviour.objects.filter(is_active=True, metrics=rule.metric))
    transaction.on_commit(lambda: _notify_coach(proposal))
    return True


def _notify_coach(proposal: CoachingProposal) -> None:
    behaviours = ", ".join(behaviour.name for behaviour in proposal.behaviours.all())
    with in_language_of(proposal.coach):
        body = _("The alert rule “%(rule)s” found %(metric)s slipping.") % {
            "rule": proposal.rule.name,
            "metric": proposal.metric.name,
        }
        if behaviours:
            body += " " + _("Behaviours to work on: %(behaviours)s.") % {"behaviours": behaviours}
        notifications.notification_send(
            recipient=proposal.coach,
            kind=NotificationKind.COACHING_PROPOSED,
            title=_("Coaching proposed: %(agent)s on %(metric)s")
            % {
                "agent": proposal.agent,
                "metric": proposal.metric.name,
            },
            body=body,
            url=reverse("proposal-list"),
        )


@transaction.atomic
def investigation_note_add(*, investigation: Investigation, actor: User, text: str) -> InvestigationNote:
    """Record a conversation held; an open investigation moves to "in progress"."""
    # Decided on the row as it is now: a page loaded before a concurrent resolve must not reopen it.
    investigation = Investigation.objects.select_for_update().get(pk=investigation.pk)
    if not may_work_on(actor, investigation):
        raise PermissionDenied(_("You do not work on this investigation."))
    if investigation.status == InvestigationStatus.RESOLVED:
        raise ValidationError({"text": _("This investigation is resolved.")})
    note = InvestigationNote(investigation=investigation, author=actor, text=text.strip())
    note.full_clean()
    note.save()
    if investigation.status == InvestigationStatus.OPEN:
        investigation.status = InvestigationStatus.IN_PROGRESS
        investigation.save(update_fields=["status"])
    return note


@transaction.atomic
def investigation_resolve(*, investigation: Investigation, actor: User, outcome: str, actions: str) -> Investigation:
    """Close ``investigation`` with what was found and what will be done."""
    # Decided on the row as it is now: a page loaded before a concurrent resolve must not reopen it.
    investigation = Investigation.objects.select_for_update().get(pk=investigation.pk)
    if not may_work_on(actor, investigation):
        raise PermissionDenied(_("You do not work on this investigation."))
    if investigation.status == InvestigationStatus.RESOLVED:
        raise ValidationError({"outcome": _("This investigation is already resolved.")})
    outcome, actions = outcome.strip(), actions.strip()
    errors = {}
    if not outcome:
        errors["outcome"] = _("Say what you found.")
    if not actions:
        errors["actions"] = _("Say what will be done.")
    if errors:
        raise ValidationError(errors)
    investigation.status = InvestigationStatus.RESOLVED
    investigation.outcome, investigation.actions = outcome, actions
    investigation.resolved_at, investigation.resolved_by = clock.now(), actor
    investigation.full_clean()
    investigation.save()
    return investigation


@transaction.atomic
def coaching_proposal_accept(*, proposal: CoachingProposal, actor: User) -> CoachingProposal:
    """The coach takes the proposal up; the session itself is recorded as any other."""
    proposal = CoachingProposal.objects.select_for_update().get(pk=proposal.pk)
    if not can_decide_proposal(actor, proposal):
        raise PermissionDenied(_("You do not coach this agent."))
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    proposal.status, proposal.decided_at = ProposalStatus.ACCEPTED, clock.now()
    proposal.save(update_fields=["status", "decided_at"])
    return proposal


@transaction.atomic
def coaching_proposal_dismiss(*, proposal: CoachingProposal, actor: User, reason: str) -> CoachingProposal:
    """The coach sets the proposal aside, saying why."""
    proposal = CoachingProposal.objects.select_for_update().get(pk=proposal.pk)
    if not can_decide_proposal(actor, proposal):
        raise PermissionDenied(_("You do not coach this agent."))
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the session is not needed.")})
    proposal.status, proposal.dismiss_reason, proposal.decided_at = ProposalStatus.DISMISSED, reason, clock.now()
    proposal.save(update_fields=["status", "dismiss_reason", "decided_at"])
    return proposal


@transaction.atomic
def alert_rule_save(*, actor: User, rule: AlertRule | None = None, **fields) -> AlertRule:
    """Create or change an alert rule; administrators only."""
    if not may_configure_alert_rules(actor):
        raise PermissionDenied(_("Only administrators configure alert rules."))
    rule = rule or AlertRule()
    for name, value in fields.items():
        setattr(rule, name, value)
    if rule.scope != AlertScope.TEAM:
        rule.team = None
    if rule.assignee_choice != AssigneeChoice.PERSON:
        rule.assignee = None
    rule.full_clean()
    rule.save()
    return rule


def alert_rule_budget(*, actor: User, today: datetime.date, rule: AlertRule | None = None, **fields) -> RuleBudget:
    """What a rule with these settings would cost in false investigations, before it is saved; administrators only.

    ``rule`` is the saved rule being changed (its settings are the starting point); nothing is
    written. The settings are validated as ``alert_rule_save`` would.
    """
    if not may_configure_alert_rules(actor):
        raise PermissionDenied(_("Only administrators configure alert rules."))
    draft = AlertRule.objects.get(pk=rule.pk) if rule is not None and rule.pk else AlertRule()
    for name, value in fields.items():
        setattr(draft, name, value)
    if draft.scope != AlertScope.TEAM:
        draft.team = None
    if draft.assignee_choice != AssigneeChoice.PERSON:
        draft.assignee = None
    draft.full_clean(validate_unique=False, validate_constraints=False)
    return rule_budget(draft, today=today)
