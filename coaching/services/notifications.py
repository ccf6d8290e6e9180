"""Writes of notifications: sending one (in-app, and by email through Celery after commit), reading, preferences.

Everything that tells a person something calls ``notification_send``. The email goes out
through a Celery task written to the outbox in the same transaction (``services/outbox.py``),
so a rolled back change sends nothing and a lost broker delays the email instead of failing
the page; with a worker (``REDIS_URL`` set) a page never waits for the mail server. Without
one, tasks run eagerly and the email is sent in the request, after its commit.

A notification is written in its recipient's language, not in that of whoever triggered
it: each trigger builds the title and body inside ``in_language_of(recipient)``, and the
email adds its own lines in that language too.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .. import clock
from ..formatting import format_metric_value
from ..i18n import in_language_of, is_language
from ..models import Notification, NotificationKind, NotificationPreference, User
from ..selectors.notifications import (
    action_items_due,
    digest_recipients,
    digest_sections,
    follow_ups_due,
    one_on_ones_soon,
    wants_email,
)
from .outbox import task_enqueue

TITLE_MAX = Notification._meta.get_field("title").max_length


def notification_send(*, recipient: User, kind: str, title: str, body: str = "", url: str = "") -> Notification | None:
    """Tell ``recipient`` something: a notification in their centre and, if they want this kind, an email.

    Returns ``None`` for a person who can no longer sign in.
    """
    return _send(recipient=recipient, kind=kind, title=title, body=body, url=url)


def notification_send_once(
    *, recipient: User, kind: str, reference: str, title: str, body: str = "", url: str = ""
) -> Notification | None:
    """Like ``notification_send``, but at most once per recipient, kind and ``reference`` (reminders, digests).

    Returns ``None`` when it was already sent.
    """
    if not reference:
        raise ValueError("A reminder needs a reference.")
    return _send(recipient=recipient, kind=kind, title=title, body=body, url=url, reference=reference)


def _send(*, recipient, kind, title, body, url, reference="") -> Notification | None:
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    if not recipient.is_active:
        return None
    notification = Notification(
        recipient=recipient,
        kind=kind,
        title=title[:TITLE_MAX],
        body=body,
        url=url,
        reference=reference,
    )
    try:
        with transaction.atomic():
            if reference and Notification.objects.filter(recipient=recipient, kind=kind, reference=reference).exists():
                return None
            notification.save()
    except IntegrityError:
        # Another run sent the same reminder at the same moment; the constraint kept it single.
        return None
    if wants_email(recipient, kind):
        # Imported here because the task module imports the services.
        from ..tasks.notifications import notification_email

        task_enqueue(notification_email, notification_id=notification.pk)
    return notification


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification to its recipient, once; returns whether an email went out.

    Safe to run twice: a notification already emailed, or whose recipient has since
    switched this kind off or has no address, is skipped.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        recipient = notification.recipient
        if not recipient.is_active or not wants_email(recipient, notification.kind):
            return False
        with in_language_of(recipient):
            send_mail(
                subject=notification.title,
                message=_email_text(notification),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient.email],
            )
        notification.emailed_at = clock.now()
        notification.save(update_fields=["emailed_at"])
    return True


def _email_text(notification: Notification) -> str:
    parts = [notification.body.strip()] if notification.body.strip() else []
    if notification.url:
        base = getattr(settings, "COACHING_SITE_URL", "").rstrip("/")
        parts.append(_("Open it in Coaching: %(url)s") % {"url": f"{base}{notification.url}"})
    parts.append(_("You can choose which notifications come by email on your notification preferences page."))
    return "\n\n".join(parts)


@transaction.atomic
def notification_mark_read(*, notification: Notification, actor: User) -> Notification:
    """Mark one of ``actor``'s own notifications read (reading it again changes nothing)."""
    if notification.recipient_id != actor.pk:
        raise PermissionDenied(_("This is not your notification."))
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of ``actor`` read; returns how many."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=clock.now())


@transaction.atomic
def notification_preferences_set(*, user: User, email_kinds, language: str | None = None) -> None:
    """Record which kinds ``user`` wants by email: the kinds in ``email_kinds`` yes, every other kind no.

    With ``language``, also the language of their notifications and emails (see ``user_language_set``).
    """
    email_kinds = set(email_kinds)
    unknown = email_kinds - set(NotificationKind.values)
    if unknown:
        raise ValidationError(_("Unknown kind of notification: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))})
    if language is not None:
        user_language_set(user=user, language=language)
    for kind in NotificationKind.values:
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in email_kinds})


def user_language_set(*, user: User, language: str) -> None:
    """Remember ``language`` as ``user``'s: their pages, notifications and emails come in it."""
    if not is_language(language):
        offered = ", ".join(f"{name} ({code})" for code, name in settings.LANGUAGES)
        raise ValidationError(
            {
                "language": _("“%(language)s” is not a language Coaching is offered in. Choose one of: %(offered)s.")
                % {"language": language, "offered": offered}
            }
        )
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# --- Triggers ---------------------------------------------------------------------------------------------------


