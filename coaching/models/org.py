"""The organisation: people and their roles, teams, and who belongs to which team when."""

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import clock


class Role(models.TextChoices):
    """What a person does in the coaching cycle; decides what they may see."""

    AGENT = "agent", _("Agent")
    MANAGER = "manager", _("Manager")
    COACH = "coach", _("Coach")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who signs in: an agent, a manager, a coach or an administrator."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AGENT)
    employee_id = models.CharField(
        _("employee id"),
        max_length=64,
        blank=True,
        help_text=_("The id other systems (ACD, WFM, QA) use for this person in their exports."),
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("The language of the pages and of the notifications and emails this person gets."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ("first_name", "last_name", "username")
        constraints = [
            models.UniqueConstraint(
                fields=["employee_id"],
                condition=~Q(employee_id=""),
                name="user_employee_id_unique_when_set",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in Role]),
                name="user_role_valid",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_agent(self):
        return self.role == Role.AGENT

    @property
    def is_manager(self):
        return self.role == Role.MANAGER

    @property
    def is_coach(self):
        return self.role == Role.COACH

    @property
    def is_administrator(self):
        """Administrators see everything; a Django superuser counts as one."""
        return self.role == Role.ADMIN or self.is_superuser


class Team(models.Model):
    """A group of agents led by one or more managers and covered by coaches."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    managers = models.ManyToManyField(
        User,
        related_name="managed_teams",
        blank=True,
        limit_choices_to={"role": Role.MANAGER},
        verbose_name=_("managers"),
    )
    coaches = models.ManyToManyField(
        User,
        related_name="covered_teams",
        blank=True,
        limit_choices_to={"role": Role.COACH},
        verbose_name=_("coaches"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[managers, coaches])

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ("name",)

    def __str__(self):
        return self.name


class TeamMembershipQuerySet(models.QuerySet):
    """Memberships filtered by the day they cover."""

    def on(self, day: datetime.date):
        """Memberships in force on ``day`` (the end date is the last day in the team)."""
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))

    def current(self):
        return self.on(clock.today())


class TeamMembership(models.Model):
    """An agent's membership of a team from a start date to an optional end date.

    Memberships are never rewritten when an agent moves: the old one is closed and a new
    one opened, so every day of an agent's history belongs to the team they were in then.
    """

    agent = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("agent"))
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("team"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"), null=True, blank=True)

    objects = TeamMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ("agent", "start_date")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["agent"],
                condition=Q(end_date__isnull=True),
                name="membership_one_open_per_agent",
            ),
            models.UniqueConstraint(fields=["agent", "start_date"], name="membership_unique_start"),
        ]
        indexes = [models.Index(fields=["team", "start_date", "end_date"], name="membership_team_span")]

    def __str__(self):
        end = self.end_date.isoformat() if self.end_date else "…"
        return f"{self.agent} · {self.team} ({self.start_date.isoformat()} – {end})"
