"""Notification pages, role by role: only your own notifications, marking read, email preferences, the badge."""

import pytest
from django.urls import reverse

from coaching.models import Notification, NotificationKind, NotificationPreference
from coaching.services.notifications import notification_send

pytestmark = pytest.mark.django_db

ROLES = ("agent_a1", "agent_b1", "manager_a", "coach_a", "admin")


def person(org, role):
    return {"admin": org.admin}.get(role) or getattr(org, role)


def notify(user, title="Your one-on-one is tomorrow", url="/one-on-ones/"):
    return notification_send(recipient=user, kind=NotificationKind.ONE_ON_ONE_SOON, title=title, url=url)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["notification-list", "notification-preferences"])
def test_every_role_opens_the_notification_pages(client, org, role, name):
    user = person(org, role)
    notify(user, title=f"For {user.username}")
    notify(org.manager_b, title="For someone else")
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    if name == "notification-list":
        assert f"For {user.username}" in response.text and "For someone else" not in response.text
        assert response.context["notifications_unread"] == 1


@pytest.mark.parametrize("name", ["notification-list", "notification-preferences"])
def test_anonymous_is_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_unread_come_first_and_the_empty_state_shows(client, org):
    client.force_login(org.agent_a1)
    assert "No notifications yet" in client.get(reverse("notification-list")).text
    old = notify(org.agent_a1, title="Old and read")
    old.read_at = old.created_at
    old.save()
    notify(org.agent_a1, title="Fresh")
    page = client.get(reverse("notification-list")).context["page"]
    assert [n.title for n in page.object_list] == ["Fresh", "Old and read"]


def test_marking_one_read_and_opening_it(client, org):
    notification = notify(org.agent_a1)
    client.force_login(org.agent_a1)
    response = client.post(reverse("notification-read", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/one-on-ones/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_is_a_404_and_stays_unread(client, org):
    theirs = notify(org.agent_b1)
    client.force_login(org.agent_a1)
    assert client.post(reverse("notification-read", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notification-read", args=[999999])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_unsafe_link_is_not_followed(client, org):
    notification = notify(org.agent_a1, url="https://evil.example.com/")
    client.force_login(org.agent_a1)
    response = client.post(reverse("notification-read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == reverse("notification-list")


def test_mark_all_read_touches_only_your_own(client, org):
    notify(org.agent_a1)
    notify(org.agent_a1)
    theirs = notify(org.agent_b1)
    client.force_login(org.agent_a1)
    assert client.post(reverse("notification-read-all")).status_code == 302
    assert not Notification.objects.filter(recipient=org.agent_a1, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post(client, org):
    notification = notify(org.agent_a1)
    client.force_login(org.agent_a1)
    assert client.get(reverse("notification-read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notification-read-all")).status_code == 405


def test_preferences_page_saves_a_checkbox_per_kind(client, org):
    client.force_login(org.agent_a1)
    page = client.get(reverse("notification-preferences"))
    assert page.text.count('name="email"') == len(NotificationKind.values)
    response = client.post(reverse("notification-preferences"), {"email": [NotificationKind.FOLLOW_UP_DUE]})
    assert response.status_code == 302
    chosen = dict(NotificationPreference.objects.filter(user=org.agent_a1).values_list("kind", "email"))
    assert chosen[NotificationKind.FOLLOW_UP_DUE] is True and chosen[NotificationKind.ONE_ON_ONE_SOON] is False


def test_preferences_refuse_an_unknown_kind_and_change_nothing(client, org):
    client.force_login(org.agent_a1)
    response = client.post(reverse("notification-preferences"), {"email": ["gossip"]})
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()


def test_navbar_badge_shows_the_unread_count(rf, org):
    from django.template.loader import render_to_string

    from coaching.context_processors import notifications_unread

    notify(org.agent_a1)
    notify(org.agent_a1)
    request = rf.get("/")
    request.user = org.agent_a1
    html = render_to_string(
        "coaching/notifications/navbar_badge.html", {"user": org.agent_a1, **notifications_unread(request)}
    )
    assert ">2<" in html
