"""Reads of notifications: a person's unread count and email preferences, what is due, the weekly digest."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import clock
from ..formatting import format_metric_value
from ..models import (
    ActionItem,
    CoachingSession,
    GoalStatus,
    InvestigationStatus,
    NotificationKind,
    NotificationPreference,
    OneOnOne,
    Role,
    User,
)
from ..permissions import (
    agents_visible_to,
    goals_visible_to,
    investigations_visible_to,
    may_receive_weekly_digest,
    notifications_of,
)
from ..rules.projection import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK
from .goals import goal_projections
from .observations import last_observed


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread."""
    return notifications_of(user).filter(read_at__isnull=True).count()


def email_by_default(user: User, kind: str) -> bool:
    """Every kind comes by email unless switched off, except the weekly digest, which is for managers."""
    if kind == NotificationKind.WEEKLY_DIGEST:
        return may_receive_weekly_digest(user)
    return True


def wants_email(user: User, kind: str) -> bool:
    """Whether ``user`` gets notifications of ``kind`` by email: their choice, or the default."""
    if not user.email:
        return False
    choice = NotificationPreference.objects.filter(user=user, kind=kind).values_list("email", flat=True).first()
    return email_by_default(user, kind) if choice is None else choice


@dataclass(frozen=True)
class PreferenceRow:
    """One line of the preferences page: a kind, its label and whether it comes by email."""

    kind: str
    label: str
    email: bool


