"""Reads of recognition: the team walls, the latest an agent received, and the company's values.

Who reads which wall and whom they may recognise is the policy in ``permissions.recognition``.
"""

from django.db.models import QuerySet

from ..models import CompanyValue, Recognition, Team, User
from ..permissions import recognitions_visible_to, wall_teams_of


def team_wall(user: User, *, team: Team | None = None) -> QuerySet[Recognition]:
    """Recognition on the walls ``user`` reads (one ``team``'s, or all of theirs), newest first."""
    teams = wall_teams_of(user) if team is None else wall_teams_of(user).filter(pk=team.pk)
    return recognitions_visible_to(user).filter(team__in=teams)


def agent_recognitions(viewer: User, agent: User, *, limit: int = 5) -> list[Recognition]:
    """The latest recognition and goal celebrations ``agent`` received, as far as ``viewer`` may read them."""
    return list(recognitions_visible_to(viewer).filter(agent=agent)[:limit])


def company_values() -> QuerySet[CompanyValue]:
    """The values people are recognised for today, in display order."""
    return CompanyValue.objects.filter(is_active=True).order_by("order", "name")
