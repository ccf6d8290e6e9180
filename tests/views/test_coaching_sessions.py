"""Coaching session pages: who may list, open and record sessions; every refusal leaves nothing behind."""

import datetime

import pytest
from django.urls import reverse

from coaching import clock
from coaching.models import CoachingSession

from ..factories import BehaviourFactory, CoachFactory, CoachingSessionFactory, GoalFactory

pytestmark = pytest.mark.django_db

MAY_SEE_A1 = ["agent_a1", "manager_a", "coach_a", "admin"]
MAY_NOT_SEE_A1 = ["agent_a2", "agent_b1", "manager_b"]
# Session, user, the page's rows and their behaviours, the filter choices: none of them per row.
LIST_QUERY_LIMIT = 8  # includes the navbar's unread-notification count


@pytest.fixture
def listening():
    return BehaviourFactory(name="Listening", good_looks_like="Summarises the need back.")


@pytest.fixture
def session(org, listening):
    """A session coach A held with agent A1."""
    session = CoachingSessionFactory(
        agent=org.agent_a1,
        coach=org.coach_a,
        agreed_actions="Summarise before solving.",
        agent_commitment="I will let the customer finish.",
        follow_up_on=clock.today() + datetime.timedelta(days=14),
    )
    session.behaviours.add(listening)
    return session


@pytest.fixture
def other_coach(org):
    coach = CoachFactory(username="coach_b")
    org.team_b.coaches.add(coach)
    return coach


def as_user(client, user):
    client.force_login(user)
    return client


def who(org, name):
    return getattr(org, name)


def session_post(agent, behaviours, **fields):
    today = clock.today()
    data = {
        "agent": agent.pk,
        "held_on": today.isoformat(),
        "behaviours": [behaviour.pk for behaviour in behaviours],
        "notes": "Listened back to Tuesday's call.",
        "agreed_actions": "Summarise the need first.",
        "agent_commitment": "I'll slow down.",
        "follow_up_on": (today + datetime.timedelta(days=14)).isoformat(),
    }
    data.update(fields)
    return data


# The session list


@pytest.mark.parametrize("viewer", MAY_SEE_A1)
def test_those_who_may_see_the_agent_list_their_sessions(client, org, session, viewer):
    html = as_user(client, who(org, viewer)).get(reverse("session-list")).content.decode()
    assert reverse("session-detail", args=[session.pk]) in html
    assert "Listening" in html


@pytest.mark.parametrize("viewer", MAY_NOT_SEE_A1)
def test_others_do_not_see_agent_a1s_sessions_in_the_list(client, org, session, viewer):
    html = as_user(client, who(org, viewer)).get(reverse("session-list")).content.decode()
    assert reverse("session-detail", args=[session.pk]) not in html


def test_a_coach_of_another_team_does_not_list_the_sessions(client, org, session, other_coach):
    html = as_user(client, other_coach).get(reverse("session-list")).content.decode()
    assert reverse("session-detail", args=[session.pk]) not in html


def test_the_session_list_filters_by_agent(client, org, session):
    of_a2 = CoachingSessionFactory(agent=org.agent_a2, coach=org.coach_a)
    html = as_user(client, org.coach_a).get(reverse("session-list"), {"agent": org.agent_a2.pk}).content.decode()
    assert reverse("session-detail", args=[of_a2.pk]) in html
    assert reverse("session-detail", args=[session.pk]) not in html


def test_an_agent_does_not_see_the_new_session_button(client, org, session):
    assert "New coaching session" not in as_user(client, org.agent_a1).get(reverse("session-list")).content.decode()


@pytest.mark.parametrize("viewer", ["coach_a", "agent_a1"])
def test_the_session_list_reads_in_a_fixed_number_of_queries_however_many_rows(
    client, org, listening, viewer, django_assert_max_num_queries
):
    for days in range(20):
        held = CoachingSessionFactory(agent=org.agent_a1, held_on=clock.today() - datetime.timedelta(days))
        held.behaviours.add(listening, BehaviourFactory())
    as_user(client, who(org, viewer))
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        response = client.get(reverse("session-list"))
    assert len(response.context["page"].object_list) == 20


def test_the_session_list_is_paginated(client, org):
    for days in range(23):
        CoachingSessionFactory(agent=org.agent_a1, held_on=clock.today() - datetime.timedelta(days))
    response = as_user(client, org.coach_a).get(reverse("session-list"), {"page": 2})
    assert len(response.context["page"].object_list) == 3


# One session