def notify_expectations_created(expectations) -> list[Notification]:
    """Ask each agent to acknowledge the expectation just set for them."""
    sent = []
    for expectation in expectations:
        goal = expectation.goal
        with in_language_of(expectation.agent):
            notification = notification_send_once(
                recipient=expectation.agent,
                kind=NotificationKind.EXPECTATION_TO_ACKNOWLEDGE,
                reference=f"expectation:{expectation.pk}",
                title=_("A new expectation to acknowledge: %(goal)s") % {"goal": goal.title},
                body=_("%(manager)s set your personal target of %(target)s for “%(goal)s”, due %(due)s.")
                % {
                    "manager": expectation.created_by,
                    "target": format_metric_value(expectation.target, goal.metric),
                    "goal": goal.title,
                    "due": formats.date_format(goal.due_date, "SHORT_DATE_FORMAT"),
                },
                url=reverse("expectation-list"),
            )
        if notification is not None:
            sent.append(notification)
    return sent


def notifications_send_due(*, now: datetime.datetime | None = None) -> int:
    """Send the reminders due now: one-on-ones in the next 24 hours, follow-ups and action items due today.

    Each reminder goes once (recorded by its reference), so running this twice, or every
    hour, sends nothing new. Returns how many were sent.
    """
    now = now or clock.now()
    today = timezone.localdate(now)
    sent = 0
    for one_on_one, starts_at in one_on_ones_soon(now=now):
        meeting_on = timezone.localtime(starts_at)
        # Named by who meets whom when, so a planned meeting logged in advance is not reminded twice.
        reference = f"one_on_one:{one_on_one.agent_id}:{one_on_one.manager_id}:{starts_at.isoformat()}"
        planned_only = starts_at != one_on_one.meeting_on  # planned last time, not logged yet: no agenda to add to
        for recipient, other in ((one_on_one.agent, one_on_one.manager), (one_on_one.manager, one_on_one.agent)):
            with in_language_of(recipient):
                when = formats.date_format(meeting_on, "SHORT_DATETIME_FORMAT")
                if not planned_only:
                    body = _("Add the points you want to talk about to the agenda beforehand.")
                    url = reverse("one-on-one-detail", args=[one_on_one.pk])
                elif recipient == one_on_one.manager:
                    body = _("Planned at your last one-on-one. Log it here when you meet; the time is filled in.")
                    url = f"{reverse('one-on-one-create')}?agent={one_on_one.agent_id}"
                else:
                    body = _("Planned at your last one-on-one.")
                    url = reverse("one-on-one-list")
                sent += _sent(
                    notification_send_once(
                        recipient=recipient,
                        kind=NotificationKind.ONE_ON_ONE_SOON,
                        reference=reference,
                        title=_("One-on-one with %(person)s at %(when)s") % {"person": other, "when": when},
                        body=body,
                        url=url,
                    )
                )
    for session in follow_ups_due(today=today):
        with in_language_of(session.coach):
            sent += _sent(
                notification_send_once(
                    recipient=session.coach,
                    kind=NotificationKind.FOLLOW_UP_DUE,
                    reference=f"coaching_session:{session.pk}:{today.isoformat()}",
                    title=_("Follow-up due today with %(agent)s") % {"agent": session.agent},
                    body=session.agreed_actions,
                    url=reverse("session-detail", args=[session.pk]),
                )
            )
    for item in action_items_due(today=today):
        with in_language_of(item.owner):
            sent += _sent(
                notification_send_once(
                    recipient=item.owner,
                    kind=NotificationKind.FOLLOW_UP_DUE,
                    reference=f"action_item:{item.pk}:{today.isoformat()}",
                    title=_("Action due today: %(action)s") % {"action": item.description},
                    body=_("Agreed in the one-on-one with %(agent)s.") % {"agent": item.one_on_one.agent},
                    url=reverse("one-on-one-detail", args=[item.one_on_one_id]),
                )
            )
    return sent


def weekly_digests_send(*, today: datetime.date | None = None) -> int:
    """Send each manager the digest of their teams for the week of ``today``, once per week; returns how many."""
    today = today or clock.today()
    year, week, _weekday = today.isocalendar()
    sent = 0
    for manager in digest_recipients():
        with in_language_of(manager):
            sections = digest_sections(manager, today=today)
            sent += _sent(
                notification_send_once(
                    recipient=manager,
                    kind=NotificationKind.WEEKLY_DIGEST,
                    reference=f"weekly_digest:{year}-W{week:02d}",
                    title=_("Your teams this week (week %(week)s)") % {"week": week},
                    body=digest_text(sections),
                    url=reverse("home"),
                )
            )
    return sent


def digest_text(sections) -> str:
    """The digest as plain text: each section's heading, then its lines or what it says when it has none."""
    blocks = []
    for section in sections:
        lines = [f"- {line}" for line in section.lines] or [section.empty]
        blocks.append("\n".join([section.title, *lines]))
    return "\n\n".join(blocks)


def _sent(notification) -> int:
    return 0 if notification is None else 1
