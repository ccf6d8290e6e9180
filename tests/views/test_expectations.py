"""Expectation pages: setting them from a team goal, the agent's own view and acknowledgement, role by role."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching import clock
from coaching.models import Expectation

from ..factories import AgentFactory, ExpectationFactory, GoalFactory, MembershipFactory, MetricFactory, OneOnOneFactory

pytestmark = pytest.mark.django_db

PRIVATE = "PRIVATE-5b1e: thinking about leaving"


@pytest.fixture
def team_goal(org):
    """FCR for team Alpha, from 80 to 85; no KPI history, so each agent is suggested the team target."""
    return GoalFactory(
        metric=MetricFactory(code="FCR", name="First-contact resolution"),
        agent=None,
        team=org.team_a,
        title="Resolve it first time",
        target=Decimal(85),
        baseline=Decimal(80),
        created_by=org.manager_a,
    )


@pytest.fixture
def mine(org, team_goal):
    """agent_a1's expectation, agreed in a one-on-one whose private notes must stay private."""
    meeting = OneOnOneFactory(
        agent=org.agent_a1,
        manager=org.manager_a,
        meeting_on=clock.now() - datetime.timedelta(days=2),
        private_notes=PRIVATE,
    )
    return ExpectationFactory(
        goal=team_goal,
        agent=org.agent_a1,
        target=Decimal(84),
        one_on_one=meeting,
        created_by=org.manager_a,
        individual_motivator="Half day off",
        target_reason="Close to the team target already",
    )


def as_user(client, user):
    client.force_login(user)
    return client


def snapshot():
    return list(
        Expectation.objects.order_by("pk").values_list("pk", "agent", "target", "acknowledged_at", "agent_comment")
    )


# The list


def test_an_agent_sees_their_own_expectations_pending_first(client, org, team_goal, mine):
    older_goal = GoalFactory(agent=None, team=org.team_a, title="Older goal", created_by=org.manager_a)
    ExpectationFactory(goal=older_goal, agent=org.agent_a1, acknowledged_at=clock.now(), agent_comment="Fine")
    ExpectationFactory(goal=team_goal, agent=org.agent_a2, target=Decimal(77))
    html = as_user(client, org.agent_a1).get(reverse("expectation-list")).content.decode()
    assert "My expectations" in html
    assert html.index("Resolve it first time") < html.index("Older goal")
    assert "Half day off" in html and "Close to the team target already" in html
    assert reverse("expectation-acknowledge", args=[mine.pk]) in html
    assert "77.0" not in html and str(org.agent_a2) not in html
    assert PRIVATE not in html


@pytest.mark.parametrize("viewer", ["manager_a", "coach_a", "admin"])
def test_managers_coaches_and_admins_see_the_teams_expectations_with_their_status(client, org, mine, viewer):
    ExpectationFactory(goal=mine.goal, agent=org.agent_a2, acknowledged_at=clock.now(), agent_comment="Deal")
    html = as_user(client, getattr(org, viewer)).get(reverse("expectation-list")).content.decode()
    assert str(org.agent_a1) in html and str(org.agent_a2) in html
    assert "Not acknowledged" in html and "Deal" in html
    assert PRIVATE not in html
    assert reverse("expectation-acknowledge", args=[mine.pk]) not in html


def test_a_manager_of_another_team_sees_none_of_them(client, org, mine):
    html = as_user(client, org.manager_b).get(reverse("expectation-list")).content.decode()
    assert str(org.agent_a1) not in html
    assert "No expectations yet." in html


def test_the_list_filters_by_goal_and_status(client, org, mine):
    other_goal = GoalFactory(agent=None, team=org.team_a, title="Other goal", created_by=org.manager_a)
    ExpectationFactory(goal=other_goal, agent=org.agent_a2)
    client = as_user(client, org.manager_a)
    html = client.get(reverse("expectation-list"), {"goal": mine.goal.pk}).content.decode()
    assert str(org.agent_a1) in html and str(org.agent_a2) not in html
    html = client.get(reverse("expectation-list"), {"status": "acknowledged"}).content.decode()
    assert "No expectation matches these filters." in html


