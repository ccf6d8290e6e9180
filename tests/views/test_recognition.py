"""Recognition pages, role by role: the team wall of one's own teams only, and recognising a colleague."""

import pytest
from django.urls import reverse

from coaching.models import CompanyValue, GoalStatus, Recognition
from coaching.services.recognition import recognition_celebrate_goal, recognition_give

from ..factories import GoalFactory

pytestmark = pytest.mark.django_db

ROLES = ("agent_a1", "agent_b1", "manager_a", "manager_b", "coach_a", "admin")


def person(org, role):
    return {"admin": org.admin}.get(role) or getattr(org, role)


@pytest.fixture
def value(db):
    return CompanyValue.objects.create(name="Customer first", order=1)


@pytest.fixture
def alpha_praise(org, value):
    return recognition_give(actor=org.manager_a, agent=org.agent_a1, value=value, message="ALPHA-PRAISE")


@pytest.mark.parametrize("role", ROLES)
def test_wall_shows_recognition_only_to_those_who_read_that_team(client, org, alpha_praise, role):
    client.force_login(person(org, role))
    response = client.get(reverse("recognition-wall"))
    assert response.status_code == 200
    reads_alpha = role in {"agent_a1", "manager_a", "coach_a", "admin"}
    assert ("ALPHA-PRAISE" in response.text) is reads_alpha


@pytest.mark.parametrize("role", ["agent_b1", "manager_b"])
def test_another_teams_wall_is_a_404(client, org, alpha_praise, role):
    client.force_login(person(org, role))
    assert client.get(reverse("recognition-wall"), {"team": org.team_a.pk}).status_code == 404


def test_wall_is_empty_then_paginated(client, org, value):
    client.force_login(org.agent_a2)
    assert "No recognition yet" in client.get(reverse("recognition-wall")).text
    for number in range(25):
        recognition_give(actor=org.manager_a, agent=org.agent_a2, value=value, message=f"Thanks {number}")
    page = client.get(reverse("recognition-wall"), {"page": 2}).context["page"]
    assert page.number == 2 and len(page.object_list) == 5


def test_goal_celebration_shows_on_the_wall_and_in_the_agents_own_section(client, org):
    goal = GoalFactory(agent=org.agent_a1, status=GoalStatus.ACHIEVED, title="CSAT 90 reached")
    recognition_celebrate_goal(goal=goal)
    client.force_login(org.agent_a1)
    response = client.get(reverse("recognition-wall"))
    assert response.text.count("Reached a personal goal.") == 2  # on the wall and in "Recognition and goals reached"
    client.force_login(org.agent_a2)
    wall = client.get(reverse("recognition-wall")).text
    # A teammate's personal goal is theirs: the wall celebrates it without saying what it was.
    assert "Reached a personal goal." in wall and "CSAT 90 reached" not in wall


@pytest.mark.parametrize("role", ROLES)
def test_every_role_with_colleagues_opens_the_form(client, org, value, role):
    client.force_login(person(org, role))
    response = client.get(reverse("recognition-create"))
    # agent_b1 is alone in Bravo: nobody to recognise.
    assert response.status_code == (403 if role == "agent_b1" else 200)


def test_an_agent_recognises_a_colleague(client, org, value):
    client.force_login(org.agent_a2)
    response = client.post(
        reverse("recognition-create"), {"agent": org.agent_a1.pk, "value": value.pk, "message": "Thank you!"}
    )
    assert response.status_code == 302
    recognition = Recognition.objects.get()
    assert (recognition.agent, recognition.given_by, recognition.team) == (org.agent_a1, org.agent_a2, org.team_a)


def test_an_agent_cannot_recognise_another_teams_agent_and_nothing_is_created(client, org, value):
    client.force_login(org.manager_b)
    response = client.post(
        reverse("recognition-create"), {"agent": org.agent_a1.pk, "value": value.pk, "message": "Hi"}
    )
    assert response.status_code == 200 and "agent" in response.context["form"].errors
    assert not Recognition.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, db):
    for name in ("recognition-wall", "recognition-create"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response["Location"]
