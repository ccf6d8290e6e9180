"""One-on-one pages and their POSTs, role by role; private notes never reach an agent or a coach."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from coaching import clock
from coaching.forms.one_on_ones import MOOD_SCALE
from coaching.models import ActionItem, AgendaItem, OneOnOne

from ..factories import (
    ActionItemFactory,
    AgentFactory,
    ExpectationFactory,
    GoalFactory,
    ManagerFactory,
    MembershipFactory,
    OneOnOneFactory,
)

pytestmark = pytest.mark.django_db

PRIVATE = "PRIVATE-7f3a: family situation, go gently"
SHARED = "SHARED-91c2: openings are warm"


def days_from_now(days: int) -> datetime.datetime:
    return clock.now() + datetime.timedelta(days=days)


@pytest.fixture
def held(org):
    """A one-on-one manager_a held with agent_a1 last week, with an open action item and an agenda point."""
    meeting = OneOnOneFactory(
        agent=org.agent_a1,
        manager=org.manager_a,
        meeting_on=days_from_now(-7),
        shared_notes=SHARED,
        private_notes=PRIVATE,
        mood=4,
    )
    ActionItemFactory(one_on_one=meeting, description="Listen to two recordings", owner=org.agent_a1)
    AgendaItem.objects.create(one_on_one=meeting, text="Rota", added_by=org.manager_a)
    return meeting


@pytest.fixture
def coming(org):
    """A one-on-one manager_a holds with agent_a1 in three days."""
    return OneOnOneFactory(
        agent=org.agent_a1, manager=org.manager_a, meeting_on=days_from_now(3), private_notes=PRIVATE, shared_notes=""
    )


@pytest.fixture
def co_manager(org):
    """A second manager of team Alpha, who did not hold the fixture's meetings."""
    manager = ManagerFactory(username="co_manager")
    org.team_a.managers.add(manager)
    return manager


def as_user(client, user):
    client.force_login(user)
    return client


def snapshot():
    return (
        list(OneOnOne.objects.order_by("pk").values_list("pk", "meeting_on", "shared_notes", "private_notes", "mood")),
        list(AgendaItem.objects.order_by("pk").values_list("pk", "text")),
        list(ActionItem.objects.order_by("pk").values_list("pk", "description", "done_at")),
    )


# The list


@pytest.mark.parametrize("viewer", ["agent_a1", "coach_a", "manager_a", "admin"])
def test_the_list_shows_visible_meetings_and_never_private_notes(client, org, held, coming, viewer):
    response = as_user(client, getattr(org, viewer)).get(reverse("one-on-one-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("one-on-one-detail", args=[held.pk]) in html
    assert reverse("one-on-one-detail", args=[coming.pk]) in html
    assert PRIVATE not in html


def test_an_agent_lists_only_their_own_one_on_ones(client, org, held):
    theirs = OneOnOneFactory(agent=org.agent_a2, manager=org.manager_a, meeting_on=days_from_now(-3))
    html = as_user(client, org.agent_a1).get(reverse("one-on-one-list")).content.decode()
    assert reverse("one-on-one-detail", args=[held.pk]) in html
    assert reverse("one-on-one-detail", args=[theirs.pk]) not in html
    assert "New one-on-one" not in html


def test_a_manager_of_another_team_lists_none_of_alphas_meetings(client, org, held):
    html = as_user(client, org.manager_b).get(reverse("one-on-one-list")).content.decode()
    assert reverse("one-on-one-detail", args=[held.pk]) not in html
    assert "No one-on-one held yet." in html


def test_a_manager_filters_the_list_by_agent(client, org, held):
    other = OneOnOneFactory(agent=org.agent_a2, manager=org.manager_a, meeting_on=days_from_now(-3))
    html = as_user(client, org.manager_a).get(reverse("one-on-one-list"), {"agent": org.agent_a2.pk}).content.decode()
    assert reverse("one-on-one-detail", args=[other.pk]) in html
    assert reverse("one-on-one-detail", args=[held.pk]) not in html


def test_filtering_by_an_agent_one_may_not_see_is_a_404(client, org, held):
    response = as_user(client, org.manager_a).get(reverse("one-on-one-list"), {"agent": org.agent_b1.pk})
    assert response.status_code == 404


def test_the_list_shows_empty_states(client, org):
    html = as_user(client, org.agent_a1).get(reverse("one-on-one-list")).content.decode()
    assert "No one-on-one planned yet." in html
    assert "No one-on-one held yet." in html


def test_the_list_is_paginated(client, org):
    for days in range(1, 24):
        OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a, meeting_on=days_from_now(-days))
    html = as_user(client, org.manager_a).get(reverse("one-on-one-list")).content.decode()
    assert "Page 1 of 2" in html
    second = as_user(client, org.manager_a).get(reverse("one-on-one-list"), {"page": 2})
    assert second.status_code == 200


@pytest.mark.parametrize("viewer", ["agent_a1", "manager_a", "admin"])
def test_the_lists_queries_do_not_grow_with_its_rows(client, org, viewer, django_assert_max_num_queries):
    def add_meetings(count, offset):
        for number in range(count):
            meeting = OneOnOneFactory(
                agent=org.agent_a1, manager=org.manager_a, meeting_on=days_from_now(-(offset + number + 1))
            )
            ActionItemFactory(one_on_one=meeting)
            OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a, meeting_on=days_from_now(offset + number + 1))

    user = getattr(org, viewer)
    add_meetings(2, 0)
    client = as_user(client, user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("one-on-one-list"))
    add_meetings(15, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("one-on-one-list"))
    assert response.status_code == 200


