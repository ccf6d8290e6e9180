"""Reads of step 3: behaviour scores over time, when agents were last observed, goals and lists per viewer."""

import datetime

import pytest
from django.utils import timezone

from coaching.models import DisputeStatus, GoalStatus
from coaching.selectors.observations import (
    behaviour_scores,
    goals_for_agent,
    last_observed,
    observation_list,
    open_dispute_count,
    session_list,
)

from ..factories import (
    BehaviourFactory,
    BehaviourRatingFactory,
    CoachingSessionFactory,
    GoalFactory,
    ObservationFactory,
)

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def behaviours():
    return BehaviourFactory(name="Listening", display_order=10), BehaviourFactory(name="Empathy", display_order=20)


def observe(agent, day, ratings, **fields):
    observation = ObservationFactory(agent=agent, observed_at=at(day), **fields)
    for behaviour, score in ratings:
        BehaviourRatingFactory(observation=observation, behaviour=behaviour, score=score)
    return observation


def test_behaviour_scores_gives_each_behaviours_ratings_oldest_first_in_one_query(
    org, behaviours, django_assert_num_queries
):
    listening, empathy = behaviours
    later = observe(org.agent_a1, DAY + datetime.timedelta(days=10), [(empathy, 4), (listening, 3)])
    earlier = observe(org.agent_a1, DAY, [(listening, 2)])
    with django_assert_num_queries(1):
        series = behaviour_scores(org.agent_a1, DAY, DAY + datetime.timedelta(days=30))
    assert [line.behaviour.name for line in series] == ["Listening", "Empathy"]
    assert [(p.day, p.score, p.observation_id) for p in series[0].points] == [
        (DAY, 2, earlier.pk),
        (DAY + datetime.timedelta(days=10), 3, later.pk),
    ]
    assert series[0].latest.score == 3 and series[0].average == 2.5
    assert [(p.score, p.observation_id) for p in series[1].points] == [(4, later.pk)]


def test_behaviour_scores_keeps_to_the_window_and_the_agent(org, behaviours):
    listening, _empathy = behaviours
    observe(org.agent_a1, DAY - datetime.timedelta(days=1), [(listening, 1)])
    observe(org.agent_a1, DAY + datetime.timedelta(days=8), [(listening, 1)])
    observe(org.agent_a2, DAY, [(listening, 5)])
    inside = observe(org.agent_a1, DAY + datetime.timedelta(days=7), [(listening, 4)])
    series = behaviour_scores(org.agent_a1, DAY, DAY + datetime.timedelta(days=7))
    assert [(p.score, p.observation_id) for line in series for p in line.points] == [(4, inside.pk)]


def test_behaviour_scores_for_the_agent_as_viewer_leave_out_observations_not_shared(org, behaviours):
    listening, _empathy = behaviours
    observe(org.agent_a1, DAY, [(listening, 1)], shared_with_agent=False)
    shared = observe(org.agent_a1, DAY + datetime.timedelta(days=1), [(listening, 4)])
    window = (DAY, DAY + datetime.timedelta(days=5))
    mine = behaviour_scores(org.agent_a1, *window, viewer=org.agent_a1)
    assert [p.observation_id for p in mine[0].points] == [shared.pk]
    assert len(behaviour_scores(org.agent_a1, *window, viewer=org.coach_a)[0].points) == 2
    assert behaviour_scores(org.agent_a1, *window, viewer=org.manager_b) == []


def test_last_observed_gives_the_latest_time_per_agent_in_one_query(org, django_assert_num_queries):
    ObservationFactory(agent=org.agent_a1, observed_at=at(DAY))
    ObservationFactory(agent=org.agent_a1, observed_at=at(DAY, 15))
    ObservationFactory(agent=org.agent_b1, observed_at=at(DAY - datetime.timedelta(days=3)))
    with django_assert_num_queries(1):
        result = last_observed([org.agent_a1.pk, org.agent_a2.pk, org.agent_b1.pk])
    assert result == {org.agent_a1.pk: at(DAY, 15), org.agent_b1.pk: at(DAY - datetime.timedelta(days=3))}


def test_goals_for_an_agent_are_their_and_their_teams_open_goals_that_the_user_may_see(org):
    own = GoalFactory(agent=org.agent_a1)
    team = GoalFactory(agent=None, team=org.team_a)
    GoalFactory(agent=org.agent_a2)
    GoalFactory(agent=None, team=org.team_b)
    GoalFactory(agent=org.agent_a1, status=GoalStatus.CANCELLED)
    GoalFactory(agent=org.agent_a1, status=GoalStatus.ACHIEVED)
    assert set(goals_for_agent(org.coach_a, org.agent_a1)) == {own, team}
    assert set(goals_for_agent(org.agent_a1, org.agent_a1)) == {own, team}
    assert not goals_for_agent(org.manager_b, org.agent_a1).exists()


def test_observation_list_filters_by_agent_behaviour_and_open_disputes(org, behaviours):
    listening, empathy = behaviours
    a1_listening = observe(org.agent_a1, DAY, [(listening, 3)])
    a1_empathy = observe(org.agent_a1, DAY + datetime.timedelta(days=1), [(empathy, 2)])
    a2 = observe(org.agent_a2, DAY, [(listening, 3), (empathy, 3)])
    BehaviourRatingFactory(observation=a2, behaviour=BehaviourFactory(), dispute_status=DisputeStatus.OPEN)
    assert list(observation_list(org.coach_a)) == [a1_empathy, a2, a1_listening]  # same time: newest record first
    assert list(observation_list(org.coach_a, agent=org.agent_a1)) == [a1_empathy, a1_listening]
    assert list(observation_list(org.coach_a, behaviour=listening)) == [a2, a1_listening]
    assert list(observation_list(org.coach_a, open_disputes=True)) == [a2]
    assert observation_list(org.coach_a, open_disputes=True)[0].open_disputes == 1
    assert open_dispute_count(org.coach_a) == 1
    assert open_dispute_count(org.manager_b) == 0


def test_an_agent_lists_only_their_shared_observations(org, behaviours):
    listening, _empathy = behaviours
    shared = observe(org.agent_a1, DAY, [(listening, 3)])
    observe(org.agent_a1, DAY, [(listening, 3)], shared_with_agent=False)
    observe(org.agent_a2, DAY, [(listening, 3)])
    assert list(observation_list(org.agent_a1)) == [shared]


def test_session_list_is_scoped_to_the_viewer(org):
    mine = CoachingSessionFactory(agent=org.agent_a1, coach=org.coach_a)
    other = CoachingSessionFactory(agent=org.agent_b1)
    assert list(session_list(org.agent_a1)) == [mine]
    assert list(session_list(org.coach_a)) == [mine]
    assert set(session_list(org.admin)) == {mine, other}
    assert list(session_list(org.admin, agent=org.agent_b1)) == [other]
