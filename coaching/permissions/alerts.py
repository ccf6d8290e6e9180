"""Alerts: who may see and work on investigations, and who may see and decide coaching proposals.

Investigations are visible to their assignee, the managers of their team and
administrators; never to agents, even one named by mistake. Coaching proposals are
visible to the coach they are made to, to those who coach the agent, and to
administrators; never to agents. "Not yours" answers like "does not exist" (a 404).
"""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import CoachingProposal, Investigation, InvestigationNote, Role, Team, User
from .org import agents_visible_to, can_coach


def investigations_visible_to(user: User) -> QuerySet[Investigation]:
    """Investigations ``user`` may see: assigned to them, of a team they manage, or all for administrators."""
    investigations = Investigation.objects.select_related("rule", "metric", "team", "agent", "assignee")
    if not user.is_authenticated or not user.is_active:
        return investigations.none()
    if user.is_administrator:
        return investigations
    if user.role == Role.AGENT:
        return investigations.none()
    return investigations.filter(Q(assignee=user) | Q(team__in=Team.objects.filter(managers=user)))


def may_see_investigations(user: User) -> bool:
    """Whether the investigation pages exist for ``user`` at all: never for agents."""
    return user.is_authenticated and user.is_active and (user.is_administrator or user.role != Role.AGENT)


def get_investigation_or_404(user: User, investigation_id) -> Investigation:
    """One investigation with its notes, if ``user`` may see it; 404 otherwise."""
    notes = InvestigationNote.objects.select_related("author")
    try:
        return (
            investigations_visible_to(user)
            .select_related("resolved_by")
            .prefetch_related(Prefetch("notes", queryset=notes))
            .get(pk=investigation_id)
        )
    except (Investigation.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such investigation.")) from None


def may_work_on(user: User, investigation: Investigation) -> bool:
    """Whether ``user`` adds notes to and resolves ``investigation``: whoever may see it."""
    return investigations_visible_to(user).filter(pk=investigation.pk).exists()


def proposals_visible_to(user: User) -> QuerySet[CoachingProposal]:
    """Coaching proposals ``user`` may see: made to them or about agents they coach; all for administrators."""
    proposals = CoachingProposal.objects.select_related("rule", "metric", "agent", "coach").prefetch_related(
        "behaviours"
    )
    if not user.is_authenticated or not user.is_active:
        return proposals.none()
    if user.is_administrator:
        return proposals
    if user.role == Role.AGENT:
        return proposals.none()
    return proposals.filter(Q(coach=user) | Q(agent__in=agents_visible_to(user)))


def get_proposal_or_404(user: User, proposal_id) -> CoachingProposal:
    """One coaching proposal, if ``user`` may see it; 404 otherwise."""
    try:
        return proposals_visible_to(user).get(pk=proposal_id)
    except (CoachingProposal.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such coaching proposal.")) from None


def can_decide_proposal(user: User, proposal: CoachingProposal) -> bool:
    """Whether ``user`` accepts or dismisses ``proposal``: the coach it is made to or anyone who coaches the agent."""
    return user.pk == proposal.coach_id or can_coach(user, proposal.agent)


def may_configure_alert_rules(user: User) -> bool:
    """Whether ``user`` creates and changes alert rules: administrators only."""
    return user.is_authenticated and user.is_active and user.is_administrator
