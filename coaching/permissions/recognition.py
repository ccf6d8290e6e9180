"""Who may recognise whom, and whose recognition each person may read: the policy of the team walls.

- a team's wall is read by its current agents, its managers, the coaches covering it
  and administrators;
- anyone signed in recognises an agent of a team whose wall they read (an agent: a
  colleague of their own current team; never themselves); administrators any agent;
- a recognition is read on its team's wall, by the agent who received it and by the
  person who gave it.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Recognition, Role, Team, TeamMembership, User
from .org import may_see_only_own_records, teams_visible_to


def wall_teams_of(user: User) -> QuerySet[Team]:
    """Teams whose wall ``user`` reads: their own current team, the teams they manage or cover; all for admins."""
    teams = Team.objects.filter(is_active=True)
    if not user.is_authenticated or not user.is_active:
        return teams.none()
    if may_see_only_own_records(user):
        return teams.filter(pk__in=TeamMembership.objects.current().filter(agent=user).values("team"))
    return teams_visible_to(user).filter(is_active=True)


def get_wall_team_or_404(user: User, team_id) -> Team:
    """The team with ``team_id`` if ``user`` reads its wall; 404 otherwise."""
    try:
        return wall_teams_of(user).get(pk=team_id)
    except (Team.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such team.")) from None


def agents_recognisable_by(user: User) -> QuerySet[User]:
    """Active agents ``user`` may recognise: those currently in a team whose wall they read, never themselves."""
    agents = User.objects.filter(role=Role.AGENT, is_active=True)
    if not user.is_authenticated or not user.is_active:
        return agents.none()
    if not user.is_administrator:
        current = TeamMembership.objects.current().filter(team__in=wall_teams_of(user))
        agents = agents.filter(pk__in=current.values("agent"))
    return agents.exclude(pk=user.pk).order_by("first_name", "last_name", "pk")


def can_recognise(user: User, agent: User) -> bool:
    """Whether ``user`` may recognise ``agent`` (see the module's policy)."""
    return agents_recognisable_by(user).filter(pk=agent.pk).exists()


def recognitions_visible_to(user: User) -> QuerySet[Recognition]:
    """Recognition ``user`` may read, newest first, with people, value, team and goal loaded."""
    recognitions = Recognition.objects.select_related("agent", "given_by", "value", "team", "goal").order_by(
        "-created_at", "-pk"
    )
    if not user.is_authenticated or not user.is_active:
        return recognitions.none()
    if user.is_administrator:
        return recognitions
    return recognitions.filter(Q(team__in=wall_teams_of(user)) | Q(agent=user) | Q(given_by=user))