def email_preferences(user: User) -> list[PreferenceRow]:
    """Every kind with ``user``'s choice, or the default where they have not chosen."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return [
        PreferenceRow(kind=kind.value, label=kind.label, email=chosen.get(kind.value, email_by_default(user, kind)))
        for kind in NotificationKind
    ]


# --- What is due: the reminders the periodic task sends -------------------------------------------------------


def one_on_ones_soon(*, now: datetime.datetime) -> list[tuple[OneOnOne, datetime.datetime]]:
    """One-on-ones starting in the next 24 hours, as (one-on-one, start), soonest first; two queries.

    Both those already logged and the next meetings planned in a one-on-one that no later
    one-on-one with the agent has taken up yet (for those, the one-on-one is the one that
    planned it). Agent and manager are loaded, private notes left unread.
    """
    until = now + datetime.timedelta(hours=24)
    loaded = OneOnOne.objects.select_related("agent", "manager").defer("private_notes")
    logged = [(meeting, meeting.meeting_on) for meeting in loaded.filter(meeting_on__gt=now, meeting_on__lte=until)]
    taken_up = OneOnOne.objects.filter(agent=OuterRef("agent"), meeting_on__gt=OuterRef("meeting_on"))
    planned = [
        (meeting, meeting.next_meeting_on)
        for meeting in loaded.filter(next_meeting_on__gt=now, next_meeting_on__lte=until).filter(~Exists(taken_up))
    ]
    return sorted(logged + planned, key=lambda item: (item[1], item[0].pk))


def follow_ups_due(*, today: datetime.date) -> QuerySet[CoachingSession]:
    """Coaching sessions whose follow-up is today, with agent and coach loaded."""
    return CoachingSession.objects.filter(follow_up_on=today).select_related("agent", "coach").order_by("pk")


def action_items_due(*, today: datetime.date) -> QuerySet[ActionItem]:
    """Open action items due today, with owner and agent loaded."""
    return (
        ActionItem.objects.filter(due_date=today, done_at__isnull=True)
        .select_related("owner", "one_on_one__agent")
        .defer("one_on_one__private_notes")
        .order_by("pk")
    )


# --- The weekly digest of a manager's teams ---------------------------------------------------------------------

PROJECTION_LABELS = {
    ON_TRACK: _lazy("on track"),
    AT_RISK: _lazy("at risk"),
    OFF_TRACK: _lazy("off track"),
    NO_DATA: _lazy("not enough data"),
}


@dataclass(frozen=True)
class DigestSection:
    """One part of the weekly digest: a heading and its lines of plain text (empty: nothing to report)."""

    title: str
    lines: list[str] = field(default_factory=list)
    empty: str = ""


def digest_sections(manager: User, *, today: datetime.date | None = None) -> list[DigestSection]:
    """The parts of ``manager``'s weekly digest: open goals with projections, open alerts, coverage.

    Each is read through the visibility policy for ``manager``.
    """
    today = today or clock.today()
    return [
        digest_goals(manager, today=today),
        digest_investigations(manager, today=today),
        digest_coverage(manager, today=today),
    ]


def digest_investigations(manager: User, *, today: datetime.date) -> DigestSection:
    """Investigations still open that the manager may see, with their assignee and due date."""
    open_ones = (
        investigations_visible_to(manager)
        .exclude(status=InvestigationStatus.RESOLVED)
        .select_related("metric", "team", "agent", "assignee")
        .order_by("due_date", "pk")
    )
    lines = [
        _("%(metric)s · %(scope)s: %(status)s, with %(assignee)s, due %(due)s%(late)s.")
        % {
            "metric": investigation.metric.name,
            "scope": investigation.agent or investigation.team,
            "status": investigation.get_status_display(),
            "assignee": investigation.assignee,
            "due": formats.date_format(investigation.due_date, "SHORT_DATE_FORMAT"),
            "late": _(" (overdue)") if investigation.due_date < today else "",
        }
        for investigation in open_ones
    ]
    return DigestSection(title=_("Alerts"), lines=lines, empty=_("No open investigations."))


def digest_goals(manager: User, *, today: datetime.date) -> DigestSection:
    """Open goals of the manager's teams and agents, each with where its trend is heading."""
    goals = list(
        goals_visible_to(manager)
        .filter(status=GoalStatus.ACTIVE)
        .select_related("metric", "team", "agent")
        .order_by("due_date", "pk")
    )
    projections = goal_projections(goals, today=today)
    lines = []
    for goal in goals:
        projection = projections.get(goal.pk)
        status = PROJECTION_LABELS.get(projection.status if projection else NO_DATA, PROJECTION_LABELS[NO_DATA])
        if projection is not None and projection.percent is not None:
            chance = _("about %(percent)s %% likely") % {"percent": projection.percent}
            status = _("%(status)s, %(chance)s") % {"status": status, "chance": chance}
        lines.append(
            _("%(title)s (%(scope)s): target %(target)s by %(due)s, now %(current)s, %(status)s.")
            % {
                "title": goal.title,
                "scope": goal.scope,
                "target": format_metric_value(goal.target, goal.metric),
                "due": formats.date_format(goal.due_date, "SHORT_DATE_FORMAT"),
                "current": format_metric_value(projection.current if projection else None, goal.metric),
                "status": status,
            }
        )
    return DigestSection(title=_("Goals"), lines=lines, empty=_("No active goals."))


def digest_coverage(manager: User, *, today: datetime.date) -> DigestSection:
    """Agents of the manager's teams not observed for ``COACHING_OBSERVATION_STALE_DAYS`` days (or never)."""
    stale_days = settings.COACHING_OBSERVATION_STALE_DAYS
    agents = list(agents_visible_to(manager).filter(is_active=True).order_by("first_name", "last_name", "pk"))
    last = last_observed(agent.pk for agent in agents)
    cutoff = today - datetime.timedelta(days=stale_days)
    lines = []
    for agent in agents:
        seen = last.get(agent.pk)
        if seen is None:
            lines.append(_("%(agent)s: never observed.") % {"agent": agent})
        elif timezone.localtime(seen).date() < cutoff:
            lines.append(
                _("%(agent)s: last observed %(date)s.")
                % {"agent": agent, "date": formats.date_format(timezone.localtime(seen), "SHORT_DATE_FORMAT")}
            )
    title = _("Not observed in the last %(days)s days") % {"days": stale_days}
    return DigestSection(title=title, lines=lines, empty=_("Every agent was observed recently."))


def digest_recipients() -> QuerySet[User]:
    """Active managers who manage at least one active team."""
    return User.objects.filter(role=Role.MANAGER, is_active=True, managed_teams__is_active=True).distinct()
