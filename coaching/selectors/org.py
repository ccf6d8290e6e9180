"""Reads about the organisation: teams, their agents and people's team history."""

import datetime

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from .. import clock
from ..models import Metric, MetricRole, MetricValue, Role, Team, TeamMembership, TeamMetricValue, User


def current_members(team: Team) -> QuerySet[User]:
    """The agents in ``team`` today, by name."""
    return members_on(team, day=clock.today())


def members_on(team: Team, *, day: datetime.date) -> QuerySet[User]:
    """The agents in ``team`` on ``day``, by name."""
    return User.objects.filter(role=Role.AGENT, pk__in=TeamMembership.objects.on(day).filter(team=team).values("agent"))


def current_team_of(agent: User) -> Team | None:
    """The team ``agent`` is in today, if any."""
    membership = TeamMembership.objects.current().filter(agent=agent).select_related("team").first()
    return membership.team if membership else None


def team_history(agent: User) -> list[TeamMembership]:
    """``agent``'s memberships, newest first."""
    return list(agent.memberships.select_related("team").order_by("-start_date"))


def teams_with_leads(teams: QuerySet[Team]) -> QuerySet[Team]:
    """``teams`` with their managers and coaches loaded and current headcount counted."""
    today = clock.today()
    return teams.prefetch_related(
        Prefetch("managers", queryset=User.objects.order_by("first_name")),
        Prefetch("coaches", queryset=User.objects.order_by("first_name")),
    ).annotate(
        headcount=Count(
            "memberships",
            filter=Q(memberships__start_date__lte=today)
            & (Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)),
            distinct=True,
        )
    )


def configuration_overview() -> dict:
    """What an administrator checks first: counts, gaps in set-up, data freshness."""
    people = User.objects.aggregate(
        agents=Count("pk", filter=Q(role=Role.AGENT, is_active=True)),
        managers=Count("pk", filter=Q(role=Role.MANAGER, is_active=True)),
        coaches=Count("pk", filter=Q(role=Role.COACH, is_active=True)),
        admins=Count("pk", filter=Q(role=Role.ADMIN, is_active=True) | Q(is_superuser=True, is_active=True)),
    )
    in_a_team = TeamMembership.objects.current().values("agent")
    freshness = {
        row["metric_id"]: row
        for model in (MetricValue, TeamMetricValue)
        for row in model.objects.order_by().values("metric_id").annotate(latest=Max("day"), rows=Count("id"))
    }
    defined = list(Metric.objects.all())
    metrics = [
        {
            "metric": metric,
            "latest": freshness.get(metric.pk, {}).get("latest"),
            "rows": freshness.get(metric.pk, {}).get("rows", 0),
        }
        for metric in defined
    ]
    played = {metric.role for metric in defined if metric.is_active}
    return {
        "people": people,
        "teams": teams_with_leads(Team.objects.filter(is_active=True)),
        "teams_without_manager": Team.objects.filter(is_active=True, managers=None),
        "teams_without_coach": Team.objects.filter(is_active=True, coaches=None),
        "agents_without_team": User.objects.filter(role=Role.AGENT, is_active=True).exclude(pk__in=in_a_team),
        "metrics": metrics,
        "roles_unplayed": [role for role in MetricRole if role not in played],
    }
