"""Goal pages: who may see, create and change goals, and the live SMART check."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching import clock
from coaching.models import Goal, GoalStatus, GoalTemplate, Metric, MetricSource

from ..factories import GoalFactory, MembershipFactory, MetricFactory, MetricValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fcr(org):
    metric = MetricFactory(code="FCR", name="First-contact resolution")
    today = clock.today()
    for n in range(1, 41):
        for agent, value in ((org.agent_a1, 70), (org.agent_a2, 85), (org.agent_b1, 90)):
            team = org.team_b if agent == org.agent_b1 else org.team_a
            MetricValueFactory(
                agent=agent,
                metric=metric,
                day=today - datetime.timedelta(days=n),
                value=Decimal(value),
                sample_size=20,
                team=team,
            )
    return metric


def form_data(org, metric, **changes):
    today = clock.today()
    data = {
        "scope": "agent",
        "agent": org.agent_a1.pk,
        "team": "",
        "metric": metric.pk,
        "title": "FCR up",
        "description": "First-contact resolution on billing calls.",
        "objective": "Fewer repeat calls",
        "target": "78",
        "start_date": today.isoformat(),
        "due_date": (today + datetime.timedelta(days=60)).isoformat(),
        "activate": "on",
    }
    data.update(changes)
    return data


def test_manager_creates_an_active_goal_with_computed_baseline(client, org, fcr):
    client.force_login(org.manager_a)
    response = client.post(reverse("goal-create"), form_data(org, fcr))
    goal = Goal.objects.get()
    assert response.status_code == 302 and response.url == reverse("goal-detail", args=[goal.pk])
    assert goal.status == GoalStatus.ACTIVE
    assert goal.baseline == Decimal(70)
    assert goal.created_by == org.manager_a
    html = client.get(response.url).content.decode()
    assert "70.0 %" in html and "78.0 %" in html


def test_unachievable_goal_is_saved_as_draft_with_the_reason(client, org, fcr):
    client.force_login(org.manager_a)
    client.post(reverse("goal-create"), form_data(org, fcr, target="95"))
    goal = Goal.objects.get()
    assert goal.status == GoalStatus.DRAFT
    html = client.get(reverse("goal-detail", args=[goal.pk])).content.decode()
    assert "beyond the best level any of 3 comparable peers" in html


def test_live_check_explains_each_criterion(client, org, fcr):
    client.force_login(org.manager_a)
    html = client.post(reverse("goal-smart-check"), form_data(org, fcr, objective="", target="95")).content.decode()
    assert 'data-criterion="relevant" data-status="fail"' in html
    assert 'data-criterion="achievable" data-status="fail"' in html
    assert 'data-criterion="specific" data-status="pass"' in html
    assert "Baseline (computed)" in html and "70.0 %" in html
    assert not Goal.objects.exists()


@pytest.mark.parametrize("viewer", ["agent_a1", "coach_a"])
def test_agents_and_coaches_cannot_create_goals(client, org, fcr, viewer):
    client.force_login(getattr(org, viewer))
    assert client.get(reverse("goal-create")).status_code == 403
    assert client.post(reverse("goal-create"), form_data(org, fcr)).status_code == 403
    assert not Goal.objects.exists()


def test_a_manager_cannot_set_a_goal_for_another_teams_agent(client, org, fcr):
    client.force_login(org.manager_b)
    response = client.post(reverse("goal-create"), form_data(org, fcr))
    assert response.status_code == 200  # the agent is not among their choices
    assert "Select a valid choice" in response.content.decode()
    assert not Goal.objects.exists()


def test_form_errors_are_specific(client, org, fcr):
    client.force_login(org.manager_a)
    html = client.post(
        reverse("goal-create"),
        form_data(
            org,
            fcr,
            scope="team",
            team="",
            target="150",
            due_date=clock.today().isoformat(),
        ),
    ).content.decode()
    assert "Choose the team this goal is for." in html
    assert "The due date must come after the start date." in html
    assert "Outside the metric" in html
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("agent_a1", 200),
        ("manager_a", 200),
        ("coach_a", 200),
        ("admin", 200),
        ("agent_a2", 404),
        ("manager_b", 404),
    ],
)
def test_goal_detail_visibility(client, org, fcr, viewer, status):
    goal = GoalFactory(agent=org.agent_a1, metric=fcr, created_by=org.manager_a)
    client.force_login(getattr(org, viewer))
    assert client.get(reverse("goal-detail", args=[goal.pk])).status_code == status


def test_agent_sees_their_teams_goal_but_not_another_teams(client, org, fcr):
    mine = GoalFactory(agent=None, team=org.team_a, metric=fcr, title="Alpha FCR")
    other = GoalFactory(agent=None, team=org.team_b, metric=fcr, title="Bravo FCR")
    client.force_login(org.agent_a1)
    html = client.get(reverse("goal-list")).content.decode()
    assert "Alpha FCR" in html and "Bravo FCR" not in html
    assert client.get(reverse("goal-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("goal-detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("viewer", ["agent_a1", "coach_a", "manager_b"])
def test_only_the_teams_manager_adjusts_or_closes(client, org, fcr, viewer):
    goal = GoalFactory(agent=org.agent_a1, metric=fcr, target=Decimal(80))
    client.force_login(getattr(org, viewer))
    adjust = client.post(reverse("goal-adjust", args=[goal.pk]), {"target": "75", "reason": "because"})
    close = client.post(reverse("goal-close", args=[goal.pk]), {"status": "missed", "review_note": "no"})
    assert adjust.status_code in (403, 404) and close.status_code in (403, 404)
    goal.refresh_from_db()
    assert goal.target == Decimal(80) and goal.status == GoalStatus.ACTIVE
    assert not goal.adjustments.exists()


def test_manager_adjusts_with_a_reason_and_sees_the_history(client, org, fcr):
    goal = GoalFactory(agent=org.agent_a1, metric=fcr, target=Decimal(80), created_by=org.manager_a)
    client.force_login(org.manager_a)
    refused = client.post(reverse("goal-adjust", args=[goal.pk]), {"target": "76", "reason": ""}, follow=True)
    assert "This field is required" in refused.content.decode()
    client.post(reverse("goal-adjust", args=[goal.pk]), {"target": "76", "reason": "Peak season"})
    html = client.get(reverse("goal-detail", args=[goal.pk])).content.decode()
    assert "Target changed: 80 → 76" in html and "Peak season" in html
    client.post(reverse("goal-close", args=[goal.pk]), {"status": "achieved", "review_note": "Done by week 6"})
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED and goal.review_note == "Done by week 6"


def test_template_applied_to_a_whole_team_in_one_step(client, org, fcr):
    client.force_login(org.manager_a)
    client.post(reverse("goal-create"), form_data(org, fcr))
    goal = Goal.objects.get()
    response = client.post(reverse("goal-save-template", args=[goal.pk]), {"name": "FCR push"})
    template = GoalTemplate.objects.get()
    assert response.url == reverse("goal-template-apply", args=[template.pk])
    client.post(response.url, {"team": org.team_a.pk, "start_date": clock.today().isoformat()})
    applied = Goal.objects.filter(template=template)
    assert {g.agent for g in applied} == {org.agent_a1, org.agent_a2}
    assert {g.agent: g.baseline for g in applied} == {org.agent_a1: Decimal(70), org.agent_a2: Decimal(85)}
    client.post(response.url, {"team": org.team_a.pk, "start_date": clock.today().isoformat()})
    assert Goal.objects.filter(template=template).count() == 2


def test_applying_a_template_tells_the_manager_why_an_agent_got_only_a_draft(client, org, fcr):
    client.force_login(org.manager_a)
    client.post(reverse("goal-create"), form_data(org, fcr))  # 70 % → 78 %
    goal = Goal.objects.get()
    client.post(reverse("goal-save-template", args=[goal.pk]), {"name": "FCR to 78", "target_kind": "absolute"})
    template = GoalTemplate.objects.get()
    response = client.post(
        reverse("goal-template-apply", args=[template.pk]),
        {"team": org.team_a.pk, "start_date": clock.today().isoformat()},
        follow=True,
    )
    applied = {g.agent: g for g in Goal.objects.filter(template=template)}
    assert applied[org.agent_a1].status == GoalStatus.ACTIVE
    assert applied[org.agent_a2].status == GoalStatus.DRAFT  # at 85 % already: 78 % would ask for less
    assert f"{org.agent_a2}: Already at 85" in response.content.decode()


def test_a_template_saved_as_an_improvement_sets_each_agents_target_from_their_baseline(client, org, fcr):
    client.force_login(org.manager_a)
    client.post(reverse("goal-create"), form_data(org, fcr))
    goal = Goal.objects.get()
    page = client.get(reverse("goal-detail", args=[goal.pk])).content.decode()
    assert 'name="improvement" value="8.0"' in page  # the goal's own step, offered
    client.post(
        reverse("goal-save-template", args=[goal.pk]),
        {"name": "FCR +3", "target_kind": "improvement", "improvement": "3"},
    )
    template = GoalTemplate.objects.get()
    assert template.target is None and template.improvement == 3
    assert "baseline, improved by 3.0" in client.get(reverse("goal-template-list")).content.decode()
    client.post(
        reverse("goal-template-apply", args=[template.pk]),
        {"team": org.team_a.pk, "start_date": clock.today().isoformat()},
    )
    targets = {g.agent: g.target for g in Goal.objects.filter(template=template)}
    assert targets == {org.agent_a1: Decimal(73), org.agent_a2: Decimal(88)}


def test_an_improvement_template_without_the_improvement_is_refused(client, org, fcr):
    client.force_login(org.manager_a)
    client.post(reverse("goal-create"), form_data(org, fcr))
    goal = Goal.objects.get()
    client.post(reverse("goal-save-template", args=[goal.pk]), {"name": "FCR", "target_kind": "improvement"})
    assert not GoalTemplate.objects.exists()


def test_template_pages_are_for_goal_setters_only(client, org, fcr):
    client.force_login(org.agent_a1)
    assert client.get(reverse("goal-template-list")).status_code == 403


def test_goal_list_queries_do_not_grow_with_goals(client, org, fcr, django_assert_max_num_queries):
    client.force_login(org.manager_a)
    GoalFactory(agent=org.agent_a1, metric=fcr)
    GoalFactory(agent=None, team=org.team_a, metric=fcr)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("goal-list"))
    for _ in range(10):
        GoalFactory(agent=org.agent_a2, metric=fcr)
        GoalFactory(agent=None, team=org.team_a, metric=fcr)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("goal-list"))


def test_the_goal_form_refuses_engagement_for_one_agent_and_names_why(client, org):
    engagement = Metric.objects.get(source=MetricSource.PULSE_ENGAGEMENT)
    client.force_login(org.manager_a)
    response = client.post(reverse("goal-create"), form_data(org, engagement, target="80"))
    assert response.status_code == 200
    assert not Goal.objects.exists()
    assert "measured for a team as a whole" in response.context["form"].errors["metric"][0]


def test_the_goal_list_and_manager_home_show_each_goals_chance_in_queries_that_do_not_grow(client, org, fcr):
    def queries_and_pages():
        pages = {}
        with CaptureQueriesContext(connection) as captured:
            for name in ("home", "goal-list"):
                pages[name] = client.get(reverse(name)).content.decode()
        return len(captured), pages

    client.force_login(org.manager_a)
    GoalFactory(agent=org.agent_a1, metric=fcr, target=Decimal(72))
    GoalFactory(agent=None, team=org.team_a, metric=fcr, target=Decimal(95))
    few, pages = queries_and_pages()
    assert "% likely" in pages["home"] and "% likely" in pages["goal-list"]
    for number in range(10):
        agent = MembershipFactory(team=org.team_a).agent
        for days_ago in range(1, 41):
            MetricValueFactory(
                agent=agent, metric=fcr, day=clock.today() - datetime.timedelta(days=days_ago), value=80 + number
            )
        GoalFactory(agent=agent, metric=fcr, target=Decimal(85))
    many, pages = queries_and_pages()
    assert many == few
    assert pages["goal-list"].count("% likely") == 12
