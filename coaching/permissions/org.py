"""The one visibility policy: who may see which teams, agents and per-agent records.

Every page, API endpoint, export and notification fetches through these functions:

- an agent sees only their own records;
- a manager sees the agents currently in the teams they manage;
- a coach sees the agents currently in the teams they cover;
- an administrator sees everything.

``get_*_or_404`` answer "not yours" exactly like "does not exist", so an id tells an
outsider nothing.
"""

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .. import clock
from ..models import ActionItem, Goal, Observation, OneOnOne, Role, Team, TeamMembership, User


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


def can_see_private_notes(user: User, one_on_one) -> bool:
    """Private one-on-one notes: the manager who held it and administrators, nobody else."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_administrator or (user.role == Role.MANAGER and one_on_one.manager_id == user.pk)


def goals_visible_to(user: User) -> QuerySet:
    """Goals ``user`` may see: their agents' goals and their teams' goals.

    An agent sees their own goals and the goals of the team they are in today.
    """
    goals = Goal.objects.all()
    if not user.is_authenticated or not user.is_active:
        return goals.none()
    if user.is_administrator:
        return goals
    if user.role == Role.AGENT:
        current_teams = TeamMembership.objects.current().filter(agent=user).values("team")
        return goals.filter(Q(agent=user) | Q(team__in=current_teams))
    return goals.filter(Q(agent__in=agents_visible_to(user)) | Q(team__in=teams_visible_to(user)))


def get_goal_or_404(user: User, goal_id):
    """The goal with ``goal_id`` if ``user`` may see it; 404 otherwise."""
    try:
        return goals_visible_to(user).get(pk=goal_id)
    except (Goal.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such goal.")) from None


def can_set_goals_for(user: User, *, team: Team | None = None, agent: User | None = None) -> bool:
    """Managers set goals for their teams and agents; administrators for any."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_administrator:
        return True
    if user.role != Role.MANAGER:
        return False
    if team is not None:
        return teams_visible_to(user).filter(pk=team.pk).exists()
    return agent is not None and agents_visible_to(user).filter(pk=agent.pk).exists()


def observations_visible_to(user: User) -> QuerySet:
    """Observations ``user`` may see; an agent sees only those shared with them."""
    visible = records_visible_to(user, Observation.objects.all())
    if user.is_authenticated and user.role == Role.AGENT and not user.is_administrator:
        visible = visible.filter(shared_with_agent=True)
    return visible


def can_add_agenda_item(user: User, one_on_one: OneOnOne, *, now: datetime.datetime | None = None) -> bool:
    """Managers of the agent add points any time; the agent only before the meeting."""
    if can_manage(user, one_on_one.agent):
        return True
    now = now or clock.now()
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.AGENT
        and user.pk == one_on_one.agent_id
        and one_on_one.meeting_on > now
    )


def can_set_action_item_done(user: User, action_item: ActionItem) -> bool:
    """A manager of the agent or the item's owner marks it done or reopens it."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.pk == action_item.owner_id or can_manage(user, action_item.one_on_one.agent)


def can_answer_disputes(user: User, observation: Observation) -> bool:
    """Whether ``user`` answers disputes on ``observation``: its observer or anyone who coaches the agent."""
    if not user.is_authenticated or not user.is_active:
        return False
    return observation.observer_id == user.pk or can_coach(user, observation.agent)
