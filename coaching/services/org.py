"""Writes about the organisation: people, teams and team membership, and their provisioning by administrators."""

import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..i18n import is_language
from ..models import MetricValue, Role, Team, TeamMembership, User
from ..permissions import may_provision_people
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


# --- Provisioning (an HR system or an administrator): people, teams, memberships ---------------------------------


def _check_provision(actor: User) -> None:
    if not may_provision_people(actor):
        raise PermissionDenied(_("Only administrators create and change people, teams and memberships."))


def _check_language(language: str) -> None:
    if language and not is_language(language):
        offered = ", ".join(code for code, _name in settings.LANGUAGES)
        raise ValidationError({"language": _("Choose one of: %(offered)s, or leave it empty.") % {"offered": offered}})


def _set_password(user: User, password: str | None) -> None:
    """A password checked by the site's password rules, or none at all (the person cannot sign in with one)."""
    if password is None:
        return
    if password == "":
        user.set_unusable_password()
        return
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    employee_id: str = "",
    language: str = "",
    password: str | None = None,
) -> User:
    """Create a person with a role; without a ``password`` they have none usable (set one later, or use SSO).

    The Django admin's staff and superuser flags are never set here.
    """
    _check_provision(actor)
    _check_language(language)
    user = User(
        username=username.strip(),
        role=role,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        employee_id=employee_id.strip(),
        language=language,
    )
    user.set_unusable_password()
    _set_password(user, password or None)
    user.full_clean()
    user.save()
    return user


PERSON_FIELDS = ("first_name", "last_name", "email", "employee_id", "role", "language", "is_active")


@transaction.atomic
def user_update(*, actor: User, person: User, password: str | None = None, **changes) -> User:
    """Change a person's names, email, employee id, role, language or whether they are active.

    ``is_active`` false deactivates: the person can no longer sign in and their API token
    stops working; their records stay. ``password``: a new one, or ``""`` to remove it.
    Nobody deactivates or demotes themself here (an administrator would lock themself out),
    a superuser is changed only in the Django admin, and an agent in a team keeps the agent
    role until their membership is closed.
    """
    _check_provision(actor)
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not a person's field: {sorted(unknown)}")
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.is_superuser:
        raise PermissionDenied(_("A superuser is changed only in the Django admin."))
    if person.pk == actor.pk and (changes.get("is_active") is False or changes.get("role", person.role) != person.role):
        raise ValidationError(_("You cannot deactivate yourself or change your own role."))
    if "language" in changes:
        _check_language(changes["language"])
    new_role = changes.get("role", person.role)
    if (
        person.role == Role.AGENT
        and new_role != Role.AGENT
        and person.memberships.filter(end_date__isnull=True).exists()
    ):
        raise ValidationError(
            {"role": _("This agent is still in a team: close the membership before changing the role.")}
        )
    for field, value in changes.items():
        setattr(person, field, value.strip() if isinstance(value, str) and field != "role" else value)
    _set_password(person, password)
    person.full_clean()
    person.save()
    return person


def _check_team_leads(managers, coaches) -> None:
    if any(person.role != Role.MANAGER for person in managers):
        raise ValidationError({"managers": _("Only people with the manager role lead a team.")})
    if any(person.role != Role.COACH for person in coaches):
        raise ValidationError({"coaches": _("Only people with the coach role cover a team.")})


@transaction.atomic
def team_create(
    *, actor: User, name: str, description: str = "", managers=(), coaches=(), is_active: bool = True
) -> Team:
    """Create a team with its managers and the coaches who cover it."""
    _check_provision(actor)
    managers, coaches = list(managers), list(coaches)
    _check_team_leads(managers, coaches)
    team = Team(name=name.strip(), description=description.strip(), is_active=is_active)
    team.full_clean()
    team.save()
    team.managers.set(managers)
    team.coaches.set(coaches)
    return team


@transaction.atomic
def team_update(
    *,
    actor: User,
    team: Team,
    name: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
    managers=None,
    coaches=None,
) -> Team:
    """Change what is given of a team: name, description, managers, coaches, or whether it is active.

    A team with agents in it today stays active: move them first.
    """
    _check_provision(actor)
    team = Team.objects.select_for_update().get(pk=team.pk)
    managers = list(managers) if managers is not None else None
    coaches = list(coaches) if coaches is not None else None
    _check_team_leads(managers or [], coaches or [])
    if is_active is False and team.is_active and TeamMembership.objects.current().filter(team=team).exists():
        raise ValidationError({"is_active": _("This team has agents today: move them to another team first.")})
    if name is not None:
        team.name = name.strip()
    if description is not None:
        team.description = description.strip()
    if is_active is not None:
        team.is_active = is_active
    team.full_clean()
    team.save()
    if managers is not None:
        team.managers.set(managers)
    if coaches is not None:
        team.coaches.set(coaches)
    return team


@transaction.atomic
def membership_open(*, actor: User, agent: User, team: Team, start_date: datetime.date) -> TeamMembership:
    """Put an agent in a team from ``start_date``, closing the team they were in the day before.

    Done by ``agent_assign_team``, which also moves the agent's daily values and roll-ups to
    the team of each day. The team must be active and the agent an active agent.
    """
    _check_provision(actor)
    if not team.is_active:
        raise ValidationError({"team": _("This team is no longer active.")})
    if not agent.is_active:
        raise ValidationError({"agent": _("This person is deactivated.")})
    return agent_assign_team(agent=agent, team=team, start_date=start_date)


@transaction.atomic
def membership_end(*, actor: User, membership: TeamMembership, end_date: datetime.date) -> TeamMembership:
    """Close an agent's open membership on ``end_date`` (their last day in the team), e.g. when they leave.

    The agent's daily values after that day belong to no team, and the roll-ups follow.
    """
    _check_provision(actor)
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.end_date is not None:
        raise ValidationError(_("This membership is already closed."))
    if end_date < membership.start_date:
        raise ValidationError({"end_date": _("The last day cannot come before the first day in the team.")})
    membership.end_date = end_date
    membership.full_clean()
    membership.save(update_fields=["end_date"])
    metric_values_attribute(agent=membership.agent)
    return membership
