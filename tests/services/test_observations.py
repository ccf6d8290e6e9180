"""Observations: recording them with ratings, the agent's acknowledgement and disputes, the coach's answer.

Also the demo data of step 3, which stores observations and disputes the same way.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from coaching import clock
from coaching.demo.observations import seed_behaviours, seed_observations
from coaching.models import (
    Behaviour,
    BehaviourRating,
    CoachingSession,
    DisputeStatus,
    GoalStatus,
    Observation,
    TeamMembership,
    User,
)
from coaching.services.observations import (
    RatingInput,
    observation_acknowledge,
    observation_create,
    rating_dispute,
    rating_resolve,
)

from ..demo_data import DEMO_MOMENT
from ..factories import (
    BehaviourFactory,
    BehaviourRatingFactory,
    CoachFactory,
    GoalFactory,
    MetricFactory,
    ObservationFactory,
)

# Frozen on a Wednesday so that periods and projections are the same on every run.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(DEMO_MOMENT, tick=False),  # the day the demo is built on, 2026-11-25 at noon
]


@pytest.fixture
def listening():
    return BehaviourFactory(name="Listening", display_order=10)


@pytest.fixture
def empathy():
    return BehaviourFactory(name="Empathy", display_order=20)


def record(actor, agent, *ratings, **fields):
    """``observation_create`` with sensible defaults for the fields a test does not care about."""
    values = {"observed_at": clock.now() - datetime.timedelta(hours=1), "method": "live_listen"}
    values.update(fields)
    return observation_create(actor=actor, agent=agent, ratings=list(ratings), **values)


# Recording an observation


def test_coach_records_an_observation_with_a_rating_per_observed_behaviour(org, listening, empathy):
    observation = record(
        org.coach_a,
        org.agent_a1,
        RatingInput(listening, 4, "  Summarised the need.  "),
        RatingInput(empathy, 2),
        channel="chat",
        interaction_id="CH-1",
        summary="Good start.",
    )
    assert observation.observer == org.coach_a
    assert observation.channel == "chat"
    assert {(r.behaviour.name, r.score, r.comment) for r in observation.ratings.all()} == {
        ("Listening", 4, "Summarised the need."),
        ("Empathy", 2, ""),
    }


@pytest.mark.parametrize("actor", ["coach_a", "manager_a", "admin"])
def test_coach_covering_manager_of_the_team_and_admin_may_observe(org, listening, actor):
    observation = record(getattr(org, actor), org.agent_a1, RatingInput(listening, 3))
    assert observation.observer == getattr(org, actor)


@pytest.mark.parametrize("actor", ["agent_a1", "agent_a2", "manager_b"])
def test_agents_and_managers_of_other_teams_cannot_observe_and_nothing_is_stored(org, listening, actor):
    with pytest.raises(PermissionDenied):
        record(getattr(org, actor), org.agent_a1, RatingInput(listening, 3))
    assert not Observation.objects.exists()


def test_coach_of_another_team_cannot_observe(org, listening):
    other_coach = CoachFactory()
    org.team_b.coaches.add(other_coach)
    with pytest.raises(PermissionDenied):
        record(other_coach, org.agent_a1, RatingInput(listening, 3))
    assert not Observation.objects.exists()


def test_an_observation_needs_at_least_one_rating(org):
    with pytest.raises(ValidationError, match="Rate at least one behaviour"):
        record(org.coach_a, org.agent_a1)
    assert not Observation.objects.exists()


@pytest.mark.parametrize("score", [0, 6, -1])
def test_scores_outside_the_one_to_five_scale_are_rejected(org, listening, score):
    with pytest.raises(ValidationError, match="Scores go from 1 to 5"):
        record(org.coach_a, org.agent_a1, RatingInput(listening, score))
    assert not Observation.objects.exists()


@pytest.mark.parametrize("score", [1, 5])
def test_both_ends_of_the_scale_are_accepted(org, listening, score):
    observation = record(org.coach_a, org.agent_a1, RatingInput(listening, score))
    assert observation.ratings.get().score == score


def test_the_database_refuses_a_score_outside_the_scale(org, listening):
    rating = BehaviourRatingFactory(behaviour=listening, score=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        BehaviourRating.objects.filter(pk=rating.pk).update(score=6)


def test_a_behaviour_is_rated_once_per_observation(org, listening):
    with pytest.raises(ValidationError, match="once per observation"):
        record(org.coach_a, org.agent_a1, RatingInput(listening, 3), RatingInput(listening, 4))
    assert not Observation.objects.exists()


def test_a_retired_behaviour_cannot_be_rated(org):
    retired = BehaviourFactory(name="Upselling", is_active=False)
    with pytest.raises(ValidationError, match="no longer in the catalogue"):
        record(org.coach_a, org.agent_a1, RatingInput(retired, 3))


def test_an_interaction_in_the_future_cannot_be_observed(org, listening):
    with pytest.raises(ValidationError) as error:
        record(org.coach_a, org.agent_a1, RatingInput(listening, 3), observed_at=clock.now() + datetime.timedelta(1))
    assert "observed_at" in error.value.message_dict


def test_only_agents_are_observed(org, listening):
    with pytest.raises(ValidationError) as error:
        record(org.admin, org.manager_a, RatingInput(listening, 3))
    assert "agent" in error.value.message_dict


def test_the_linked_goal_is_the_agents_or_their_teams(org, listening):
    own = GoalFactory(agent=org.agent_a1)
    team_goal = GoalFactory(agent=None, team=org.team_a)
    assert record(org.coach_a, org.agent_a1, RatingInput(listening, 3), goal=own).goal == own
    assert record(org.coach_a, org.agent_a1, RatingInput(listening, 3), goal=team_goal).goal == team_goal


def test_a_closed_goal_cannot_be_linked(org, listening):
    achieved = GoalFactory(agent=org.agent_a1, status=GoalStatus.ACHIEVED)
    with pytest.raises(ValidationError) as error:
        record(org.coach_a, org.agent_a1, RatingInput(listening, 3), goal=achieved)
    assert "goal" in error.value.message_dict


@pytest.mark.parametrize("goal_owner", ["agent_a2", "agent_b1"])
def test_a_goal_of_another_agent_cannot_be_linked(org, listening, goal_owner):
    goal = GoalFactory(agent=getattr(org, goal_owner))
    with pytest.raises(ValidationError) as error:
        record(org.coach_a, org.agent_a1, RatingInput(listening, 3), goal=goal)
    assert "goal" in error.value.message_dict
    assert not Observation.objects.exists()


# Acknowledging


def test_the_agent_acknowledges_an_observation_shared_with_them(org):
    observation = ObservationFactory(agent=org.agent_a1, observer=org.coach_a)
    observation_acknowledge(actor=org.agent_a1, observation=observation)
    observation.refresh_from_db()
    assert observation.acknowledged_at is not None


def test_acknowledging_twice_keeps_the_first_time(org):
    first = clock.now() - datetime.timedelta(days=2)
    observation = ObservationFactory(agent=org.agent_a1, acknowledged_at=first)
    observation_acknowledge(actor=org.agent_a1, observation=observation)
    observation.refresh_from_db()
    assert observation.acknowledged_at == first


def test_an_acknowledgement_given_earlier_keeps_its_time(org):
    observation = ObservationFactory(agent=org.agent_a1, observer=org.coach_a)
    earlier = clock.now() - datetime.timedelta(days=3)
    observation_acknowledge(actor=org.agent_a1, observation=observation, acknowledged_at=earlier)
    observation.refresh_from_db()
    assert observation.acknowledged_at == earlier


@pytest.mark.parametrize("actor", ["agent_a2", "coach_a", "manager_a", "admin"])
def test_only_the_agent_may_acknowledge_their_observation(org, actor):
    observation = ObservationFactory(agent=org.agent_a1, observer=org.coach_a)
    with pytest.raises(PermissionDenied):
        observation_acknowledge(actor=getattr(org, actor), observation=observation)
    observation.refresh_from_db()
    assert observation.acknowledged_at is None


def test_an_observation_not_shared_cannot_be_acknowledged(org):
    observation = ObservationFactory(agent=org.agent_a1, shared_with_agent=False)
    with pytest.raises(PermissionDenied):
        observation_acknowledge(actor=org.agent_a1, observation=observation)
    observation.refresh_from_db()
    assert observation.acknowledged_at is None


# Disputing


@pytest.fixture
def rating(org, listening):
    return BehaviourRatingFactory(
        observation=ObservationFactory(agent=org.agent_a1, observer=org.coach_a), behaviour=listening, score=2
    )


def test_the_agent_disputes_a_rating_with_a_comment(org, rating):
    rating_dispute(actor=org.agent_a1, rating=rating, comment="  I did summarise, after the hold.  ")
    rating.refresh_from_db()
    assert rating.dispute_status == DisputeStatus.OPEN
    assert rating.dispute_comment == "I did summarise, after the hold."
    assert rating.disputed_at is not None
    assert rating.score == 2


def test_a_dispute_raised_earlier_keeps_its_time(org, rating):
    earlier = clock.now() - datetime.timedelta(days=3)
    rating_dispute(actor=org.agent_a1, rating=rating, comment="I did summarise.", disputed_at=earlier)
    rating.refresh_from_db()
    assert (rating.dispute_status, rating.disputed_at) == (DisputeStatus.OPEN, earlier)


def test_a_dispute_needs_a_comment(org, rating):
    with pytest.raises(ValidationError) as error:
        rating_dispute(actor=org.agent_a1, rating=rating, comment="   ")
    assert "comment" in error.value.message_dict
    rating.refresh_from_db()
    assert rating.dispute_status == DisputeStatus.NONE


@pytest.mark.parametrize("actor", ["agent_a2", "coach_a", "manager_a", "admin"])
def test_only_the_agent_may_dispute_their_rating(org, rating, actor):
    with pytest.raises(PermissionDenied):
        rating_dispute(actor=getattr(org, actor), rating=rating, comment="Not fair")
    rating.refresh_from_db()
    assert rating.dispute_status == DisputeStatus.NONE


def test_a_rating_of_an_observation_not_shared_cannot_be_disputed(org, rating):
    Observation.objects.filter(pk=rating.observation_id).update(shared_with_agent=False)
    rating.refresh_from_db()
    with pytest.raises(PermissionDenied):
        rating_dispute(actor=org.agent_a1, rating=rating, comment="Not fair")


def test_a_rating_has_one_open_dispute_at_a_time(org, rating):
    rating_dispute(actor=org.agent_a1, rating=rating, comment="First")
    with pytest.raises(ValidationError, match="already disputed"):
        rating_dispute(actor=org.agent_a1, rating=rating, comment="Second")
    rating.refresh_from_db()
    assert rating.dispute_comment == "First"


def test_an_answered_dispute_stays_on_the_record_and_cannot_be_reopened(org, rating):
    rating_dispute(actor=org.agent_a1, rating=rating, comment="First")
    rating_resolve(actor=org.coach_a, rating=rating, response="Kept, see the recording.")
    with pytest.raises(ValidationError, match="answered already"):
        rating_dispute(actor=org.agent_a1, rating=rating, comment="Again")
    rating.refresh_from_db()
    assert (rating.dispute_status, rating.dispute_comment) == (DisputeStatus.UPHELD, "First")


# Answering


@pytest.fixture
def disputed(org, rating):
    rating_dispute(actor=org.agent_a1, rating=rating, comment="I did summarise.")
    rating.refresh_from_db()
    return rating


def test_keeping_a_rating_records_the_answer_and_leaves_the_score(org, disputed):
    rating_resolve(actor=org.coach_a, rating=disputed, response="The summary came after the solution.")
    disputed.refresh_from_db()
    assert disputed.dispute_status == DisputeStatus.UPHELD
    assert (disputed.score, disputed.original_score) == (2, None)
    assert disputed.dispute_response == "The summary came after the solution."
    assert disputed.resolved_by == org.coach_a and disputed.resolved_at is not None
    assert disputed.dispute_comment == "I did summarise."


def test_changing_a_rating_keeps_the_original_score(org, disputed):
    rating_resolve(actor=org.coach_a, rating=disputed, response="You're right.", new_score=4)
    disputed.refresh_from_db()
    assert disputed.dispute_status == DisputeStatus.CHANGED
    assert (disputed.original_score, disputed.score) == (2, 4)


def test_an_answer_given_earlier_keeps_its_time(org, disputed):
    earlier = clock.now() - datetime.timedelta(days=2)
    rating_resolve(actor=org.coach_a, rating=disputed, response="You're right.", new_score=3, resolved_at=earlier)
    disputed.refresh_from_db()
    assert (disputed.dispute_status, disputed.resolved_at) == (DisputeStatus.CHANGED, earlier)


def test_an_answer_needs_a_response(org, disputed):
    with pytest.raises(ValidationError) as error:
        rating_resolve(actor=org.coach_a, rating=disputed, response="  ", new_score=4)
    assert "response" in error.value.message_dict
    disputed.refresh_from_db()
    assert (disputed.dispute_status, disputed.score) == (DisputeStatus.OPEN, 2)


@pytest.mark.parametrize("new_score", [0, 6])
def test_a_changed_score_stays_on_the_scale(org, disputed, new_score):
    with pytest.raises(ValidationError, match="Scores go from 1 to 5"):
        rating_resolve(actor=org.coach_a, rating=disputed, response="Changed", new_score=new_score)
    disputed.refresh_from_db()
    assert (disputed.dispute_status, disputed.score) == (DisputeStatus.OPEN, 2)


def test_changing_to_the_same_score_is_rejected(org, disputed):
    with pytest.raises(ValidationError, match="different score"):
        rating_resolve(actor=org.coach_a, rating=disputed, response="Changed", new_score=2)


def test_a_rating_without_an_open_dispute_cannot_be_answered(org, rating):
    with pytest.raises(ValidationError, match="no open dispute"):
        rating_resolve(actor=org.coach_a, rating=rating, response="Kept")


@pytest.mark.parametrize("actor", ["coach_a", "manager_a", "admin"])
def test_coaches_of_the_agent_the_teams_manager_and_admin_answer_disputes(org, disputed, actor):
    rating_resolve(actor=getattr(org, actor), rating=disputed, response="Kept")
    disputed.refresh_from_db()
    assert disputed.resolved_by == getattr(org, actor)


def test_the_observer_answers_even_after_no_longer_covering_the_team(org, disputed):
    org.team_a.coaches.remove(org.coach_a)
    rating_resolve(actor=org.coach_a, rating=disputed, response="Kept")
    disputed.refresh_from_db()
    assert disputed.dispute_status == DisputeStatus.UPHELD


@pytest.mark.parametrize("actor", ["agent_a1", "agent_a2", "manager_b"])
def test_the_agent_and_outsiders_cannot_answer_a_dispute(org, disputed, actor):
    with pytest.raises(PermissionDenied):
        rating_resolve(actor=getattr(org, actor), rating=disputed, response="Changed", new_score=5)
    disputed.refresh_from_db()
    assert (disputed.dispute_status, disputed.score) == (DisputeStatus.OPEN, 2)


# Demo data


@pytest.fixture
def demo(demo_data):
    """The demo's observation counts, as ``seed_observations`` returns them."""
    return {
        "behaviours": Behaviour.objects.count(),
        "observations": Observation.objects.count(),
        "ratings": BehaviourRating.objects.count(),
        "sessions": CoachingSession.objects.count(),
    }


