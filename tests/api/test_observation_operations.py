"""Step 3 over the API beyond recording: correcting observations and sessions, disputes and the coach's answers."""

import pytest

from coaching.models import BehaviourRating, CoachingSession, DisputeStatus, Observation
from coaching.services.observations import observation_acknowledge, rating_dispute
from tests.factories import BehaviourFactory

from .schema_check import assert_conforms
from .test_writes import unchanged


def _rating(observation) -> BehaviourRating:
    return observation.ratings.get()


def _dispute_url(observation, verb="dispute"):
    return f"/api/v1/observations/{observation.pk}/ratings/{_rating(observation).pk}/{verb}/"


# PATCH observations


@pytest.mark.parametrize("role", ["coach_a", "manager_a", "admin"])
def test_those_who_coach_the_agent_correct_an_observation(api, world, role):
    observation = world.record("observations")
    body = {"summary": "Warm opening.", "recording_url": "https://rec.example.com/7", "channel": "chat"}
    response = api(role).patch(f"/api/v1/observations/{observation.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert_conforms(response)
    observation.refresh_from_db()
    assert (observation.summary, observation.recording_url, observation.channel) == (
        "Warm opening.",
        "https://rec.example.com/7",
        "chat",
    )
    cleared = api(role).patch(f"/api/v1/observations/{observation.pk}/", {"recording_url": None}, format="json")
    assert cleared.json()["recording_url"] is None


@pytest.mark.parametrize(("role", "status_code"), [("agent_a1", 403), ("coach_b", 404), ("manager_b", 404)])
def test_others_may_not_correct_an_observation(api, world, role, status_code):
    observation = world.record("observations")
    with unchanged(Observation):
        response = api(role).patch(f"/api/v1/observations/{observation.pk}/", {"summary": "Mine"})
    assert response.status_code == status_code
    assert_conforms(response)


def test_an_observation_the_agent_acknowledged_stays_shared(api, world):
    observation = world.record("observations")
    observation_acknowledge(actor=world.org.agent_a1, observation=observation)
    with unchanged(Observation):
        response = api("coach_a").patch(f"/api/v1/observations/{observation.pk}/", {"shared_with_agent": False})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["shared_with_agent"]


def test_an_observation_cannot_move_into_the_future(api, world):
    observation = world.record("observations")
    with unchanged(Observation):
        response = api("coach_a").patch(
            f"/api/v1/observations/{observation.pk}/", {"observed_at": "2999-01-01T10:00:00Z"}
        )
    assert list(response.json()["error"]["fields"]) == ["observed_at"]


def test_a_goal_of_another_agent_cannot_be_linked(api, world):
    observation = world.record("observations")
    other = world.record("goals", 2)  # agent_b1's goal, which coach_a does not see
    with unchanged(Observation):
        response = api("coach_a").patch(f"/api/v1/observations/{observation.pk}/", {"goal": other.pk})
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["goal"]


# Disputes and answers


def test_the_agent_disputes_a_rating_and_the_coach_answers_changing_it(api, world):
    observation = world.record("observations")
    disputed = api("agent_a1").post(_dispute_url(observation), {"comment": "The customer interrupted me."})
    assert disputed.status_code == 200, disputed.content
    assert_conforms(disputed)
    assert disputed.json()["ratings"][0]["dispute_status"] == DisputeStatus.OPEN
    open_ones = api("coach_a").get("/api/v1/observations/", {"dispute": "open"})
    assert [row["id"] for row in open_ones.json()["results"]] == [observation.pk]
    answered = api("coach_a").post(_dispute_url(observation, "answer"), {"response": "Fair.", "new_score": 5})
    assert answered.status_code == 200, answered.content
    assert_conforms(answered)
    rating = _rating(observation)
    assert (rating.score, rating.original_score, rating.dispute_status) == (5, 4, DisputeStatus.CHANGED)
    assert api("coach_a").get("/api/v1/observations/", {"dispute": "open"}).json()["results"] == []


def test_the_coach_keeps_the_rating(api, world):
    observation = world.record("observations")
    rating_dispute(actor=world.org.agent_a1, rating=_rating(observation), comment="Too low")
    response = api("manager_a").post(_dispute_url(observation, "answer"), {"response": "It stands."})
    assert response.status_code == 200
    assert _rating(observation).dispute_status == DisputeStatus.UPHELD


@pytest.mark.parametrize(("role", "status_code"), [("coach_a", 403), ("manager_a", 403), ("agent_a2", 404)])
def test_only_the_agent_disputes(api, world, role, status_code):
    observation = world.record("observations")
    with unchanged(BehaviourRating):
        response = api(role).post(_dispute_url(observation), {"comment": "Not me"})
    assert response.status_code == status_code
    assert_conforms(response)


def test_an_agent_cannot_dispute_an_observation_not_shared_with_them(api, world):
    hidden = world.record("observations", 1)
    with unchanged(BehaviourRating):
        response = api("agent_a1").post(_dispute_url(hidden), {"comment": "Hidden"})
    assert response.status_code == 404


@pytest.mark.parametrize(("role", "status_code"), [("agent_a1", 403), ("coach_b", 404), ("manager_b", 404)])
def test_only_those_who_coach_the_agent_answer(api, world, role, status_code):
    observation = world.record("observations")
    rating_dispute(actor=world.org.agent_a1, rating=_rating(observation), comment="Too low")
    with unchanged(BehaviourRating):
        response = api(role).post(_dispute_url(observation, "answer"), {"response": "No", "new_score": 5})
    assert response.status_code == status_code


def test_a_blank_reason_or_a_second_dispute_is_a_400(api, world):
    observation = world.record("observations")
    client = api("agent_a1")
    assert list(client.post(_dispute_url(observation), {"comment": " "}).json()["error"]["fields"]) == ["comment"]
    assert client.post(_dispute_url(observation), {"comment": "Too low"}).status_code == 200
    again = client.post(_dispute_url(observation), {"comment": "Again"})
    assert again.status_code == 400
    assert again.json()["error"]["message"] == "This rating is already disputed; the coach will answer."


def test_a_rating_of_another_observation_is_a_404(api, world):
    mine, other = world.record("observations"), world.record("observations", 2)
    url = f"/api/v1/observations/{mine.pk}/ratings/{_rating(other).pk}/dispute/"
    assert api("agent_a1").post(url, {"comment": "x"}).status_code == 404


# PATCH coaching sessions


def test_the_coach_corrects_a_session(api, world):
    session = world.record("coaching-sessions")
    extra = BehaviourFactory(name="Ownership")
    body = {"notes": "Practised closes.", "behaviours": [world.behaviour.pk, extra.pk], "goals": []}
    response = api("coach_a").patch(f"/api/v1/coaching-sessions/{session.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert_conforms(response)
    session.refresh_from_db()
    assert session.notes == "Practised closes."
    assert set(session.behaviours.values_list("pk", flat=True)) == {world.behaviour.pk, extra.pk}


def test_a_session_keeps_a_behaviour_that_has_left_the_catalogue_but_gets_no_new_one(api, world):
    session = world.record("coaching-sessions")
    type(world.behaviour).objects.filter(pk=world.behaviour.pk).update(is_active=False)
    url = f"/api/v1/coaching-sessions/{session.pk}/"
    assert api("coach_a").patch(url, {"notes": "Still fine"}).status_code == 200
    retired = BehaviourFactory(name="Old habit", is_active=False)
    response = api("coach_a").patch(url, {"behaviours": [retired.pk]}, format="json")
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["behaviours"]


def test_a_follow_up_before_the_session_is_a_400(api, world):
    session = world.record("coaching-sessions")
    with unchanged(CoachingSession):
        response = api("coach_a").patch(
            f"/api/v1/coaching-sessions/{session.pk}/", {"follow_up_on": "2000-01-01"}, format="json"
        )
    assert list(response.json()["error"]["fields"]) == ["follow_up_on"]


@pytest.mark.parametrize(("role", "status_code"), [("agent_a1", 403), ("coach_b", 404), ("manager_b", 404)])
def test_others_may_not_correct_a_session(api, world, role, status_code):
    session = world.record("coaching-sessions")
    with unchanged(CoachingSession):
        response = api(role).patch(f"/api/v1/coaching-sessions/{session.pk}/", {"notes": "Mine"})
    assert response.status_code == status_code
    assert_conforms(response)
