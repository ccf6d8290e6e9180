"""Administrators provision people, teams and memberships over the API (an HR system); nobody else may."""

import datetime

import pytest
from rest_framework.authtoken.models import Token

from coaching import clock
from coaching.models import MetricRollup, MetricValue, Role, Team, TeamMembership, User
from tests.factories import MetricValueFactory

from .schema_check import assert_conforms
from .test_writes import unchanged

NOT_ADMINS = ("agent_a1", "manager_a", "coach_a")


# People


def test_an_admin_creates_a_person_without_a_password_and_no_hash_is_ever_returned(api, world):
    body = {"username": "new.agent", "role": "agent", "first_name": "Nia", "employee_id": "E-77", "email": None}
    response = api("admin", token=True).post("/api/v1/users/", body, format="json")
    assert response.status_code == 201, response.content
    assert_conforms(response)
    answer = response.json()
    assert "password" not in answer and answer["has_usable_password"] is False and answer["email"] is None
    person = User.objects.get(username="new.agent")
    assert (person.role, person.employee_id, person.is_staff, person.is_superuser) == (Role.AGENT, "E-77", False, False)
    assert not person.has_usable_password()


def test_a_password_is_write_only_and_checked_by_the_password_rules(api, world):
    client = api("admin")
    weak = client.post("/api/v1/users/", {"username": "weak", "role": "coach", "password": "123"})
    assert weak.status_code == 400 and list(weak.json()["error"]["fields"]) == ["password"]
    assert not User.objects.filter(username="weak").exists()
    strong = client.post("/api/v1/users/", {"username": "strong", "role": "coach", "password": "plum-Orchard-71"})
    assert strong.status_code == 201 and "password" not in strong.json()
    assert User.objects.get(username="strong").check_password("plum-Orchard-71")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "agent_a1", "role": "agent"}, "username"),
        ({"username": "x", "role": "boss"}, "role"),
        ({"username": "x", "role": "agent", "language": "xx"}, "language"),
        ({"username": "x", "role": "agent", "email": "not-an-address"}, "email"),
        ({"username": "bad name!", "role": "agent"}, "username"),
    ],
)
def test_a_bad_person_is_a_400_naming_the_field_and_creates_nobody(api, world, body, field):
    before = User.objects.count()
    response = api("admin").post("/api/v1/users/", body, format="json")
    assert response.status_code == 400 and field in response.json()["error"]["fields"]
    assert User.objects.count() == before


def test_an_employee_id_is_unique(api, world):
    world.org.agent_a1.employee_id = "E-1"
    world.org.agent_a1.save(update_fields=["employee_id"])
    response = api("admin").post("/api/v1/users/", {"username": "twin", "role": "agent", "employee_id": "E-1"})
    assert response.status_code == 400


