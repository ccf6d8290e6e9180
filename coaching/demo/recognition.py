"""Demo data of recognition and notifications: the company values, a dozen recognitions, a few notifications.

Safe to run twice for the same ``today``: a value is matched on its name, a recognition
on (agent, giver, message), a notification on its reference. Nothing is emailed: the
demo records what was sent without sending it.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import CompanyValue, Notification, NotificationKind, Recognition, User
from ..selectors.org import current_team_of

# name, description, display order
VALUES = [
    ("Customer first", "We solve the customer's problem, not just the ticket.", 10),
    ("Own it", "We follow through until it is resolved, and say so when we cannot.", 20),
    ("One team", "We share what works and step in when a colleague is swamped.", 30),
    ("Keep learning", "We ask for feedback, try the new thing and teach it on.", 40),
]

# giver, agent, value, message, days ago
RECOGNITIONS = [
    (
        "manager",
        "agent",
        "Customer first",
        "Stayed on with an elderly customer until the refund was confirmed, "
        "and called back the next day to check it had arrived.",
        2,
    ),
    ("agent02", "agent", "One team", "Took three of my callbacks when my queue exploded on Monday. Thank you!", 5),
    ("coach", "agent03", "Keep learning", "Asked for a side-by-side on disputes and tried the new summary at once.", 9),
    ("manager", "agent04", "Own it", "Spotted the duplicate-charge pattern and wrote it up for the billing team.", 12),
    ("agent05", "agent06", "One team", "Walked me through the new refund screens during a quiet hour.", 20),
    (
        "manager2",
        "agent12",
        "Customer first",
        "Talked a customer through a router reset in their second language, patiently, without a single hold.",
        3,
    ),
    (
        "coach",
        "agent14",
        "Own it",
        "Followed a repeat fault through to the field team and kept the customer posted.",
        7,
    ),
    ("agent13", "agent15", "Keep learning", "Shared their knowledge-base shortcuts with the whole team.", 16),
    ("manager2", "agent17", "One team", "Covered the late shift at short notice during the outage.", 24),
    (
        "manager3",
        "agent23",
        "Customer first",
        "Found a plan that fits instead of simply processing the cancellation.",
        4,
    ),
    (
        "coach2",
        "agent25",
        "Keep learning",
        "Listened to two top-performer recordings and used the ideas the same day.",
        11,
    ),
    (
        "agent24",
        "agent26",
        "Own it",
        "Owned a tricky complaint from start to finish, with a handwritten follow-up.",
        18,
    ),
]

# username, kind, title, link name, reference
NOTIFICATIONS = [
    ("manager", NotificationKind.WEEKLY_DIGEST, "Your teams this week", "home", "demo:digest"),
    (
        "manager",
        NotificationKind.FOLLOW_UP_DUE,
        "Action due today: review the refund script",
        "one-on-one-list",
        "demo:action",
    ),
    ("coach", NotificationKind.FOLLOW_UP_DUE, "Follow-up due today with Ana Silva", "session-list", "demo:follow-up"),
    (
        "coach",
        NotificationKind.ONE_ON_ONE_SOON,
        "Side-by-side with Lukas Fischer tomorrow",
        "observation-list",
        "demo:soon",
    ),
    (
        "agent",
        NotificationKind.EXPECTATION_TO_ACKNOWLEDGE,
        "A new expectation to acknowledge",
        "expectation-list",
        "demo:expectation",
    ),
    (
        "agent",
        NotificationKind.ONE_ON_ONE_SOON,
        "One-on-one with Laura Gómez coming up",
        "one-on-one-list",
        "demo:one-on-one",
    ),
]


@transaction.atomic
def seed_recognition(*, today: datetime.date) -> dict:
    """Create or refresh the demo company values, recognitions and notifications; returns counts."""
    values = {
        name: CompanyValue.objects.update_or_create(name=name, defaults={"description": text, "order": order})[0]
        for name, text, order in VALUES
    }
    people = {user.username: user for user in User.objects.filter(username__in=_usernames())}
    noon = datetime.time(12, 0)
    for giver, agent, value, message, days_ago in RECOGNITIONS:
        if giver not in people or agent not in people:
            continue
        recognition, created = Recognition.objects.get_or_create(
            agent=people[agent],
            given_by=people[giver],
            message=message,
            defaults={"value": values[value], "team": current_team_of(people[agent])},
        )
        if created:
            when = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days_ago), noon))
            Recognition.objects.filter(pk=recognition.pk).update(created_at=when)
            Notification.objects.get_or_create(
                recipient=people[agent],
                kind=NotificationKind.RECOGNITION_RECEIVED,
                reference=f"demo:recognition:{recognition.pk}",
                defaults={
                    "title": f"{people[giver]} recognised you for “{value}”",
                    "body": message,
                    "url": reverse("recognition-wall"),
                },
            )
    for username, kind, title, link, reference in NOTIFICATIONS:
        if username in people:
            Notification.objects.get_or_create(
                recipient=people[username],
                kind=kind,
                reference=reference,
                defaults={"title": title, "url": reverse(link)},
            )
    return {"values": CompanyValue.objects.count(), "recognitions": Recognition.objects.count()}


def _usernames() -> set[str]:
    return {name for row in RECOGNITIONS for name in row[:2]} | {row[0] for row in NOTIFICATIONS}
