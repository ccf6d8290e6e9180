"""Sign-in lockout after repeated wrong passwords (django-axes), and how it ends."""

import datetime
import json

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coaching import clock

from .factories import AdminFactory, AgentFactory, ManagerFactory
from .test_settings import run

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-1"
HOME = "203.0.113.10"
ELSEWHERE = "198.51.100.20"


@pytest.fixture(autouse=True)
def lockout_settings(settings):
    """The defaults, whatever a developer's .env says; test_lockout_settings_* check where they come from."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)


@pytest.fixture
def ana():
    return AgentFactory(username="ana", password=PASSWORD)


def sign_in(client, username, password, address=HOME):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address=HOME):
    return [sign_in(client, username, "wrong-password", address).status_code for _ in range(times)]


def assert_locked_out(response, client):
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused" in page
    assert "paused after 5 failed attempts" in page
    assert "Please wait 15 minutes before trying again" in page
    assert "contact your administrator" in page
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_that_username_from_that_address(client, ana):
    # The form answers the first four; the fifth failure already brings the lockout page.
    assert fail(client, "ana", 5) == [200, 200, 200, 200, 429]

    assert_locked_out(sign_in(client, "ana", PASSWORD), client)
    assert client.get(reverse("home")).status_code == 302


def test_another_username_from_the_same_address_can_still_sign_in(client, ana):
    AgentFactory(username="bea", password=PASSWORD)
    fail(client, "ana", 5)

    response = sign_in(client, "bea", PASSWORD)

    assert response.status_code == 302 and response.url == reverse("home")


def test_the_same_username_from_another_address_can_still_sign_in(client, ana):
    fail(client, "ana", 5)

    response = sign_in(client, "ana", PASSWORD, address=ELSEWHERE)

    assert response.status_code == 302 and response.url == reverse("home")


def test_a_successful_sign_in_before_the_limit_resets_the_count(client, ana):
    assert fail(client, "ana", 4) == [200] * 4
    assert sign_in(client, "ana", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert not AccessAttempt.objects.exists()

    assert fail(client, "ana", 4) == [200] * 4
    response = sign_in(client, "ana", PASSWORD)

    assert response.status_code == 302 and response.url == reverse("home")


def test_after_the_cool_off_the_person_can_sign_in_again(client, ana):
    fail(client, "ana", 5)
    assert_locked_out(sign_in(client, "ana", PASSWORD), client)

    # Every attempt, even a locked-out one, restarts the cool-off; move the last one past it.
    AccessAttempt.objects.update(attempt_time=clock.now() - datetime.timedelta(minutes=16))
    response = sign_in(client, "ana", PASSWORD)

    assert response.status_code == 302 and response.url == reverse("home")


def test_an_administrator_sees_the_lockout_in_the_admin_and_deleting_it_unlocks(client, ana):
    fail(client, "ana", 5)
    attempt = AccessAttempt.objects.get(username="ana", ip_address=HOME)
    admin = Client()
    admin.force_login(AdminFactory(is_superuser=True))

    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    assert "ana" in changelist.content.decode() and HOME in changelist.content.decode()
    deleted = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert deleted.status_code == 302

    response = sign_in(client, "ana", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")


def test_someone_without_admin_rights_cannot_see_or_clear_a_lockout(client, ana):
    fail(client, "ana", 5)
    attempt = AccessAttempt.objects.get(username="ana")
    manager = Client()
    manager.force_login(ManagerFactory())

    changelist = manager.get(reverse("admin:axes_accessattempt_changelist"))
    deleted = manager.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert changelist.status_code == 302 and "ana" not in changelist.content.decode()
    assert deleted.status_code == 302
    assert AccessAttempt.objects.filter(pk=attempt.pk, failures_since_start=5).exists()
    assert_locked_out(sign_in(client, "ana", PASSWORD), client)


def test_an_api_token_keeps_working_while_its_owner_is_locked_out_of_the_sign_in_page(client, ana):
    # Token authentication never calls authenticate(), so axes neither counts nor blocks it.
    fail(client, "ana", 5)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=ana).key}")

    response = api.get(reverse("api-agent-list"), REMOTE_ADDR=HOME)

    assert response.status_code == 200
    assert AccessAttempt.objects.get(username="ana").failures_since_start == 5


# What a fresh process makes of the environment: the lockout settings, and the address each
# request below is counted under. Behind N reverse proxies that is the address the outermost
# proxy saw, whatever the client wrote into X-Forwarded-For itself. The forged entries are
# public addresses, which ipware would otherwise prefer to the (documentation-range) client.
PROBE = """
import json, django
django.setup()
from axes.helpers import get_client_ip_address, get_cool_off
from django.conf import settings
from django.test import RequestFactory
requests = {
    "no proxy, forged": {"HTTP_X_FORWARDED_FOR": "8.8.8.8", "REMOTE_ADDR": "203.0.113.10"},
    "one proxy": {"HTTP_X_FORWARDED_FOR": "203.0.113.10", "REMOTE_ADDR": "10.0.0.2"},
    "one proxy, forged": {"HTTP_X_FORWARDED_FOR": "8.8.8.8, 203.0.113.10", "REMOTE_ADDR": "10.0.0.2"},
    "one proxy, intranet": {"HTTP_X_FORWARDED_FOR": "10.1.2.3", "REMOTE_ADDR": "177.139.233.139"},
    "two proxies": {"HTTP_X_FORWARDED_FOR": "203.0.113.10, 10.0.0.3", "REMOTE_ADDR": "10.0.0.2"},
    "two proxies, forged": {"HTTP_X_FORWARDED_FOR": "8.8.8.8, 203.0.113.10, 10.0.0.3", "REMOTE_ADDR": "10.0.0.2"},
}
cool_off = get_cool_off()
print(json.dumps({
    "limit": settings.AXES_FAILURE_LIMIT,
    "cool_off_minutes": cool_off.total_seconds() / 60 if cool_off else None,
    "parameters": settings.AXES_LOCKOUT_PARAMETERS,
    "reset_on_success": settings.AXES_RESET_ON_SUCCESS,
    "addresses": {name: get_client_ip_address(RequestFactory().post("/", **meta)) for name, meta in requests.items()},
}))
"""


def probe(env_overrides):
    result = run(env_overrides, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_lockout_settings_default_to_five_attempts_per_username_and_address_for_fifteen_minutes():
    found = probe({})

    assert found["limit"] == 5
    assert found["cool_off_minutes"] == 15
    assert found["parameters"] == [["username", "ip_address"]]
    assert found["reset_on_success"] is True
    assert found["addresses"]["no proxy, forged"] == HOME


def test_lockout_settings_come_from_the_environment():
    found = probe({"AXES_FAILURE_LIMIT": "3", "AXES_COOLOFF_MINUTES": "0"})

    assert found["limit"] == 3
    assert found["cool_off_minutes"] is None, "0 minutes: locked until an administrator unlocks"


@pytest.mark.parametrize(
    ("proxies", "expected"),
    [
        ("1", {"one proxy": HOME, "one proxy, forged": HOME, "one proxy, intranet": "10.1.2.3"}),
        ("2", {"two proxies": HOME, "two proxies, forged": HOME}),
    ],
)
def test_behind_reverse_proxies_the_address_comes_from_forwarded_for(proxies, expected):
    addresses = probe({"AXES_REVERSE_PROXY_COUNT": proxies})["addresses"]

    assert {name: addresses[name] for name in expected} == expected
