"""People and teams: the teams and agents a user may see, their per-agent records, who manages and coaches whom."""

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


def can_manage(user: User, agent: User) -> bool:
    """Whether ``user`` holds one-on-ones and sets goals and expectations for ``agent``.

    Managers of the agent's current team and administrators do; coaches and agents do not.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_administrator:
        return True
    return user.role == Role.MANAGER and agents_visible_to(user).filter(pk=agent.pk).exists()


def can_coach(user: User, agent: User) -> bool:
    """Whether ``user`` records observations and coaching sessions for ``agent``.

    Coaches covering the agent's team, the team's managers and administrators do.
    """
    if not user.is_authenticated or not user.is_active or user.role == Role.AGENT:
        return False
    return user.is_administrator or agents_visible_to(user).filter(pk=agent.pk).exists()
