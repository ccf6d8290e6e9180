"""Recognition and notifications over the API, every role: walls per the policy, your own notifications only."""

import pytest

from coaching.models import CompanyValue, Notification, NotificationKind, Recognition
from coaching.services.notifications import notification_send
from coaching.services.recognition import recognition_give

from .conftest import ROLES

pytestmark = pytest.mark.django_db

READS_ALPHA = {"agent_a1", "agent_a2", "manager_a", "coach_a", "admin"}
READS_BRAVO = {"agent_b1", "manager_b", "coach_b", "admin"}


@pytest.fixture
def values(db):
    return (
        CompanyValue.objects.create(name="Own it", order=1),
        CompanyValue.objects.create(name="Retired", order=2, is_active=False),
    )


@pytest.fixture
def praise(world, values):
    org = world.org
    return {
        "alpha": recognition_give(actor=org.manager_a, agent=org.agent_a1, value=values[0], message="Alpha"),
        "bravo": recognition_give(actor=org.manager_b, agent=org.agent_b1, value=values[0], message="Bravo"),
    }


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", ROLES)
def test_recognitions_list_and_detail_follow_the_wall_rule(api, praise, role):
    client = api(role)
    expected = {praise["alpha"].pk} if role in READS_ALPHA else set()
    expected |= {praise["bravo"].pk} if role in READS_BRAVO else set()
    assert ids(client.get("/api/v1/recognitions/")) == expected
    for recognition in praise.values():
        status = client.get(f"/api/v1/recognitions/{recognition.pk}/").status_code
        assert status == (200 if recognition.pk in expected else 404)


@pytest.mark.parametrize("role", ROLES)
def test_company_values_are_read_by_everyone_signed_in(api, values, role):
    assert ids(api(role).get("/api/v1/company-values/")) == {values[0].pk}
    assert api(role).post("/api/v1/company-values/", {"name": "X"}).status_code == 405


def test_an_agent_recognises_a_colleague_over_the_api(api, world, values):
    response = api("agent_a2").post(
        "/api/v1/recognitions/", {"agent": world.org.agent_a1.pk, "value": values[0].pk, "message": "Thanks!"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["team"] == world.org.team_a.pk
    assert Notification.objects.filter(recipient=world.org.agent_a1, kind=NotificationKind.RECOGNITION_RECEIVED)


@pytest.mark.parametrize(
    ("role", "value_index"), [("agent_b1", 0), ("manager_b", 0), ("agent_a2", 1)], ids=["agent", "manager", "retired"]
)
def test_recognising_outside_ones_teams_or_for_a_retired_value_is_a_400_and_creates_nothing(
    api, world, values, role, value_index
):
    response = api(role).post(
        "/api/v1/recognitions/", {"agent": world.org.agent_a1.pk, "value": values[value_index].pk, "message": "Hi"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert not Recognition.objects.exists()


@pytest.fixture
def notifications(world):
    return {
        role: notification_send(recipient=user, kind=NotificationKind.FOLLOW_UP_DUE, title=f"For {role}")
        for role, user in world.people.items()
    }


@pytest.mark.parametrize("role", ROLES)
def test_notifications_are_only_your_own(api, notifications, role):
    client = api(role)
    assert ids(client.get("/api/v1/notifications/")) == {notifications[role].pk}
    for other, notification in notifications.items():
        if other != role:
            assert client.get(f"/api/v1/notifications/{notification.pk}/").status_code == 404
            assert client.post(f"/api/v1/notifications/{notification.pk}/read/").status_code == 404
    assert Notification.objects.exclude(pk=notifications[role].pk).filter(read_at__isnull=False).count() == 0


def test_mark_one_and_all_read(api, world, notifications):
    client = api("agent_a1")
    extra = notification_send(recipient=world.org.agent_a1, kind=NotificationKind.FOLLOW_UP_DUE, title="More")
    response = client.post(f"/api/v1/notifications/{extra.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert ids(client.get("/api/v1/notifications/", {"unread": "true"})) == {notifications["agent_a1"].pk}
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked_read": 1}
    assert Notification.objects.filter(read_at__isnull=True).count() == len(ROLES) - 1


@pytest.mark.parametrize("endpoint", ["recognitions", "notifications", "company-values"])
def test_anonymous_gets_401(api, world, endpoint):
    assert api().get(f"/api/v1/{endpoint}/").status_code == 401