def test_filtering_by_a_goal_one_may_not_see_is_a_404(client, org, mine):
    assert as_user(client, org.manager_b).get(reverse("expectation-list"), {"goal": mine.goal.pk}).status_code == 404


def test_a_manager_is_offered_their_open_team_goals_to_make_personal(client, org, team_goal):
    html = as_user(client, org.manager_a).get(reverse("expectation-list")).content.decode()
    assert reverse("expectation-goal-create", args=[team_goal.pk]) in html
    html = as_user(client, org.manager_b).get(reverse("expectation-list")).content.decode()
    assert reverse("expectation-goal-create", args=[team_goal.pk]) not in html


@pytest.mark.parametrize("viewer", ["agent_a1", "manager_a"])
def test_the_lists_queries_do_not_grow_with_its_rows(client, org, team_goal, viewer, django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            goal = GoalFactory(agent=None, team=org.team_a, metric=team_goal.metric, created_by=org.manager_a)
            meeting = OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a)
            ExpectationFactory(goal=goal, agent=org.agent_a1, one_on_one=meeting)

    add(2)
    client = as_user(client, getattr(org, viewer))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("expectation-list"))
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("expectation-list")).status_code == 200


# Setting expectations from a team goal


def test_the_manager_sees_a_suggested_target_for_each_current_agent(client, org, team_goal):
    response = as_user(client, org.manager_a).get(reverse("expectation-goal-create", args=[team_goal.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert str(org.agent_a1) in html and str(org.agent_a2) in html and str(org.agent_b1) not in html
    assert f'name="agent_{org.agent_a1.pk}_target" value="85.0"' in html


def test_the_manager_sets_expectations_for_chosen_agents_in_one_step(client, org, team_goal):
    meeting = OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a)
    a1, a2 = org.agent_a1.pk, org.agent_a2.pk
    response = as_user(client, org.manager_a).post(
        reverse("expectation-goal-create", args=[team_goal.pk]),
        {
            f"agent_{a1}_include": "on",
            f"agent_{a1}_target": "85.0",
            f"agent_{a1}_one_on_one": meeting.pk,
            f"agent_{a2}_target": "85.0",
            "individual_motivator": "Half day off",
            "team_motivator": "Team lunch",
            "reward_timing": "End of quarter",
        },
    )
    assert response.status_code == 302
    expectation = Expectation.objects.get()
    assert (expectation.agent, expectation.target, expectation.suggested_target) == (
        org.agent_a1,
        Decimal(85),
        Decimal(85),
    )
    assert (expectation.one_on_one, expectation.team_motivator, expectation.created_by) == (
        meeting,
        "Team lunch",
        org.manager_a,
    )


def test_a_changed_target_without_a_reason_is_refused_and_nothing_is_saved(client, org, team_goal):
    a1 = org.agent_a1.pk
    response = as_user(client, org.manager_a).post(
        reverse("expectation-goal-create", args=[team_goal.pk]),
        {f"agent_{a1}_include": "on", f"agent_{a1}_target": "90"},
    )
    assert response.status_code == 200
    assert "Say why the target differs from the suggested one." in response.content.decode()
    assert not Expectation.objects.exists()


def test_a_changed_target_with_a_reason_is_kept_beside_the_suggestion(client, org, team_goal):
    a1 = org.agent_a1.pk
    as_user(client, org.manager_a).post(
        reverse("expectation-goal-create", args=[team_goal.pk]),
        {f"agent_{a1}_include": "on", f"agent_{a1}_target": "90", f"agent_{a1}_reason": "Best in the team"},
    )
    expectation = Expectation.objects.get()
    assert (expectation.target, expectation.suggested_target, expectation.target_reason) == (
        Decimal(90),
        Decimal(85),
        "Best in the team",
    )


def test_choosing_nobody_is_refused(client, org, team_goal):
    response = as_user(client, org.manager_a).post(reverse("expectation-goal-create", args=[team_goal.pk]), {})
    assert "Choose at least one agent." in response.content.decode()
    assert not Expectation.objects.exists()


def test_the_goal_page_shows_who_has_not_acknowledged(client, org, mine):
    ExpectationFactory(goal=mine.goal, agent=org.agent_a2, acknowledged_at=clock.now(), agent_comment="Deal")
    html = as_user(client, org.manager_a).get(reverse("expectation-goal-create", args=[mine.goal.pk])).content.decode()
    assert "1 agent has not acknowledged yet" in html
    assert "not acknowledged yet" in html and "Deal" in html
    assert "Every agent of the team has an expectation for this goal." in html
    assert PRIVATE not in html


def test_an_agent_who_joined_later_is_offered_beside_those_already_set(client, org, mine):
    newcomer = AgentFactory(username="newcomer")
    MembershipFactory(agent=newcomer, team=org.team_a, start_date=clock.today())
    html = as_user(client, org.manager_a).get(reverse("expectation-goal-create", args=[mine.goal.pk])).content.decode()
    assert f'name="agent_{newcomer.pk}_target"' in html
    assert f'name="agent_{org.agent_a1.pk}_target"' not in html


@pytest.mark.parametrize(
    ("user", "status"), [("coach_a", 403), ("agent_a1", 403), ("manager_b", 404), ("agent_b1", 404)]
)
def test_others_cannot_set_expectations_and_nothing_changes(client, org, team_goal, user, status):
    client = as_user(client, getattr(org, user))
    a1 = org.agent_a1.pk
    assert client.get(reverse("expectation-goal-create", args=[team_goal.pk])).status_code == status
    response = client.post(
        reverse("expectation-goal-create", args=[team_goal.pk]),
        {f"agent_{a1}_include": "on", f"agent_{a1}_target": "85.0"},
    )
    assert response.status_code == status
    assert not Expectation.objects.exists()


def test_an_agents_own_goal_has_no_expectations_page(client, org):
    agent_goal = GoalFactory(agent=org.agent_a1, created_by=org.manager_a)
    assert (
        as_user(client, org.manager_a).get(reverse("expectation-goal-create", args=[agent_goal.pk])).status_code == 404
    )


# Acknowledging


def test_the_agent_acknowledges_with_a_comment(client, org, mine):
    response = as_user(client, org.agent_a1).post(
        reverse("expectation-acknowledge", args=[mine.pk]), {"comment": "Sounds fair"}, follow=True
    )
    html = response.content.decode()
    assert "your manager sees that you acknowledged" in html
    mine.refresh_from_db()
    assert mine.acknowledged_at is not None and mine.agent_comment == "Sounds fair"
    assert reverse("expectation-acknowledge", args=[mine.pk]) not in html


def test_acknowledging_twice_shows_a_clear_message_and_keeps_the_first(client, org, mine):
    client = as_user(client, org.agent_a1)
    client.post(reverse("expectation-acknowledge", args=[mine.pk]), {"comment": "First"})
    before = snapshot()
    response = client.post(reverse("expectation-acknowledge", args=[mine.pk]), {"comment": "Second"}, follow=True)
    assert "You already acknowledged this expectation" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("user", "status"), [("agent_a2", 404), ("agent_b1", 404), ("manager_b", 404), ("manager_a", 403), ("coach_a", 403)]
)
def test_only_the_agent_acknowledges_and_nothing_changes_for_others(client, org, mine, user, status):
    before = snapshot()
    response = as_user(client, getattr(org, user)).post(
        reverse("expectation-acknowledge", args=[mine.pk]), {"comment": "X"}
    )
    assert response.status_code == status
    assert snapshot() == before


def test_acknowledging_takes_only_posts(client, org, mine):
    assert as_user(client, org.agent_a1).get(reverse("expectation-acknowledge", args=[mine.pk])).status_code == 405
