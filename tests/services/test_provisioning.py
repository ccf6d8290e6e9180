"""Provisioning services: only administrators create and change people, teams and memberships; rules hold."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching.models import BehaviourRating, CoachingSession, Observation, Role, Team, TeamMembership, User
from coaching.services.coaching_sessions import coaching_session_update
from coaching.services.observations import observation_update
from coaching.services.org import membership_end, membership_open, team_create, team_update, user_create, user_update
from tests.factories import (
    BehaviourFactory,
    BehaviourRatingFactory,
    CoachingSessionFactory,
    MetricFactory,
    MetricValueFactory,
    ObservationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["manager_a", "coach_a", "agent_a1"])
def test_only_administrators_provision_and_nothing_changes(org, who):
    actor = getattr(org, who)
    counts = (User.objects.count(), Team.objects.count(), TeamMembership.objects.count())
    membership = TeamMembership.objects.get(agent=org.agent_a1)
    attempts = [
        lambda: user_create(actor=actor, username="x", role=Role.ADMIN),
        lambda: user_update(actor=actor, person=org.agent_a2, role=Role.ADMIN),
        lambda: team_create(actor=actor, name="Shadow"),
        lambda: team_update(actor=actor, team=org.team_a, name="Mine"),
        lambda: membership_open(actor=actor, agent=org.agent_a1, team=org.team_b, start_date=datetime.date.today()),
        lambda: membership_end(actor=actor, membership=membership, end_date=datetime.date.today()),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert (User.objects.count(), Team.objects.count(), TeamMembership.objects.count()) == counts
    org.agent_a2.refresh_from_db()
    assert org.agent_a2.role == Role.AGENT


def test_a_person_created_without_a_password_has_no_usable_one(org):
    person = user_create(actor=org.admin, username=" hr.sync ", role=Role.ADMIN)
    assert person.username == "hr.sync" and not person.has_usable_password()
    assert not person.is_staff and not person.is_superuser


def test_removing_a_password_leaves_none_usable(org):
    user_update(actor=org.admin, person=org.coach_a, password="")
    org.coach_a.refresh_from_db()
    assert not org.coach_a.has_usable_password()


def test_ending_a_membership_takes_later_values_off_the_team(org, today):
    metric = MetricFactory(code="AHT")
    later = MetricValueFactory(
        agent=org.agent_b1, metric=metric, day=today - datetime.timedelta(days=1), team=org.team_b
    )
    membership = TeamMembership.objects.get(agent=org.agent_b1)
    membership_end(actor=org.admin, membership=membership, end_date=today - datetime.timedelta(days=2))
    later.refresh_from_db()
    assert later.team is None
    with pytest.raises(ValidationError):
        membership_end(actor=org.admin, membership=membership, end_date=today)


def test_an_observation_is_corrected_only_by_those_who_coach_the_agent(org):
    observation = ObservationFactory(agent=org.agent_a1, observer=org.coach_a)
    with pytest.raises(PermissionDenied):
        observation_update(actor=org.manager_b, observation=observation, summary="Mine")
    observation_update(actor=org.manager_a, observation=observation, summary="  Corrected ")
    observation.refresh_from_db()
    assert observation.summary == "Corrected"


def test_a_disputed_observation_stays_shared(org):
    observation = ObservationFactory(agent=org.agent_a1, observer=org.coach_a)
    BehaviourRatingFactory(observation=observation, behaviour=BehaviourFactory(), dispute_status="open")
    with pytest.raises(ValidationError):
        observation_update(actor=org.coach_a, observation=observation, shared_with_agent=False)
    assert Observation.objects.get(pk=observation.pk).shared_with_agent
    assert BehaviourRating.objects.filter(observation=observation).count() == 1


def test_a_session_is_corrected_only_by_those_who_coach_the_agent(org):
    session = CoachingSessionFactory(agent=org.agent_a1, coach=org.coach_a)
    session.behaviours.add(BehaviourFactory())
    with pytest.raises(PermissionDenied):
        coaching_session_update(actor=org.agent_a1, session=session, notes="Mine")
    with pytest.raises(ValidationError):
        coaching_session_update(actor=org.coach_a, session=session, behaviours=[])
    coaching_session_update(actor=org.coach_a, session=session, notes="Better")
    assert CoachingSession.objects.get(pk=session.pk).notes == "Better"
