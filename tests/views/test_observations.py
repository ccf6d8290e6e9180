"""Observation pages and the behaviour catalogue: who may open, record, acknowledge, dispute and answer.

Every refusal is checked twice: the status code, and that nothing changed.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from coaching import clock
from coaching.models import Behaviour, BehaviourRating, DisputeStatus, Observation

from ..factories import (
    BehaviourFactory,
    BehaviourRatingFactory,
    CoachFactory,
    GoalFactory,
    MetricFactory,
    ObservationFactory,
)

pytestmark = pytest.mark.django_db

EVERY_ROLE = ["agent_a1", "agent_a2", "agent_b1", "manager_a", "manager_b", "coach_a", "admin"]
MAY_SEE_A1 = ["agent_a1", "manager_a", "coach_a", "admin"]
MAY_NOT_SEE_A1 = ["agent_a2", "agent_b1", "manager_b"]
# Session, user, the page's rows and their ratings, the filter choices: none of them per row.
LIST_QUERY_LIMIT = 10  # includes the navbar's unread-notification count
CATALOGUE_QUERY_LIMIT = 5


@pytest.fixture
def listening():
    behaviour = BehaviourFactory(name="Listening", display_order=10, good_looks_like="Summarises the need back.")
    behaviour.metrics.add(MetricFactory(code="FCR"))
    return behaviour


@pytest.fixture
def empathy():
    return BehaviourFactory(name="Empathy", display_order=20)


@pytest.fixture
def observation(org, listening, empathy):
    """A shared observation of agent A1 by coach A, listening rated 2 and empathy 4."""
    observation = ObservationFactory(agent=org.agent_a1, observer=org.coach_a, summary="Warm but rushed.")
    BehaviourRatingFactory(observation=observation, behaviour=listening, score=2, comment="Interrupted twice.")
    BehaviourRatingFactory(observation=observation, behaviour=empathy, score=4, comment="Named the worry.")
    return observation


@pytest.fixture
def private(org, listening):
    """An observation of agent A1 that was not shared with them."""
    observation = ObservationFactory(agent=org.agent_a1, observer=org.coach_a, shared_with_agent=False)
    BehaviourRatingFactory(observation=observation, behaviour=listening, score=1, comment="Coach-only remark.")
    return observation


@pytest.fixture
def other_coach(org):
    """A coach who covers team Bravo only."""
    coach = CoachFactory(username="coach_b")
    org.team_b.coaches.add(coach)
    return coach


def as_user(client, user):
    client.force_login(user)
    return client


def who(org, name):
    return getattr(org, name)


def rating_of(observation, behaviour):
    return observation.ratings.get(behaviour=behaviour)


# The behaviour catalogue


@pytest.mark.parametrize("viewer", EVERY_ROLE)
def test_everyone_signed_in_reads_the_behaviour_catalogue(client, org, listening, viewer):
    response = as_user(client, who(org, viewer)).get(reverse("behaviour-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Listening" in html and "Summarises the need back." in html and "FCR" in html


def test_the_catalogue_leaves_out_retired_behaviours(client, org, listening):
    BehaviourFactory(name="Upselling", is_active=False)
    html = as_user(client, org.agent_a1).get(reverse("behaviour-list")).content.decode()
    assert "Upselling" not in html


def test_the_catalogue_needs_a_sign_in(client, listening):
    response = client.get(reverse("behaviour-list"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_observation_pages_need_a_sign_in(client, observation, listening):
    rating = rating_of(observation, listening)
    for url in (
        reverse("observation-list"),
        reverse("observation-create"),
        reverse("observation-detail", args=[observation.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url
    response = client.post(reverse("rating-dispute", args=[observation.pk, rating.pk]), {})
    rating.refresh_from_db()
    assert response.status_code == 302 and rating.dispute_status == DisputeStatus.NONE


def test_the_catalogue_reads_in_a_fixed_number_of_queries(client, org, django_assert_max_num_queries):
    for number in range(12):
        BehaviourFactory(name=f"Behaviour {number}").metrics.add(MetricFactory(code=f"M{number}"))
    as_user(client, org.agent_a1)
    with django_assert_max_num_queries(CATALOGUE_QUERY_LIMIT):
        assert client.get(reverse("behaviour-list")).status_code == 200


def test_behaviours_are_edited_in_the_admin_with_the_metrics_they_drive(client, org, listening):
    model_admin = admin.site._registry[Behaviour]
    assert model_admin.metrics_driven(listening) == "FCR"
    assert "metrics" in model_admin.filter_horizontal


# The observation list


@pytest.mark.parametrize("viewer", ["coach_a", "manager_a", "admin"])
def test_those_who_coach_an_agent_list_their_observations(client, org, observation, private, viewer):
    html = as_user(client, who(org, viewer)).get(reverse("observation-list")).content.decode()
    assert reverse("observation-detail", args=[observation.pk]) in html
    assert reverse("observation-detail", args=[private.pk]) in html
    assert "Not shared" in html


def test_an_agent_lists_only_the_observations_shared_with_them(client, org, observation, private):
    of_a2 = ObservationFactory(agent=org.agent_a2)
    html = as_user(client, org.agent_a1).get(reverse("observation-list")).content.decode()
    assert reverse("observation-detail", args=[observation.pk]) in html
    assert reverse("observation-detail", args=[private.pk]) not in html
    assert reverse("observation-detail", args=[of_a2.pk]) not in html
    assert "New observation" not in html


@pytest.mark.parametrize("viewer", ["manager_b", "agent_b1", "agent_a2"])
def test_outsiders_do_not_see_agent_a1s_observations_in_the_list(client, org, observation, viewer):
    html = as_user(client, who(org, viewer)).get(reverse("observation-list")).content.decode()
    assert reverse("observation-detail", args=[observation.pk]) not in html


def test_a_coach_of_another_team_does_not_list_the_observations(client, org, observation, other_coach):
    html = as_user(client, other_coach).get(reverse("observation-list")).content.decode()
    assert reverse("observation-detail", args=[observation.pk]) not in html


def test_the_list_filters_by_agent_and_by_behaviour(client, org, observation, listening, empathy):
    of_a2 = ObservationFactory(agent=org.agent_a2)
    BehaviourRatingFactory(observation=of_a2, behaviour=empathy)
    as_user(client, org.coach_a)
    by_agent = client.get(reverse("observation-list"), {"agent": org.agent_a2.pk}).content.decode()
    assert reverse("observation-detail", args=[of_a2.pk]) in by_agent
    assert reverse("observation-detail", args=[observation.pk]) not in by_agent
    by_behaviour = client.get(reverse("observation-list"), {"behaviour": listening.pk}).content.decode()
    assert reverse("observation-detail", args=[observation.pk]) in by_behaviour
    assert reverse("observation-detail", args=[of_a2.pk]) not in by_behaviour


def test_an_agent_cannot_filter_their_way_to_another_agents_observations(client, org, observation):
    of_a2 = ObservationFactory(agent=org.agent_a2)
    html = as_user(client, org.agent_a1).get(reverse("observation-list"), {"agent": org.agent_a2.pk}).content.decode()
    assert reverse("observation-detail", args=[of_a2.pk]) not in html


def test_the_list_shows_a_badge_for_open_disputes(client, org, observation, listening):
    BehaviourRating.objects.filter(observation=observation, behaviour=listening).update(
        dispute_status=DisputeStatus.OPEN, dispute_comment="Not fair", disputed_at=clock.now()
    )
    html = as_user(client, org.coach_a).get(reverse("observation-list")).content.decode()
    assert "1 open dispute" in html
    assert "One disputed rating waits for an answer." in html


def test_filtered_by_one_behaviour_the_list_still_counts_a_dispute_on_another(
    client, org, observation, listening, empathy
):
    BehaviourRating.objects.filter(observation=observation, behaviour=listening).update(
        dispute_status=DisputeStatus.OPEN, dispute_comment="Not fair", disputed_at=clock.now()
    )
    as_user(client, org.coach_a)
    by_empathy = client.get(reverse("observation-list"), {"behaviour": empathy.pk})
    (listed,) = by_empathy.context["page"].object_list
    assert listed == observation and listed.open_disputes == 1


def test_the_list_is_paginated(client, org, listening):
    for days in range(25):
        ObservationFactory(agent=org.agent_a1, observed_at=clock.now() - datetime.timedelta(days=days))
    as_user(client, org.coach_a)
    first = client.get(reverse("observation-list"))
    assert len(first.context["page"].object_list) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(reverse("observation-list"), {"page": 2}).context["page"].object_list) == 5


@pytest.mark.parametrize("viewer", ["coach_a", "agent_a1"])
def test_the_list_reads_in_a_fixed_number_of_queries_however_many_rows(
    client, org, listening, empathy, viewer, django_assert_max_num_queries
):
    for days in range(20):
        observation = ObservationFactory(agent=org.agent_a1, observed_at=clock.now() - datetime.timedelta(days))
        BehaviourRatingFactory(observation=observation, behaviour=listening, dispute_status=DisputeStatus.OPEN)
        BehaviourRatingFactory(observation=observation, behaviour=empathy)
    as_user(client, who(org, viewer))
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        response = client.get(reverse("observation-list"))
    assert len(response.context["page"].object_list) == 20


# Recording an observation


def observation_post(agent, scores: dict, **fields) -> dict:
    """The POST of the observation form: ``scores`` maps behaviour → (score, comment); other behaviours blank."""
    behaviours = list(Behaviour.objects.filter(is_active=True))
    data = {
        "agent": agent.pk,
        "observed_at": (clock.local_now() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "interaction_id": "CX-123",
        "recording_url": "",
        "method": "live_listen",
        "summary": "Good call.",
        "goal": "",
        "shared_with_agent": "on",
        "ratings-TOTAL_FORMS": len(behaviours),
        "ratings-INITIAL_FORMS": len(behaviours),
    }
    for index, behaviour in enumerate(behaviours):
        score, comment = scores.get(behaviour, ("", ""))
        data.update(
            {
                f"ratings-{index}-behaviour": behaviour.pk,
                f"ratings-{index}-score": score,
                f"ratings-{index}-comment": comment,
            }
        )
    data.update(fields)
    return data


@pytest.mark.parametrize("viewer", ["coach_a", "manager_a", "admin"])
def test_the_observation_form_lists_every_active_behaviour(client, org, listening, empathy, viewer):
    BehaviourFactory(name="Upselling", is_active=False)
    response = as_user(client, who(org, viewer)).get(reverse("observation-create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Listening" in html and "Empathy" in html and "Upselling" not in html
    assert "Not observed" in html


def test_the_agent_is_preselected_and_goals_are_limited_to_theirs(client, org, listening):
    own = GoalFactory(agent=org.agent_a1, title="Own FCR goal")
    team = GoalFactory(agent=None, team=org.team_a, title="Alpha CSAT goal")
    GoalFactory(agent=org.agent_a2, title="Colleague goal")
    GoalFactory(agent=org.agent_b1, title="Bravo agent goal")
    response = as_user(client, org.coach_a).get(reverse("observation-create"), {"agent": org.agent_a1.pk})
    form = response.context["form"]
    assert form.initial["agent"] == org.agent_a1.pk
    assert set(form.fields["goal"].queryset) == {own, team}
    assert "Colleague goal" not in response.content.decode()


def test_the_agent_choices_are_the_agents_the_user_coaches(client, org, listening):
    form = as_user(client, org.coach_a).get(reverse("observation-create")).context["form"]
    assert set(form.fields["agent"].queryset) == {org.agent_a1, org.agent_a2}
    assert not form.fields["goal"].queryset.exists()


def test_preselecting_an_agent_the_user_may_not_see_is_a_404(client, org, listening):
    response = as_user(client, org.coach_a).get(reverse("observation-create"), {"agent": org.agent_b1.pk})
    assert response.status_code == 404


def test_a_coach_records_an_observation_and_is_sent_to_it(client, org, listening, empathy):
    goal = GoalFactory(agent=org.agent_a1)
    data = observation_post(org.agent_a1, {listening: (4, "Summarised the need.")}, goal=goal.pk)
    response = as_user(client, org.coach_a).post(reverse("observation-create"), data, follow=True)
    observation = Observation.objects.get()
    assert response.redirect_chain[-1][0] == reverse("observation-detail", args=[observation.pk])
    assert "Observation of" in response.content.decode() and "recorded" in response.content.decode()
    assert observation.observer == org.coach_a and observation.goal == goal
    assert [(r.behaviour, r.score, r.comment) for r in observation.ratings.all()] == [
        (listening, 4, "Summarised the need.")
    ]


def test_an_observation_without_any_rating_is_refused_with_a_clear_error(client, org, listening, empathy):
    response = as_user(client, org.coach_a).post(reverse("observation-create"), observation_post(org.agent_a1, {}))
    assert response.status_code == 200
    assert "Rate at least one behaviour you observed" in response.content.decode()
    assert not Observation.objects.exists()


@pytest.mark.parametrize("score", [0, 6, "x"])
def test_a_score_off_the_scale_is_refused(client, org, listening, score):
    data = observation_post(org.agent_a1, {listening: (score, "")})
    response = as_user(client, org.coach_a).post(reverse("observation-create"), data)
    assert response.status_code == 200
    assert not response.context["ratings"].is_valid()
    assert not Observation.objects.exists()


def test_a_comment_without_a_score_is_refused(client, org, listening, empathy):
    data = observation_post(org.agent_a1, {listening: (3, ""), empathy: ("", "Was great")})
    response = as_user(client, org.coach_a).post(reverse("observation-create"), data)
    assert "Give a score to the behaviour you commented on" in response.content.decode()
    assert not Observation.objects.exists()


def test_a_goal_of_another_agent_is_refused(client, org, listening):
    data = observation_post(org.agent_a1, {listening: (3, "")}, goal=GoalFactory(agent=org.agent_a2).pk)
    response = as_user(client, org.coach_a).post(reverse("observation-create"), data)
    assert "goal" in response.context["form"].errors
    assert not Observation.objects.exists()


def test_an_interaction_in_the_future_is_refused(client, org, listening):
    later = (clock.local_now() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    data = observation_post(org.agent_a1, {listening: (3, "")}, observed_at=later)
    response = as_user(client, org.coach_a).post(reverse("observation-create"), data)
    assert "already happened" in response.content.decode()
    assert not Observation.objects.exists()


@pytest.mark.parametrize("viewer", ["agent_a1", "agent_b1"])
def test_an_agent_cannot_open_the_form_or_record_an_observation(client, org, listening, viewer):
    as_user(client, who(org, viewer))
    assert client.get(reverse("observation-create")).status_code == 403
    response = client.post(reverse("observation-create"), observation_post(org.agent_a1, {listening: (5, "")}))
    assert response.status_code == 403
    assert not Observation.objects.exists()


def test_a_manager_of_another_team_cannot_record_an_observation_of_agent_a1(client, org, listening):
    data = observation_post(org.agent_a1, {listening: (1, "")})
    response = as_user(client, org.manager_b).post(reverse("observation-create"), data)
    assert "agent" in response.context["form"].errors
    assert not Observation.objects.exists()


def test_a_coach_of_another_team_cannot_record_an_observation_of_agent_a1(client, org, listening, other_coach):
    as_user(client, other_coach)
    assert client.get(reverse("observation-create"), {"agent": org.agent_a1.pk}).status_code == 404
    response = client.post(reverse("observation-create"), observation_post(org.agent_a1, {listening: (1, "")}))
    assert "agent" in response.context["form"].errors
    assert not Observation.objects.exists()


# One observation


@pytest.mark.parametrize("viewer", MAY_SEE_A1)
def test_those_who_may_see_the_agent_open_a_shared_observation(client, org, observation, viewer):
    response = as_user(client, who(org, viewer)).get(reverse("observation-detail", args=[observation.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Interrupted twice." in html and "Named the worry." in html and "Warm but rushed." in html
    assert "Score 2 of 5" in html and "Score 4 of 5" in html


@pytest.mark.parametrize("viewer", MAY_NOT_SEE_A1)
def test_others_asking_for_the_observation_by_id_get_404(client, org, observation, viewer):
    response = as_user(client, who(org, viewer)).get(reverse("observation-detail", args=[observation.pk]))
    assert response.status_code == 404
    assert "Interrupted twice." not in response.content.decode()


def test_a_coach_of_another_team_gets_404_for_the_observation(client, org, observation, other_coach):
    assert as_user(client, other_coach).get(reverse("observation-detail", args=[observation.pk])).status_code == 404


def test_an_agent_never_sees_an_observation_not_shared_with_them(client, org, private):
    response = as_user(client, org.agent_a1).get(reverse("observation-detail", args=[private.pk]))
    assert response.status_code == 404
    assert "Coach-only remark." not in response.content.decode()


def test_the_coach_sees_the_observation_not_shared_with_the_agent(client, org, private):
    html = as_user(client, org.coach_a).get(reverse("observation-detail", args=[private.pk])).content.decode()
    assert "Coach-only remark." in html and "Not shared with the agent" in html


def test_an_unknown_observation_is_a_404_like_a_forbidden_one(client, org):
    assert as_user(client, org.admin).get(reverse("observation-detail", args=[987654])).status_code == 404


def test_the_agent_sees_acknowledge_and_dispute_buttons_but_no_answer_form(client, org, observation):
    html = as_user(client, org.agent_a1).get(reverse("observation-detail", args=[observation.pk])).content.decode()
    assert reverse("observation-acknowledge", args=[observation.pk]) in html
    assert "Dispute this rating" in html
    assert "Answer the dispute" not in html


def test_the_coach_sees_no_acknowledge_or_dispute_button(client, org, observation):
    html = as_user(client, org.coach_a).get(reverse("observation-detail", args=[observation.pk])).content.decode()
    assert reverse("observation-acknowledge", args=[observation.pk]) not in html
    assert "Dispute this rating" not in html


def test_the_dispute_and_its_answer_stay_on_the_record_for_everyone_who_may_see_it(client, org, observation, listening):
    BehaviourRating.objects.filter(observation=observation, behaviour=listening).update(
        dispute_status=DisputeStatus.CHANGED,
        dispute_comment="I let them finish after the hold.",
        disputed_at=clock.now(),
        original_score=2,
        score=4,
        dispute_response="You are right, it was cut from the recording.",
        resolved_by=org.coach_a,
        resolved_at=clock.now(),
    )
    for viewer in MAY_SEE_A1:
        html = as_user(client, who(org, viewer)).get(reverse("observation-detail", args=[observation.pk])).content
        html = html.decode()
        assert "I let them finish after the hold." in html, viewer
        assert "You are right, it was cut from the recording." in html, viewer
        assert "Rating changed from 2 to 4" in html, viewer


# Acknowledging


def test_the_agent_acknowledges_the_observation(client, org, observation):
    response = as_user(client, org.agent_a1).post(
        reverse("observation-acknowledge", args=[observation.pk]), follow=True
    )
    observation.refresh_from_db()
    assert observation.acknowledged_at is not None
    assert response.redirect_chain[-1][0] == reverse("observation-detail", args=[observation.pk])
    assert "the observation is acknowledged" in response.content.decode()


def test_acknowledging_needs_a_post(client, org, observation):
    response = as_user(client, org.agent_a1).get(reverse("observation-acknowledge", args=[observation.pk]))
    observation.refresh_from_db()
    assert response.status_code == 405 and observation.acknowledged_at is None


@pytest.mark.parametrize(("viewer", "status"), [("coach_a", 403), ("manager_a", 403), ("admin", 403)])
def test_only_the_agent_acknowledges_others_who_see_it_get_403(client, org, observation, viewer, status):
    response = as_user(client, who(org, viewer)).post(reverse("observation-acknowledge", args=[observation.pk]))
    observation.refresh_from_db()
    assert response.status_code == status and observation.acknowledged_at is None


@pytest.mark.parametrize("viewer", MAY_NOT_SEE_A1)
def test_outsiders_acknowledging_get_404_and_nothing_changes(client, org, observation, viewer):
    response = as_user(client, who(org, viewer)).post(reverse("observation-acknowledge", args=[observation.pk]))
    observation.refresh_from_db()
    assert response.status_code == 404 and observation.acknowledged_at is None


def test_the_agent_cannot_acknowledge_an_observation_not_shared_with_them(client, org, private):
    response = as_user(client, org.agent_a1).post(reverse("observation-acknowledge", args=[private.pk]))
    private.refresh_from_db()
    assert response.status_code == 404 and private.acknowledged_at is None


# Disputing


def dispute_url(observation, rating):
    return reverse("rating-dispute", args=[observation.pk, rating.pk])


def test_the_agent_disputes_a_rating(client, org, observation, listening):
    rating = rating_of(observation, listening)
    data = {f"dispute-{rating.pk}-comment": "I let them finish."}
    response = as_user(client, org.agent_a1).post(dispute_url(observation, rating), data, follow=True)
    rating.refresh_from_db()
    assert (rating.dispute_status, rating.dispute_comment) == (DisputeStatus.OPEN, "I let them finish.")
    assert response.redirect_chain[-1][0] == reverse("observation-detail", args=[observation.pk])
    assert "Your dispute of" in response.content.decode()
    assert "Waiting for the coach" in response.content.decode()


def test_a_dispute_without_a_comment_is_refused(client, org, observation, listening):
    rating = rating_of(observation, listening)
    response = as_user(client, org.agent_a1).post(
        dispute_url(observation, rating), {f"dispute-{rating.pk}-comment": ""}
    )
    rating.refresh_from_db()
    assert response.status_code == 400 and rating.dispute_status == DisputeStatus.NONE
    assert "This field is required." in response.content.decode()


def test_a_rating_already_disputed_cannot_be_disputed_again(client, org, observation, listening):
    rating = rating_of(observation, listening)
    as_user(client, org.agent_a1)
    client.post(dispute_url(observation, rating), {f"dispute-{rating.pk}-comment": "First"})
    response = client.post(dispute_url(observation, rating), {f"dispute-{rating.pk}-comment": "Second"})
    rating.refresh_from_db()
    assert response.status_code == 400 and rating.dispute_comment == "First"


@pytest.mark.parametrize("viewer", ["coach_a", "manager_a", "admin"])
def test_only_the_agent_disputes_others_who_see_it_get_403(client, org, observation, listening, viewer):
    rating = rating_of(observation, listening)
    data = {f"dispute-{rating.pk}-comment": "Not fair"}
    response = as_user(client, who(org, viewer)).post(dispute_url(observation, rating), data)
    rating.refresh_from_db()
    assert response.status_code == 403 and rating.dispute_status == DisputeStatus.NONE


@pytest.mark.parametrize("viewer", MAY_NOT_SEE_A1)
def test_outsiders_disputing_get_404_and_nothing_changes(client, org, observation, listening, viewer):
    rating = rating_of(observation, listening)
    data = {f"dispute-{rating.pk}-comment": "Not fair"}
    response = as_user(client, who(org, viewer)).post(dispute_url(observation, rating), data)
    rating.refresh_from_db()
    assert response.status_code == 404 and rating.dispute_status == DisputeStatus.NONE


def test_a_rating_of_another_observation_is_a_404(client, org, observation, listening):
    foreign = BehaviourRatingFactory(observation=ObservationFactory(agent=org.agent_a2), behaviour=listening)
    data = {f"dispute-{foreign.pk}-comment": "Not fair"}
    response = as_user(client, org.agent_a1).post(dispute_url(observation, foreign), data)
    foreign.refresh_from_db()
    assert response.status_code == 404 and foreign.dispute_status == DisputeStatus.NONE


def test_disputing_needs_a_post(client, org, observation, listening):
    rating = rating_of(observation, listening)
    assert as_user(client, org.agent_a1).get(dispute_url(observation, rating)).status_code == 405


# Answering a dispute


@pytest.fixture
def disputed(org, observation, listening):
    rating = rating_of(observation, listening)
    rating.dispute_status, rating.dispute_comment, rating.disputed_at = DisputeStatus.OPEN, "Not fair", clock.now()
    rating.save()
    return rating


def answer(client, user, observation, rating, **fields):
    data = {f"answer-{rating.pk}-{name}": value for name, value in fields.items()}
    return as_user(client, user).post(reverse("rating-resolve", args=[observation.pk, rating.pk]), data, follow=True)


def test_the_coach_sees_the_answer_form_for_an_open_dispute(client, org, observation, disputed):
    html = as_user(client, org.coach_a).get(reverse("observation-detail", args=[observation.pk])).content.decode()
    assert "Answer the dispute" in html and "Not fair" in html


def test_the_coach_keeps_the_rating_with_a_response(client, org, observation, disputed):
    response = answer(client, org.coach_a, observation, disputed, outcome="keep", response="Listen at 02:10.")
    disputed.refresh_from_db()
    assert (disputed.dispute_status, disputed.score, disputed.original_score) == (DisputeStatus.UPHELD, 2, None)
    assert disputed.dispute_response == "Listen at 02:10." and disputed.resolved_by == org.coach_a
    assert response.redirect_chain[-1][0] == reverse("observation-detail", args=[observation.pk])
    assert "Rating kept" in response.content.decode()


def test_the_manager_changes_the_rating_and_the_original_score_is_kept(client, org, observation, disputed):
    answer(client, org.manager_a, observation, disputed, outcome="change", new_score="4", response="Agreed.")
    disputed.refresh_from_db()
    assert (disputed.dispute_status, disputed.original_score, disputed.score) == (DisputeStatus.CHANGED, 2, 4)


def test_an_answer_without_a_response_is_refused(client, org, observation, disputed):
    response = answer(client, org.coach_a, observation, disputed, outcome="change", new_score="4", response="")
    disputed.refresh_from_db()
    assert response.status_code == 400 and (disputed.dispute_status, disputed.score) == (DisputeStatus.OPEN, 2)


@pytest.mark.parametrize("new_score", ["", "2", "9"])
def test_changing_needs_a_new_different_score_on_the_scale(client, org, observation, disputed, new_score):
    response = answer(client, org.coach_a, observation, disputed, outcome="change", new_score=new_score, response="Ok")
    disputed.refresh_from_db()
    assert response.status_code == 400 and (disputed.dispute_status, disputed.score) == (DisputeStatus.OPEN, 2)


def test_the_agent_cannot_answer_their_own_dispute(client, org, observation, disputed):
    response = answer(client, org.agent_a1, observation, disputed, outcome="change", new_score="5", response="Me")
    disputed.refresh_from_db()
    assert response.status_code == 403 and (disputed.dispute_status, disputed.score) == (DisputeStatus.OPEN, 2)


@pytest.mark.parametrize("viewer", MAY_NOT_SEE_A1)
def test_outsiders_answering_get_404_and_nothing_changes(client, org, observation, disputed, viewer):
    response = answer(client, who(org, viewer), observation, disputed, outcome="change", new_score="5", response="X")
    disputed.refresh_from_db()
    assert response.status_code == 404 and (disputed.dispute_status, disputed.score) == (DisputeStatus.OPEN, 2)


def test_a_coach_of_another_team_answering_gets_404(client, org, observation, disputed, other_coach):
    response = answer(client, other_coach, observation, disputed, outcome="keep", response="X")
    disputed.refresh_from_db()
    assert response.status_code == 404 and disputed.dispute_status == DisputeStatus.OPEN


def test_a_rating_without_an_open_dispute_cannot_be_answered(client, org, observation, empathy):
    rating = rating_of(observation, empathy)
    response = answer(client, org.coach_a, observation, rating, outcome="change", new_score="1", response="X")
    rating.refresh_from_db()
    assert response.status_code == 400 and (rating.dispute_status, rating.score) == (DisputeStatus.NONE, 4)


def test_a_filter_that_matches_nothing_says_so_and_offers_to_clear_it(client, org, observation, listening, empathy):
    as_user(client, org.coach_a)
    html = client.get(reverse("observation-list"), {"agent": org.agent_a2.pk}).content.decode()
    assert "No observation matches these filters." in html and "Clear the filters" in html
    assert "Clear the filters" not in client.get(reverse("observation-list")).content.decode()
