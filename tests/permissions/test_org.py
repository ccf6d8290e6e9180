"""The visibility policy of people and teams, role by role."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from coaching import clock
from coaching.models import MetricValue, TeamMembership
from coaching.permissions import (
    agents_visible_to,
    get_agent_or_404,
    get_record_or_404,
    get_team_or_404,
    records_visible_to,
    teams_visible_to,
)

from ..factories import MembershipFactory, MetricValueFactory

pytestmark = pytest.mark.django_db


def names(queryset):
    return {user.username for user in queryset}


def test_an_agent_sees_only_themselves(org):
    assert names(agents_visible_to(org.agent_a1)) == {"agent_a1"}
    assert not teams_visible_to(org.agent_a1).exists()


def test_a_manager_sees_the_agents_of_their_teams_only(org):
    assert names(agents_visible_to(org.manager_a)) == {"agent_a1", "agent_a2"}
    assert set(teams_visible_to(org.manager_a)) == {org.team_a}


def test_a_coach_sees_the_agents_of_the_teams_they_cover(org):
    assert names(agents_visible_to(org.coach_a)) == {"agent_a1", "agent_a2"}
    org.team_b.coaches.add(org.coach_a)
    assert names(agents_visible_to(org.coach_a)) == {"agent_a1", "agent_a2", "agent_b1"}


def test_an_administrator_sees_everyone(org):
    assert names(agents_visible_to(org.admin)) == {"agent_a1", "agent_a2", "agent_b1"}
    assert set(teams_visible_to(org.admin)) == {org.team_a, org.team_b}


def test_anonymous_and_deactivated_users_see_nothing(org):
    assert not agents_visible_to(AnonymousUser()).exists()
    org.manager_a.is_active = False
    assert not agents_visible_to(org.manager_a).exists()
    org.agent_a1.is_active = False
    assert not records_visible_to(org.agent_a1, MetricValue.objects.all()).exists()


def test_an_agent_asking_for_another_agent_gets_404(org):
    assert get_agent_or_404(org.agent_a1, org.agent_a1.pk) == org.agent_a1
    with pytest.raises(Http404):
        get_agent_or_404(org.agent_a1, org.agent_a2.pk)


def test_not_yours_and_does_not_exist_look_the_same(org):
    with pytest.raises(Http404) as not_yours:
        get_agent_or_404(org.manager_a, org.agent_b1.pk)
    with pytest.raises(Http404) as missing:
        get_agent_or_404(org.manager_a, 999_999)
    assert str(not_yours.value) == str(missing.value)
    with pytest.raises(Http404):
        get_agent_or_404(org.manager_a, "not-a-number")
    with pytest.raises(Http404):
        get_team_or_404(org.manager_a, org.team_b.pk)


def test_records_follow_the_agents_a_user_may_see(org):
    mine = MetricValueFactory(agent=org.agent_a1)
    colleague = MetricValueFactory(agent=org.agent_a2, metric=mine.metric)
    other_team = MetricValueFactory(agent=org.agent_b1, metric=mine.metric)
    every = MetricValue.objects.all()
    assert set(records_visible_to(org.agent_a1, every)) == {mine}
    assert set(records_visible_to(org.manager_a, every)) == {mine, colleague}
    assert set(records_visible_to(org.coach_a, every)) == {mine, colleague}
    assert set(records_visible_to(org.manager_b, every)) == {other_team}
    assert set(records_visible_to(org.admin, every)) == {mine, colleague, other_team}
    with pytest.raises(Http404):
        get_record_or_404(org.agent_a1, every, colleague.pk)


def test_an_agent_who_left_the_team_leaves_the_old_managers_view(org):
    today = clock.today()
    TeamMembership.objects.filter(agent=org.agent_a2).update(end_date=today - datetime.timedelta(days=1))
    MembershipFactory(agent=org.agent_a2, team=org.team_b, start_date=today)
    assert names(agents_visible_to(org.manager_a)) == {"agent_a1"}
    assert names(agents_visible_to(org.manager_b)) == {"agent_a2", "agent_b1"}
