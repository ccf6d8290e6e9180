"""Goals and expectations: which of them a user may see, and who sets goals for a team or an agent."""

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Expectation, Goal, Role, Team, TeamMembership, User
from .org import agents_visible_to, records_visible_to, teams_visible_to


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


def expectations_visible_to(user: User, *, goal: Goal | None = None) -> QuerySet[Expectation]:
    """Expectations ``user`` may see, waiting for acknowledgement first, then newest first."""
    expectations = Expectation.objects.select_related(
        "goal__metric", "goal__team", "agent", "created_by", "one_on_one"
    ).defer("one_on_one__private_notes")
    if goal is not None:
        expectations = expectations.filter(goal=goal)
    return records_visible_to(user, expectations).order_by(
        F("acknowledged_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def may_set_goals(user: User) -> bool:
    """Whether ``user`` sets goals at all: administrators, and managers of at least one team."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_administrator or (user.role == Role.MANAGER and teams_visible_to(user).exists())
