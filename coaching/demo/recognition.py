"""Demo data of recognition and notifications: the company values, a dozen recognitions, a few notifications.

Recognitions are given through ``recognition_give`` on the day the story says, so each
tells its agent as real recognition does; the other notifications go through
``notification_send_once``. Safe to run twice for the same ``today``: a value is matched
on its name, a recognition on (agent, giver, message), a notification on its reference.
"""

import datetime

from django.db import transaction
from django.urls import reverse

from ..models import CompanyValue, NotificationKind, Recognition, User
from ..services.notifications import notification_send_once
from ..services.recognition import recognition_give
from .story import at

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
    for giver, agent, value, message, days_ago in RECOGNITIONS:
        if giver not in people or agent not in people:
            continue
        if Recognition.objects.filter(agent=people[agent], given_by=people[giver], message=message).exists():
            continue
        recognition_give(
            actor=people[giver],
            agent=people[agent],
            value=values[value],
            message=message,
            given_at=at(today - datetime.timedelta(days=days_ago), 12),
        )
    for username, kind, title, link, reference in NOTIFICATIONS:
        if username in people:
            notification_send_once(
                recipient=people[username], kind=kind, reference=reference, title=title, url=reverse(link)
            )
    return {"values": CompanyValue.objects.count(), "recognitions": Recognition.objects.count()}


def _usernames() -> set[str]:
    return {name for row in RECOGNITIONS for name in row[:2]} | {row[0] for row in NOTIFICATIONS}
