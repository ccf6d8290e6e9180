"""The visibility policy of people and teams, role by role."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from coaching import clock
from coaching.models import MetricValue, TeamMembership
from coaching.permissions import (
    HomeKind,
    agents_visible_to,
    can_filter_records_by_team,
    get_agent_or_404,
    get_record_or_404,
    get_team_or_404,
    home_kind,
    may_coach,
    may_manage,
    may_see_only_own_records,
    may_see_whole_organisation,
    records_visible_to,
    teams_managed_by,
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


def test_a_manager_manages_their_own_teams_and_an_administrator_every_team(org):
    assert set(teams_managed_by(org.manager_a)) == {org.team_a}
    assert set(teams_managed_by(org.admin)) == {org.team_a, org.team_b}
    assert not teams_managed_by(org.coach_a).exists()  # covers team A, does not manage it
    assert not teams_managed_by(org.agent_a1).exists()
    org.manager_a.is_active = False
    assert not teams_managed_by(org.manager_a).exists()


def test_records_narrow_to_a_team_only_for_those_who_see_it_and_for_agents_own_records(org):
    assert can_filter_records_by_team(org.manager_a, org.team_a)
    assert can_filter_records_by_team(org.coach_a, org.team_a)
    assert can_filter_records_by_team(org.admin, org.team_b)
    assert can_filter_records_by_team(org.agent_a1, org.team_b)  # still only their own records
    assert not can_filter_records_by_team(org.manager_a, org.team_b)
    assert not can_filter_records_by_team(org.coach_a, org.team_b)
    assert not can_filter_records_by_team(AnonymousUser(), org.team_a)


def test_managers_and_administrators_manage_while_coaches_and_agents_do_not(org):
    assert may_manage(org.manager_a)
    assert may_manage(org.admin)
    assert not may_manage(org.coach_a)
    assert not may_manage(org.agent_a1)
    assert not may_manage(AnonymousUser())
    org.manager_b.is_active = False
    assert not may_manage(org.manager_b)


def test_coaches_managers_and_administrators_coach_while_agents_do_not(org):
    assert may_coach(org.coach_a)
    assert may_coach(org.manager_a)
    assert may_coach(org.admin)
    assert not may_coach(org.agent_a1)
    assert not may_coach(AnonymousUser())
    org.coach_a.is_active = False
    assert not may_coach(org.coach_a)


def test_only_agents_see_only_their_own_records_and_a_superuser_never_does(org):
    assert may_see_only_own_records(org.agent_a1)
    for user in (org.manager_a, org.coach_a, org.admin, AnonymousUser()):
        assert not may_see_only_own_records(user)
    org.agent_a2.is_superuser = True
    assert not may_see_only_own_records(org.agent_a2)


def test_only_administrators_see_the_whole_organisation(org):
    assert may_see_whole_organisation(org.admin)
    for user in (org.manager_a, org.coach_a, org.agent_a1, AnonymousUser()):
        assert not may_see_whole_organisation(user)


def test_each_role_gets_its_own_home_and_a_superuser_the_administrators(org):
    assert home_kind(org.agent_a1) == HomeKind.AGENT
    assert home_kind(org.manager_a) == HomeKind.MANAGER
    assert home_kind(org.coach_a) == HomeKind.COACH
    assert home_kind(org.admin) == HomeKind.ADMINISTRATOR
    org.agent_a2.is_superuser = True
    assert home_kind(org.agent_a2) == HomeKind.ADMINISTRATOR
