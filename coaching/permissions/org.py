"""People and teams: the teams and agents a user may see, their per-agent records, who manages and coaches whom.

Also the decisions that follow from a person's role as a whole: which home page and navigation
they get, whether they see only their own records, whether they see the whole organisation.
"""

import enum

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Role, Team, TeamMembership, User


def teams_visible_to(user: User) -> QuerySet[Team]:
    """Teams whose boards (every agent's records side by side) ``user`` may see.

    Agents see no team board: their own team's roll-up reaches them beside their own
    records, never their colleagues' lines.
    """
    teams = Team.objects.all()
    if not user.is_authenticated or not user.is_active:
        return teams.none()
    if user.is_administrator:
        return teams
    if user.role == Role.MANAGER:
        return teams.filter(managers=user)
    if user.role == Role.COACH:
        return teams.filter(coaches=user)
    return teams.none()


def teams_managed_by(user: User) -> QuerySet[Team]:
    """Teams whose goals ``user`` turns into expectations: the teams they manage; every team for an administrator."""
    return teams_visible_to(user) if may_manage(user) else Team.objects.none()


def agents_visible_to(user: User) -> QuerySet[User]:
    """Agents whose records ``user`` may see."""
    agents = User.objects.filter(role=Role.AGENT)
    if not user.is_authenticated or not user.is_active:
        return agents.none()
    if user.is_administrator:
        return agents
    if user.role == Role.AGENT:
        return agents.filter(pk=user.pk)
    if user.role in (Role.MANAGER, Role.COACH):
        current = TeamMembership.objects.current().filter(team__in=teams_visible_to(user))
        return agents.filter(pk__in=current.values("agent"))
    return agents.none()


def records_visible_to(user: User, queryset: QuerySet, *, agent_field: str = "agent") -> QuerySet:
    """Narrow ``queryset`` of per-agent records to those ``user`` may see.

    ``agent_field`` names the path from the record to its agent (``"agent"``,
    ``"goal__agent"``, ...).
    """
    if user.is_authenticated and user.is_active and user.is_administrator:
        return queryset
    if user.is_authenticated and user.role == Role.AGENT:
        return queryset.filter(**{agent_field: user}) if user.is_active else queryset.none()
    return queryset.filter(**{f"{agent_field}__in": agents_visible_to(user)})


def get_agent_or_404(user: User, agent_id) -> User:
    """The agent with ``agent_id`` if ``user`` may see them; 404 otherwise."""
    try:
        return agents_visible_to(user).get(pk=agent_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such agent.")) from None


def get_team_or_404(user: User, team_id) -> Team:
    """The team with ``team_id`` if ``user`` may see it; 404 otherwise."""
    try:
        return teams_visible_to(user).get(pk=team_id)
    except (Team.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such team.")) from None


def get_record_or_404(user: User, queryset: QuerySet, pk, *, agent_field: str = "agent"):
    """One per-agent record by primary key, if ``user`` may see it; 404 otherwise."""
    try:
        return records_visible_to(user, queryset, agent_field=agent_field).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such record.")) from None


def can_filter_records_by_team(user: User, team: Team) -> bool:
    """Whether ``user`` may narrow their records to ``team``: agents (their own records) and those who see the team."""
    if not user.is_authenticated:
        return False
    return user.role == Role.AGENT or user.is_administrator or teams_visible_to(user).filter(pk=team.pk).exists()


def may_manage(user: User) -> bool:
    """Whether ``user`` manages anyone at all: managers and administrators hold one-on-ones and set goals."""
    return user.is_authenticated and user.is_active and (user.is_administrator or user.role == Role.MANAGER)


def can_manage(user: User, agent: User) -> bool:
    """Whether ``user`` holds one-on-ones and sets goals and expectations for ``agent``.

    Managers of the agent's current team and administrators do; coaches and agents do not.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_administrator:
        return True
    return user.role == Role.MANAGER and agents_visible_to(user).filter(pk=agent.pk).exists()


def may_coach(user: User) -> bool:
    """Whether ``user`` coaches anyone at all: coaches, managers and administrators record observations and sessions."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_administrator or user.role in (Role.COACH, Role.MANAGER)


def can_coach(user: User, agent: User) -> bool:
    """Whether ``user`` records observations and coaching sessions for ``agent``.

    Coaches covering the agent's team, the team's managers and administrators do.
    """
    if not user.is_authenticated or not user.is_active or user.role == Role.AGENT:
        return False
    return user.is_administrator or agents_visible_to(user).filter(pk=agent.pk).exists()


def may_provision_people(user: User) -> bool:
    """Whether ``user`` creates and changes people, teams and team memberships: administrators only."""
    return user.is_authenticated and user.is_active and user.is_administrator


def may_see_only_own_records(user: User) -> bool:
    """Whether ``user`` is an agent, who sees their own records and nobody else's (an administrator never is)."""
    return user.is_authenticated and user.role == Role.AGENT and not user.is_administrator


def may_see_whole_organisation(user: User) -> bool:
    """Whether ``user`` sees figures across every team (all metrics, a survey's total): administrators only."""
    return user.is_authenticated and user.is_active and user.is_administrator


class HomeKind(enum.StrEnum):
    """The home page and navigation a person gets."""

    ADMINISTRATOR = "administrator"
    AGENT = "agent"
    COACH = "coach"
    MANAGER = "manager"


def home_kind(user: User) -> HomeKind:
    """The home page and navigation ``user`` gets: an administrator's (superusers too), else their role's."""
    if user.is_administrator:
        return HomeKind.ADMINISTRATOR
    if user.role == Role.AGENT:
        return HomeKind.AGENT
    if user.role == Role.COACH:
        return HomeKind.COACH
    return HomeKind.MANAGER