# The detail page


@pytest.mark.parametrize("viewer", ["agent_a1", "coach_a"])
def test_the_agent_and_their_coach_read_a_one_on_one_without_its_private_notes(client, org, held, viewer):
    response = as_user(client, getattr(org, viewer)).get(reverse("one-on-one-detail", args=[held.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert SHARED in html and "Listen to two recordings" in html and "Rota" in html
    assert PRIVATE not in html
    assert "Private notes" not in html


def test_another_manager_of_the_team_reads_it_without_the_private_notes(client, org, held, co_manager):
    html = as_user(client, co_manager).get(reverse("one-on-one-detail", args=[held.pk])).content.decode()
    assert SHARED in html
    assert PRIVATE not in html


@pytest.mark.parametrize("viewer", ["manager_a", "admin"])
def test_the_manager_who_held_it_and_administrators_read_the_private_notes(client, org, held, viewer):
    html = as_user(client, getattr(org, viewer)).get(reverse("one-on-one-detail", args=[held.pk])).content.decode()
    assert PRIVATE in html


@pytest.mark.parametrize("viewer", ["agent_a2", "agent_b1", "manager_b"])
def test_others_asking_for_a_one_on_one_by_id_get_404(client, org, held, viewer):
    response = as_user(client, getattr(org, viewer)).get(reverse("one-on-one-detail", args=[held.pk]))
    assert response.status_code == 404
    assert PRIVATE not in response.content.decode() and SHARED not in response.content.decode()


def test_a_coach_no_longer_covering_the_team_gets_404(client, org, held):
    org.team_a.coaches.remove(org.coach_a)
    assert as_user(client, org.coach_a).get(reverse("one-on-one-detail", args=[held.pk])).status_code == 404


def test_the_detail_shows_carried_over_points_who_added_each_and_the_mood(client, org, held):
    meeting = OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a, meeting_on=days_from_now(2))
    item = held.action_items.get()
    AgendaItem.objects.create(one_on_one=meeting, text=item.description, added_by=org.manager_a, carried_from=item)
    AgendaItem.objects.create(one_on_one=meeting, text="My schedule", added_by=org.agent_a1)
    html = as_user(client, org.agent_a1).get(reverse("one-on-one-detail", args=[meeting.pk])).content.decode()
    assert "carried over" in html
    assert f"added by {org.agent_a1}" in html
    held_html = as_user(client, org.agent_a1).get(reverse("one-on-one-detail", args=[held.pk])).content.decode()
    assert "Mood 4 of 5: Good" in held_html


def test_the_detail_lists_expectations_agreed_in_the_meeting(client, org, held):
    goal = GoalFactory(agent=None, team=org.team_a, title="FCR up", created_by=org.manager_a)
    ExpectationFactory(goal=goal, agent=org.agent_a1, one_on_one=held)
    html = as_user(client, org.agent_a1).get(reverse("one-on-one-detail", args=[held.pk])).content.decode()
    assert "FCR up" in html and "waiting for acknowledgement" in html


# Creating


def test_a_manager_opens_the_create_form_with_their_agents_only(client, org):
    response = as_user(client, org.manager_a).get(reverse("one-on-one-create"), {"agent": org.agent_a1.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert str(org.agent_a1) in html and str(org.agent_a2) in html
    assert str(org.agent_b1) not in html
    assert f'<option value="{org.agent_a1.pk}" selected>' in html


def test_a_manager_creates_a_one_on_one_and_open_items_carry_over(client, org, held):
    response = as_user(client, org.manager_a).post(
        reverse("one-on-one-create"),
        {
            "agent": org.agent_a1.pk,
            "meeting_on": timezone.localtime(days_from_now(5)).strftime("%Y-%m-%dT%H:%M"),
            "agenda": "Rota\nQA review",
            "shared_notes": "",
            "private_notes": "Mine only",
            "mood": "3",
        },
    )
    meeting = OneOnOne.objects.exclude(pk=held.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("one-on-one-detail", args=[meeting.pk])
    assert (meeting.manager, meeting.private_notes, meeting.mood) == (org.manager_a, "Mine only", 3)
    assert list(meeting.agenda_items.values_list("text", flat=True)) == [
        "Rota",
        "QA review",
        "Listen to two recordings",
    ]


@pytest.mark.parametrize("user", ["coach_a", "agent_a1"])
def test_a_coach_or_an_agent_cannot_create_a_one_on_one(client, org, user):
    client = as_user(client, getattr(org, user))
    assert client.get(reverse("one-on-one-create")).status_code == 403
    response = client.post(
        reverse("one-on-one-create"),
        {"agent": org.agent_a1.pk, "meeting_on": clock.local_now().strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 403
    assert not OneOnOne.objects.exists()


def test_a_manager_cannot_create_a_one_on_one_for_another_teams_agent(client, org):
    response = as_user(client, org.manager_a).post(
        reverse("one-on-one-create"),
        {"agent": org.agent_b1.pk, "meeting_on": clock.local_now().strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not OneOnOne.objects.exists()


def test_the_next_meeting_must_come_after_this_one(client, org):
    now = clock.local_now()
    response = as_user(client, org.manager_a).post(
        reverse("one-on-one-create"),
        {
            "agent": org.agent_a1.pk,
            "meeting_on": now.strftime("%Y-%m-%dT%H:%M"),
            "next_meeting_on": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "The next meeting comes after this one." in response.content.decode()
    assert not OneOnOne.objects.exists()


def test_a_too_long_agenda_point_is_a_clear_error_not_a_server_error(client, org):
    response = as_user(client, org.manager_a).post(
        reverse("one-on-one-create"),
        {
            "agent": org.agent_a1.pk,
            "meeting_on": clock.local_now().strftime("%Y-%m-%dT%H:%M"),
            "agenda": "x" * 301,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not OneOnOne.objects.exists()


def test_the_mood_choices_follow_the_language_of_the_page(client, org):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = as_user(client, org.manager_a).get(reverse("one-on-one-create"))
    labels = [str(label) for _value, label in page.context["form"].fields["mood"].choices]
    with translation.override("es"):
        assert f"1 · {MOOD_SCALE[0][1]}" in labels
    assert "1 · Struggling" not in labels


# Editing


def edit_data(meeting, **overrides):
    data = {
        "meeting_on": timezone.localtime(meeting.meeting_on).strftime("%Y-%m-%dT%H:%M"),
        "shared_notes": "Changed",
        "private_notes": "Changed privately",
        "mood": "2",
    }
    return {**data, **overrides}


def test_the_manager_who_held_it_edits_notes_and_private_notes(client, org, held):
    client = as_user(client, org.manager_a)
    form = client.get(reverse("one-on-one-edit", args=[held.pk])).content.decode()
    assert PRIVATE in form
    response = client.post(reverse("one-on-one-edit", args=[held.pk]), edit_data(held))
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.shared_notes, held.private_notes, held.mood) == ("Changed", "Changed privately", 2)


def test_another_manager_of_the_team_edits_without_seeing_or_touching_the_private_notes(client, org, held, co_manager):
    client = as_user(client, co_manager)
    form = client.get(reverse("one-on-one-edit", args=[held.pk])).content.decode()
    assert PRIVATE not in form and 'name="private_notes"' not in form
    client.post(reverse("one-on-one-edit", args=[held.pk]), edit_data(held))
    held.refresh_from_db()
    assert (held.shared_notes, held.private_notes) == ("Changed", PRIVATE)


@pytest.mark.parametrize(
    ("user", "status"), [("coach_a", 403), ("agent_a1", 403), ("manager_b", 404), ("agent_a2", 404)]
)
def test_others_cannot_edit_a_one_on_one_and_nothing_changes(client, org, held, user, status):
    client = as_user(client, getattr(org, user))
    before = snapshot()
    get = client.get(reverse("one-on-one-edit", args=[held.pk]))
    post = client.post(reverse("one-on-one-edit", args=[held.pk]), edit_data(held))
    assert (get.status_code, post.status_code) == (status, status)
    assert PRIVATE not in get.content.decode()
    assert snapshot() == before


# Agenda


def test_the_agent_adds_a_point_before_the_meeting(client, org, coming):
    response = as_user(client, org.agent_a1).post(
        reverse("one-on-one-agenda-add", args=[coming.pk]), {"text": "My schedule"}, follow=True
    )
    assert response.status_code == 200
    assert "Added to the agenda." in response.content.decode()
    assert coming.agenda_items.get().added_by == org.agent_a1


def test_the_agent_cannot_add_a_point_after_the_meeting(client, org, held):
    before = snapshot()
    response = as_user(client, org.agent_a1).post(reverse("one-on-one-agenda-add", args=[held.pk]), {"text": "Late"})
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("user", "status"), [("agent_a2", 404), ("manager_b", 404), ("coach_a", 403)])
def test_others_cannot_add_agenda_points(client, org, coming, user, status):
    before = snapshot()
    response = as_user(client, getattr(org, user)).post(
        reverse("one-on-one-agenda-add", args=[coming.pk]), {"text": "X"}
    )
    assert response.status_code == status
    assert snapshot() == before


def test_an_empty_agenda_point_is_refused_with_a_message(client, org, coming):
    response = as_user(client, org.agent_a1).post(
        reverse("one-on-one-agenda-add", args=[coming.pk]), {"text": ""}, follow=True
    )
    assert "This field is required." in response.content.decode()
    assert not coming.agenda_items.exists()


def test_the_agenda_takes_only_posts(client, org, coming):
    assert as_user(client, org.agent_a1).get(reverse("one-on-one-agenda-add", args=[coming.pk])).status_code == 405


def test_a_post_without_the_csrf_token_is_refused(org, coming):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.agent_a1)
    response = client.post(reverse("one-on-one-agenda-add", args=[coming.pk]), {"text": "Forged"})
    assert response.status_code == 403
    assert not coming.agenda_items.exists()


# Action items


def test_the_manager_adds_an_action_item(client, org, held):
    response = as_user(client, org.manager_a).post(
        reverse("action-item-create", args=[held.pk]),
        {"description": "Book a side-by-side", "owner": org.manager_a.pk, "due_date": "2030-01-31"},
    )
    assert response.status_code == 302
    item = held.action_items.get(description="Book a side-by-side")
    assert (item.owner, item.due_date) == (org.manager_a, datetime.date(2030, 1, 31))


@pytest.mark.parametrize(
    ("user", "status"), [("agent_a1", 403), ("coach_a", 403), ("manager_b", 404), ("agent_a2", 404)]
)
def test_others_cannot_add_action_items(client, org, held, user, status):
    before = snapshot()
    response = as_user(client, getattr(org, user)).post(
        reverse("action-item-create", args=[held.pk]), {"description": "X", "owner": org.agent_a1.pk}
    )
    assert response.status_code == status
    assert snapshot() == before


def test_the_owner_marks_their_action_item_done_and_reopens_it(client, org, held):
    item = held.action_items.get()
    client = as_user(client, org.agent_a1)
    response = client.post(reverse("action-item-toggle", args=[item.pk]), {"done": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None
    client.post(reverse("action-item-toggle", args=[item.pk]), {"done": "0"})
    item.refresh_from_db()
    assert item.done_at is None


def test_toggling_goes_back_to_the_page_it_came_from_but_never_off_site(client, org, held):
    item = held.action_items.get()
    client = as_user(client, org.manager_a)
    back = reverse("one-on-one-list")
    assert client.post(reverse("action-item-toggle", args=[item.pk]), {"done": "1", "next": back}).url == back
    response = client.post(
        reverse("action-item-toggle", args=[item.pk]), {"done": "0", "next": "https://evil.example/"}
    )
    assert response.url == reverse("one-on-one-detail", args=[held.pk])


@pytest.mark.parametrize(("user", "status"), [("agent_a2", 404), ("manager_b", 404), ("coach_a", 403)])
def test_others_cannot_mark_an_action_item_done(client, org, held, user, status):
    item = held.action_items.get()
    before = snapshot()
    response = as_user(client, getattr(org, user)).post(reverse("action-item-toggle", args=[item.pk]), {"done": "1"})
    assert response.status_code == status
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, held):
    for url in (reverse("one-on-one-list"), reverse("one-on-one-detail", args=[held.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_agent_who_moved_team_is_no_longer_visible_to_the_old_manager(client, org, held):
    agent = AgentFactory(username="mover")
    MembershipFactory(agent=agent, team=org.team_b)
    meeting = OneOnOneFactory(agent=agent, manager=org.manager_a, private_notes=PRIVATE)
    response = as_user(client, org.manager_a).get(reverse("one-on-one-detail", args=[meeting.pk]))
    assert response.status_code == 404