@pytest.mark.parametrize("viewer", MAY_SEE_A1)
def test_those_who_may_see_the_agent_open_the_session(client, org, session, viewer):
    response = as_user(client, who(org, viewer)).get(reverse("session-detail", args=[session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Summarise before solving." in html and "I will let the customer finish." in html
    assert "Summarises the need back." in html and "Follow-up on" in html


@pytest.mark.parametrize("viewer", MAY_NOT_SEE_A1)
def test_others_asking_for_the_session_by_id_get_404(client, org, session, viewer):
    response = as_user(client, who(org, viewer)).get(reverse("session-detail", args=[session.pk]))
    assert response.status_code == 404
    assert "I will let the customer finish." not in response.content.decode()


def test_a_coach_of_another_team_gets_404_for_the_session(client, org, session, other_coach):
    assert as_user(client, other_coach).get(reverse("session-detail", args=[session.pk])).status_code == 404


# Recording a session


@pytest.mark.parametrize("viewer", ["coach_a", "manager_a", "admin"])
def test_the_session_form_offers_the_active_behaviours(client, org, listening, viewer):
    BehaviourFactory(name="Upselling", is_active=False)
    response = as_user(client, who(org, viewer)).get(reverse("session-create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Listening" in html and "Upselling" not in html


def test_the_agent_is_preselected_and_goals_are_limited_to_theirs(client, org, listening):
    own = GoalFactory(agent=org.agent_a1)
    team = GoalFactory(agent=None, team=org.team_a)
    GoalFactory(agent=org.agent_a2)
    GoalFactory(agent=org.agent_b1)
    form = as_user(client, org.coach_a).get(reverse("session-create"), {"agent": org.agent_a1.pk}).context["form"]
    assert form.initial["agent"] == org.agent_a1.pk
    assert set(form.fields["goals"].queryset) == {own, team}


def test_preselecting_an_agent_the_user_may_not_see_is_a_404(client, org, listening):
    assert as_user(client, org.coach_a).get(reverse("session-create"), {"agent": org.agent_b1.pk}).status_code == 404


def test_a_coach_records_a_session_and_is_sent_to_it(client, org, listening):
    goal = GoalFactory(agent=org.agent_a1)
    data = session_post(org.agent_a1, [listening], goals=[goal.pk])
    response = as_user(client, org.coach_a).post(reverse("session-create"), data, follow=True)
    session = CoachingSession.objects.get()
    assert response.redirect_chain[-1][0] == reverse("session-detail", args=[session.pk])
    assert "Coaching session with" in response.content.decode() and "recorded" in response.content.decode()
    assert session.coach == org.coach_a and list(session.behaviours.all()) == [listening]
    assert list(session.goals.all()) == [goal]
    assert session.agent_commitment == "I'll slow down."


def test_a_session_needs_a_behaviour_in_focus(client, org, listening):
    response = as_user(client, org.coach_a).post(reverse("session-create"), session_post(org.agent_a1, []))
    assert "behaviours" in response.context["form"].errors
    assert not CoachingSession.objects.exists()


def test_a_follow_up_before_the_session_is_refused(client, org, listening):
    yesterday = (clock.today() - datetime.timedelta(days=1)).isoformat()
    data = session_post(org.agent_a1, [listening], follow_up_on=yesterday)
    response = as_user(client, org.coach_a).post(reverse("session-create"), data)
    assert "The follow-up cannot come before the session." in response.content.decode()
    assert not CoachingSession.objects.exists()


def test_a_goal_of_another_agent_is_refused(client, org, listening):
    data = session_post(org.agent_a1, [listening], goals=[GoalFactory(agent=org.agent_b1).pk])
    response = as_user(client, org.coach_a).post(reverse("session-create"), data)
    assert "goals" in response.context["form"].errors
    assert not CoachingSession.objects.exists()


@pytest.mark.parametrize("viewer", ["agent_a1", "agent_a2"])
def test_an_agent_cannot_open_the_form_or_record_a_session(client, org, listening, viewer):
    as_user(client, who(org, viewer))
    assert client.get(reverse("session-create")).status_code == 403
    response = client.post(reverse("session-create"), session_post(org.agent_a1, [listening]))
    assert response.status_code == 403
    assert not CoachingSession.objects.exists()


def test_a_manager_of_another_team_cannot_record_a_session_with_agent_a1(client, org, listening):
    response = as_user(client, org.manager_b).post(reverse("session-create"), session_post(org.agent_a1, [listening]))
    assert "agent" in response.context["form"].errors
    assert not CoachingSession.objects.exists()


def test_a_coach_of_another_team_cannot_record_a_session_with_agent_a1(client, org, listening, other_coach):
    response = as_user(client, other_coach).post(reverse("session-create"), session_post(org.agent_a1, [listening]))
    assert "agent" in response.context["form"].errors
    assert not CoachingSession.objects.exists()


def test_the_session_pages_need_a_sign_in(client, session):
    for url in (reverse("session-list"), reverse("session-create"), reverse("session-detail", args=[session.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url
