"""Writes about the organisation: people, teams and team membership."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import MetricValue, Role, Team, TeamMembership, User
from .rollups import rollups_rebuild


@transaction.atomic
def agent_assign_team(*, agent: User, team: Team, start_date: datetime.date) -> TeamMembership:
    """Make ``agent`` a member of ``team`` from ``start_date``.

    An open membership of another team is closed the day before, so the agent's earlier
    days stay with the team they were in; values from ``start_date`` on move with them.
    Assigning the team the agent is already in is a no-op.
    """
    if agent.role != Role.AGENT:
        raise ValidationError({"agent": _("Only agents are members of teams.")})
    memberships = TeamMembership.objects.select_for_update().filter(agent=agent)
    current = memberships.filter(end_date__isnull=True).first()
    if current and current.team_id == team.pk:
        return current
    if memberships.filter(start_date__gte=start_date).exists():
        raise ValidationError(
            {"start_date": _("The agent already has a team membership starting on or after this day.")}
        )
    if current:
        current.end_date = start_date - datetime.timedelta(days=1)
        current.full_clean()
        current.save(update_fields=["end_date"])
    membership = TeamMembership(agent=agent, team=team, start_date=start_date)
    membership.full_clean()
    membership.save()
    metric_values_attribute(agent=agent)
    return membership


@transaction.atomic
def metric_values_attribute(*, agent: User) -> None:
    """Attribute each of ``agent``'s metric values to the team they were in on its day.

    The agent's roll-ups are recomputed, so each team's weeks and months follow.
    """
    values = MetricValue.objects.filter(agent=agent)
    values.update(team=None)
    for membership in agent.memberships.all():
        in_team = values.filter(day__gte=membership.start_date)
        if membership.end_date:
            in_team = in_team.filter(day__lte=membership.end_date)
        in_team.update(team=membership.team_id)
    rollups_rebuild(agent_ids=[agent.pk])
