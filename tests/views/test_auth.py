"""Sign-in, sign-out and password change."""

import pytest
from django.urls import reverse

from ..factories import AgentFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (reverse("home"), reverse("agent-list"), reverse("system-status")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_sign_in_with_the_right_password_lands_on_home(client):
    AgentFactory(username="ana", password="correct-horse-1")
    response = client.post(reverse("login"), {"username": "ana", "password": "correct-horse-1"})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_sign_in_with_a_wrong_password_says_so(client):
    AgentFactory(username="ana", password="correct-horse-1")
    response = client.post(reverse("login"), {"username": "ana", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(client):
    client.force_login(AgentFactory())
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_requires_the_old_password(client):
    user = AgentFactory(password="old-password-1")
    client.force_login(user)
    bad = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "N3w-password-long",
            "new_password2": "N3w-password-long",
        },
    )
    assert bad.status_code == 200
    user.refresh_from_db()
    assert user.check_password("old-password-1")

    good = client.post(
        reverse("password_change"),
        {
            "old_password": "old-password-1",
            "new_password1": "N3w-password-long",
            "new_password2": "N3w-password-long",
        },
    )
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.check_password("N3w-password-long")