def test_an_admin_changes_and_deactivates_a_person_whose_token_then_stops(api, world):
    person = world.org.coach_a
    token = Token.objects.create(user=person).key
    client = api("admin")
    response = client.patch(f"/api/v1/users/{person.pk}/", {"last_name": "Okafor", "is_active": False})
    assert response.status_code == 200, response.content
    assert_conforms(response)
    person.refresh_from_db()
    assert (person.last_name, person.is_active) == ("Okafor", False)
    assert api().get("/api/v1/goals/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert client.patch(f"/api/v1/users/{person.pk}/", {"is_active": True}).json()["is_active"] is True


def test_an_admin_does_not_lock_themself_out(api, world):
    admin, client = world.org.admin, api("admin")
    with unchanged(User):
        deactivate = client.patch(f"/api/v1/users/{admin.pk}/", {"is_active": False})
        demote = client.patch(f"/api/v1/users/{admin.pk}/", {"role": "agent"})
    assert deactivate.status_code == 400 and demote.status_code == 400


def test_an_agent_in_a_team_keeps_the_agent_role_until_the_membership_closes(api, world):
    client = api("admin")
    with unchanged(User):
        response = client.patch(f"/api/v1/users/{world.org.agent_a1.pk}/", {"role": "coach"})
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["role"]


def test_a_superuser_is_changed_only_in_the_django_admin(api, world):
    root = User.objects.create_superuser("root", "root@example.com", "x-Secret-991")
    client = api("admin")
    with unchanged(User):
        assert client.patch(f"/api/v1/users/{root.pk}/", {"is_active": False}).status_code == 403


def test_people_are_listed_with_their_team_and_filtered(api, world):
    client = api("admin")
    listing = client.get("/api/v1/users/", {"role": "agent", "team": world.org.team_a.pk})
    assert_conforms(listing)
    rows = {row["username"]: row for row in listing.json()["results"]}
    assert set(rows) == {"agent_a1", "agent_a2"}
    assert rows["agent_a1"]["team"] == world.org.team_a.pk


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_nobody_else_reads_or_writes_people(api, world, role):
    client = api(role)
    target = world.org.agent_a1
    with unchanged(User):
        responses = [
            client.get("/api/v1/users/"),
            client.get(f"/api/v1/users/{target.pk}/"),
            client.post("/api/v1/users/", {"username": "intruder", "role": "admin"}),
            client.patch(f"/api/v1/users/{target.pk}/", {"role": "admin"}),
        ]
    assert [response.status_code for response in responses] == [403] * 4
    for response in responses:
        assert_conforms(response)


# Teams


def test_an_admin_creates_and_changes_a_team(api, world):
    client = api("admin")
    body = {"name": "Collections", "managers": [world.org.manager_b.pk], "coaches": [world.people["coach_b"].pk]}
    response = client.post("/api/v1/teams/", body, format="json")
    assert response.status_code == 201, response.content
    assert_conforms(response)
    team = Team.objects.get(name="Collections")
    assert list(team.managers.all()) == [world.org.manager_b]
    changed = client.patch(f"/api/v1/teams/{team.pk}/", {"description": "Late payers", "coaches": []}, format="json")
    assert changed.status_code == 200 and changed.json()["coaches"] == []
    team.refresh_from_db()
    assert team.description == "Late payers" and list(team.managers.all()) == [world.org.manager_b]
    assert client.patch(f"/api/v1/teams/{team.pk}/", {"is_active": False}).json()["is_active"] is False


def test_a_team_is_led_by_managers_and_covered_by_coaches_only(api, world):
    with unchanged(Team):
        response = api("admin").post(
            "/api/v1/teams/", {"name": "X", "managers": [world.org.agent_a1.pk]}, format="json"
        )
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["managers"]


def test_a_team_with_agents_today_stays_active(api, world):
    with unchanged(Team):
        response = api("admin").patch(f"/api/v1/teams/{world.org.team_a.pk}/", {"is_active": False})
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["is_active"]


def test_a_team_name_is_unique(api, world):
    assert api("admin").post("/api/v1/teams/", {"name": "Alpha"}).status_code == 400


@pytest.mark.parametrize(
    ("role", "patch_status"), [("agent_a1", 403), ("manager_a", 403), ("coach_a", 403), ("manager_b", 403)]
)
def test_nobody_else_creates_or_changes_teams(api, world, role, patch_status):
    client = api(role)
    with unchanged(Team):
        created = client.post("/api/v1/teams/", {"name": "Shadow"})
        changed = client.patch(f"/api/v1/teams/{world.org.team_a.pk}/", {"name": "Mine"})
    assert created.status_code == 403 and changed.status_code == patch_status
    assert_conforms(created)


# Memberships


def test_moving_an_agent_closes_the_old_membership_and_moves_values_and_rollups(api, world, today):
    agent = world.org.agent_a1
    moved_on = today - datetime.timedelta(days=3)
    before, after = (
        MetricValueFactory(
            agent=agent, metric=world.metric, day=moved_on - datetime.timedelta(days=2), team=world.org.team_a
        ),
        MetricValueFactory(
            agent=agent, metric=world.metric, day=moved_on + datetime.timedelta(days=1), team=world.org.team_a
        ),
    )
    body = {"agent": agent.pk, "team": world.org.team_b.pk, "start_date": moved_on.isoformat()}
    response = api("admin", token=True).post("/api/v1/team-memberships/", body)
    assert response.status_code == 201, response.content
    assert_conforms(response)
    old, new = TeamMembership.objects.filter(agent=agent).order_by("start_date")
    assert (
        old.end_date == moved_on - datetime.timedelta(days=1) and new.team == world.org.team_b and new.end_date is None
    )
    assert MetricValue.objects.get(pk=before.pk).team == world.org.team_a
    assert MetricValue.objects.get(pk=after.pk).team == world.org.team_b
    assert MetricRollup.objects.filter(team=world.org.team_b, metric=world.metric).exists()
    listing = api("admin").get("/api/v1/team-memberships/", {"agent": agent.pk, "current": "true"})
    assert_conforms(listing)
    assert [row["id"] for row in listing.json()["results"]] == [new.pk]


def test_a_leaver_s_membership_is_ended(api, world, today):
    membership = TeamMembership.objects.get(agent=world.org.agent_b1)
    response = api("admin").post(f"/api/v1/team-memberships/{membership.pk}/end/", {"end_date": today.isoformat()})
    assert response.status_code == 200, response.content
    assert_conforms(response)
    membership.refresh_from_db()
    assert membership.end_date == today
    again = api("admin").post(f"/api/v1/team-memberships/{membership.pk}/end/", {"end_date": today.isoformat()})
    assert again.status_code == 400


def test_a_membership_that_overlaps_or_is_for_a_non_agent_or_a_retired_team_is_refused(api, world, today):
    client = api("admin")
    retired = Team.objects.create(name="Retired", is_active=False)
    start = world.org.agent_a1.memberships.get().start_date
    with unchanged(TeamMembership):
        overlapping = client.post(
            "/api/v1/team-memberships/",
            {"agent": world.org.agent_a1.pk, "team": world.org.team_b.pk, "start_date": start.isoformat()},
        )
        coach = client.post("/api/v1/team-memberships/", {"agent": world.org.coach_a.pk, "team": world.org.team_b.pk})
        into_retired = client.post("/api/v1/team-memberships/", {"agent": world.org.agent_a1.pk, "team": retired.pk})
    assert list(overlapping.json()["error"]["fields"]) == ["start_date"]
    assert list(coach.json()["error"]["fields"]) == ["agent"]
    assert list(into_retired.json()["error"]["fields"]) == ["team"]


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_nobody_else_reads_or_moves_memberships(api, world, role):
    client = api(role)
    membership = TeamMembership.objects.get(agent=world.org.agent_a1)
    with unchanged(TeamMembership):
        responses = [
            client.get("/api/v1/team-memberships/"),
            client.get(f"/api/v1/team-memberships/{membership.pk}/"),
            client.post("/api/v1/team-memberships/", {"agent": world.org.agent_a1.pk, "team": world.org.team_b.pk}),
            client.post(f"/api/v1/team-memberships/{membership.pk}/end/", {"end_date": clock.today().isoformat()}),
        ]
    assert [response.status_code for response in responses] == [403] * 4
