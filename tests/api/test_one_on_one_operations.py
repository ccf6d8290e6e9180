"""One-on-ones over the API beyond creating them: PATCH (as the edit page) and the agenda (as the meeting page)."""

import datetime

import pytest

from coaching import clock
from coaching.models import AgendaItem, OneOnOne
from tests.factories import ManagerFactory, OneOnOneFactory

from .conftest import PRIVATE_NOTE
from .schema_check import assert_conforms
from .test_writes import unchanged


def _url(meeting, suffix=""):
    return f"/api/v1/one-on-ones/{meeting.pk}/{suffix}"


# PATCH


def test_the_manager_changes_only_what_is_sent(api, world):
    meeting = world.record("one-on-ones")
    response = api("manager_a").patch(_url(meeting), {"shared_notes": "Agreed on openings.", "mood": 4})
    assert response.status_code == 200, response.content
    assert_conforms(response)
    meeting.refresh_from_db()
    assert (meeting.shared_notes, meeting.mood, meeting.private_notes) == ("Agreed on openings.", 4, PRIVATE_NOTE)
    assert response.json()["private_notes"] == PRIVATE_NOTE


def test_the_manager_who_held_it_changes_the_private_notes(api, world):
    meeting = world.record("one-on-ones")
    response = api("manager_a", token=True).patch(_url(meeting), {"private_notes": "Better now."})
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert meeting.private_notes == "Better now."


def test_another_manager_of_the_team_may_not_write_the_private_notes(api, world):
    meeting = world.record("one-on-ones")
    colleague = ManagerFactory(username="manager_a2")
    world.org.team_a.managers.add(colleague)
    world.people["manager_a2"] = colleague
    with unchanged(OneOnOne):
        response = api("manager_a2").patch(_url(meeting), {"private_notes": "Mine now."})
    assert response.status_code == 403
    assert_conforms(response)
    assert "private_notes" not in api("manager_a2").patch(_url(meeting), {"mood": 3}).json()


def test_a_rule_of_the_service_is_a_400_naming_the_field(api, world):
    meeting = world.record("one-on-ones")
    earlier = (meeting.meeting_on - datetime.timedelta(days=1)).isoformat()
    with unchanged(OneOnOne):
        response = api("manager_a").patch(_url(meeting), {"next_meeting_on": earlier})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["next_meeting_on"]
    assert_conforms(response)


@pytest.mark.parametrize(("role", "status_code"), [("agent_a1", 403), ("coach_a", 403), ("manager_b", 404)])
def test_others_may_not_change_a_one_on_one(api, world, role, status_code):
    meeting = world.record("one-on-ones")
    with unchanged(OneOnOne):
        response = api(role).patch(_url(meeting), {"shared_notes": "Changed"})
    assert response.status_code == status_code
    assert_conforms(response)


def test_put_is_not_offered(api, world):
    response = api("manager_a").put(_url(world.record("one-on-ones")), {"shared_notes": "x"})
    assert response.status_code == 405


# Agenda


@pytest.fixture
def upcoming(world):
    return OneOnOneFactory(
        agent=world.org.agent_a1, manager=world.org.manager_a, meeting_on=clock.now() + datetime.timedelta(days=2)
    )


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "admin"])
def test_the_agent_and_the_managers_add_to_an_upcoming_agenda(api, world, upcoming, role):
    response = api(role).post(_url(upcoming, "agenda/"), {"text": "  Shift swap  "})
    assert response.status_code == 201, response.content
    assert_conforms(response)
    item = AgendaItem.objects.get(pk=response.json()["id"])
    assert (item.text, item.added_by) == ("Shift swap", world.people[role])
    listed = api(role).get(_url(upcoming, "agenda/"))
    assert [row["text"] for row in listed.json()] == ["Shift swap"]
    assert_conforms(listed)


def test_the_agent_may_not_add_once_the_meeting_has_taken_place(api, world):
    past = world.record("one-on-ones")
    with unchanged(AgendaItem):
        response = api("agent_a1").post(_url(past, "agenda/"), {"text": "Too late"})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "This one-on-one has already taken place; its agenda is closed."
    assert api("manager_a").post(_url(past, "agenda/"), {"text": "Follow-up"}).status_code == 201


@pytest.mark.parametrize(("role", "status_code"), [("coach_a", 403), ("agent_a2", 404), ("manager_b", 404)])
def test_others_may_not_add_to_the_agenda(api, world, upcoming, role, status_code):
    with unchanged(AgendaItem):
        response = api(role).post(_url(upcoming, "agenda/"), {"text": "Not mine"})
    assert response.status_code == status_code
    assert_conforms(response)


@pytest.mark.parametrize("role", ["agent_a2", "manager_b", "agent_b1"])
def test_an_agenda_is_read_only_by_those_who_see_the_one_on_one(api, world, upcoming, role):
    assert api(role).get(_url(upcoming, "agenda/")).status_code == 404


def test_a_blank_agenda_point_is_a_400_naming_text(api, world, upcoming):
    with unchanged(AgendaItem):
        response = api("manager_a").post(_url(upcoming, "agenda/"), {"text": "   "})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["text"]