def test_demo_catalogue_has_the_six_behaviours_linked_to_metrics_by_code(db):
    for code in ("FCR", "CSAT", "NPS", "QA", "AHT"):
        MetricFactory(code=code)
    catalogue = seed_behaviours()
    assert set(catalogue) == {
        "Listening",
        "Courtesy",
        "Tone of voice",
        "Empathy",
        "Ownership of the resolution",
        "Accuracy and compliance",
    }
    assert {m.code for m in catalogue["Ownership of the resolution"].metrics.all()} == {"FCR", "CSAT", "NPS"}
    assert all(behaviour.good_looks_like for behaviour in catalogue.values())
    assert seed_behaviours().keys() == catalogue.keys()
    assert Behaviour.objects.count() == 6


def test_demo_observations_cover_the_coachs_agents_over_150_days(today, demo):
    coach = User.objects.get(username="coach")
    covered = TeamMembership.objects.on(today).filter(team__coaches=coach).values_list("agent", flat=True)
    observed = Observation.objects.all()
    assert demo["observations"] == observed.count() >= 100
    assert set(observed.values_list("agent", flat=True)) == set(covered)
    first, last = observed.order_by("observed_at").first(), observed.order_by("observed_at").last()
    assert (last.observed_at.date() - first.observed_at.date()).days >= 120
    assert last.observed_at.date() < today
    assert CoachingSession.objects.filter(follow_up_on__gt=today).exists()
    assert CoachingSession.objects.count() == demo["sessions"] >= 40
    assert not CoachingSession.objects.filter(follow_up_on__lt=F("held_on")).exists()


