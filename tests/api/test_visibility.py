"""Every endpoint × every role: lists hold exactly what the visibility policy shows, anything else is a 404."""

import pytest

from .conftest import PRIVATE_NOTE, ROLES

ENDPOINTS = (
    "teams",
    "agents",
    "metrics",
    "metric-values",
    "team-metric-values",
    "goals",
    "expectations",
    "one-on-ones",
    "action-items",
    "behaviours",
    "observations",
    "coaching-sessions",
)


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("token", [False, True], ids=["session", "token"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_holds_exactly_the_records_the_role_may_see(api, world, endpoint, role, token):
    expected = {record.pk for record, roles in world.records[endpoint] if role in roles}
    assert _ids(api(role, token=token).get(f"/api/v1/{endpoint}/")) == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_detail_is_found_only_for_roles_that_may_see_it_and_404_otherwise(api, world, endpoint, role):
    client = api(role)
    for record, roles in world.records[endpoint]:
        response = client.get(f"/api/v1/{endpoint}/{record.pk}/")
        if role in roles:
            assert response.status_code == 200, (endpoint, role, record)
            assert response.json()["id"] == record.pk
        else:
            assert response.status_code == 404, (endpoint, role, record)
            assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_gets_401_on_lists_and_details(api, world, endpoint):
    record = world.record(endpoint)
    for url in (f"/api/v1/{endpoint}/", f"/api/v1/{endpoint}/{record.pk}/"):
        response = api().get(url)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"
        assert response["WWW-Authenticate"] == "Token"


def test_agent_asking_for_another_agents_goal_by_id_gets_404_like_a_missing_one(api, world):
    other = world.record("goals", 2)
    client = api("agent_a1")
    not_yours = client.get(f"/api/v1/goals/{other.pk}/")
    missing = client.get("/api/v1/goals/999999/")
    assert not_yours.status_code == missing.status_code == 404
    assert not_yours.json()["error"]["code"] == missing.json()["error"]["code"] == "not_found"


def test_agent_never_receives_an_observation_not_shared_with_them(api, world):
    unshared = world.record("observations", 1)
    client = api("agent_a1", token=True)
    assert client.get(f"/api/v1/observations/{unshared.pk}/").status_code == 404
    listed = client.get("/api/v1/observations/", {"page_size": 500}).json()["results"]
    assert unshared.pk not in {row["id"] for row in listed}
    assert all(row["shared_with_agent"] for row in listed)


@pytest.mark.parametrize("role", ["agent_a1", "agent_a2", "agent_b1", "coach_a", "coach_b"])
def test_private_notes_appear_in_no_response_for_agents_and_coaches(api, world, role):
    client = api(role, token=True)
    for endpoint in ENDPOINTS:
        for record, _roles in world.records[endpoint]:
            for url in (f"/api/v1/{endpoint}/", f"/api/v1/{endpoint}/{record.pk}/"):
                response = client.get(url)
                assert PRIVATE_NOTE not in response.content.decode(), url
                assert "private_notes" not in response.content.decode(), url


@pytest.mark.parametrize("role", ["manager_a", "admin"])
def test_the_manager_who_held_it_and_admins_see_private_notes(api, world, role):
    meeting = world.record("one-on-ones")
    client = api(role)
    assert client.get(f"/api/v1/one-on-ones/{meeting.pk}/").json()["private_notes"] == PRIVATE_NOTE
    rows = {row["id"]: row for row in client.get("/api/v1/one-on-ones/").json()["results"]}
    assert rows[meeting.pk]["private_notes"] == PRIVATE_NOTE


def test_manager_of_another_team_never_receives_the_private_notes(api, world):
    client = api("manager_b", token=True)
    for endpoint in ENDPOINTS:
        assert PRIVATE_NOTE not in client.get(f"/api/v1/{endpoint}/").content.decode()
    assert client.get(f"/api/v1/one-on-ones/{world.record('one-on-ones').pk}/").status_code == 404


def test_another_manager_of_the_same_team_sees_the_meeting_but_not_its_private_notes(api, world):
    from tests.factories import ManagerFactory

    co_manager = ManagerFactory(username="manager_a_two")
    world.org.team_a.managers.add(co_manager)
    world.people["manager_a_two"] = co_manager
    meeting = world.record("one-on-ones")
    client = api("manager_a_two")
    detail = client.get(f"/api/v1/one-on-ones/{meeting.pk}/").json()
    assert detail["id"] == meeting.pk
    assert "private_notes" not in detail
    listed = client.get("/api/v1/one-on-ones/").json()["results"]
    assert [row["id"] for row in listed] == [meeting.pk]
    assert "private_notes" not in listed[0]


def test_admin_service_account_with_a_token_sees_every_team(api, world):
    assert _ids(api("admin", token=True).get("/api/v1/teams/")) == {world.org.team_a.pk, world.org.team_b.pk}