def test_demo_ratings_improve_for_the_improving_agents(demo):
    for employee_id in ("E1001", "E1005", "E1014"):
        ratings = BehaviourRating.objects.filter(observation__agent__employee_id=employee_id).order_by(
            "observation__observed_at"
        )
        scores = [rating.original_score or rating.score for rating in ratings]
        third = len(scores) // 3
        assert sum(scores[-third:]) / third > sum(scores[:third]) / third + 0.8, employee_id


def test_demo_agent_has_an_acknowledged_an_open_and_answered_disputes(demo):
    mine = Observation.objects.filter(agent__username="agent")
    assert mine.filter(shared_with_agent=True, acknowledged_at__isnull=False).exists()
    ratings = BehaviourRating.objects.filter(observation__agent__username="agent")
    assert ratings.filter(dispute_status=DisputeStatus.OPEN).count() == 1
    changed = ratings.get(dispute_status=DisputeStatus.CHANGED)
    assert changed.original_score == changed.score - 1 and changed.dispute_response and changed.resolved_by
    assert ratings.filter(dispute_status=DisputeStatus.UPHELD).exists()
    assert CoachingSession.objects.filter(agent__username="agent").count() >= 2


def test_demo_observations_twice_gives_the_same_records(today, demo):
    before = (
        list(Observation.objects.order_by("pk").values_list("agent", "observed_at", "acknowledged_at")),
        list(BehaviourRating.objects.order_by("pk").values_list("behaviour", "score", "dispute_status")),
        list(CoachingSession.objects.order_by("pk").values_list("agent", "held_on", "follow_up_on")),
    )
    again = seed_observations(today=today)
    after = (
        list(Observation.objects.order_by("pk").values_list("agent", "observed_at", "acknowledged_at")),
        list(BehaviourRating.objects.order_by("pk").values_list("behaviour", "score", "dispute_status")),
        list(CoachingSession.objects.order_by("pk").values_list("agent", "held_on", "follow_up_on")),
    )
    assert after == before
    assert again == demo
