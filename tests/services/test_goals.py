"""Goal services: baseline from history, SMART-gated activation, adjustments, closing, templates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coaching import clock
from coaching.models import Direction, Goal, GoalAdjustment, GoalStatus, GoalTemplate, TargetKind
from coaching.services.goals import (
    goal_activate,
    goal_adjust,
    goal_close,
    goal_create,
    goal_template_apply,
    goal_template_create,
)

from ..factories import AgentFactory, GoalFactory, MembershipFactory, MetricFactory, MetricValueFactory

# Frozen on a Wednesday so that periods and projections are the same on every run.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC), tick=False),
]


@pytest.fixture
def fcr(today, org):
    """FCR history: agent_a1 steady at 70 % (heavy days) / 80 % (light days); agent_a2 at 90 %."""
    metric = MetricFactory(code="FCR")
    for n in range(1, 61):
        day = today - datetime.timedelta(days=n)
        MetricValueFactory(
            agent=org.agent_a1,
            metric=metric,
            day=day,
            value=Decimal(70 if n % 2 else 80),
            sample_size=30 if n % 2 else 10,
            team=org.team_a,
        )
        MetricValueFactory(
            agent=org.agent_a2, metric=metric, day=day, value=Decimal(90), sample_size=20, team=org.team_a
        )
    return metric


def create(org, metric, **changes):
    today = clock.today()
    values = dict(
        actor=org.manager_a,
        metric=metric,
        agent=org.agent_a1,
        title="FCR up",
        objective="Fewer repeat calls",
        description="FCR on all inbound calls, from the ACD export.",
        target=Decimal(80),
        start_date=today,
        due_date=today + datetime.timedelta(days=60),
        today=today,
    )
    values.update(changes)
    return goal_create(**values)


def test_baseline_is_weighted_by_sample_and_shows_its_window(today, org, fcr):
    goal = create(org, fcr).goal
    # 30 heavy days at 70 % × 30 contacts and 30 light days at 80 % × 10: (63000 + 24000) / 1200.
    assert goal.baseline == Decimal("72.5")
    assert goal.baseline_end == today - datetime.timedelta(days=1)
    assert goal.baseline_start == today - datetime.timedelta(days=90)
    assert goal.baseline_sample == 1200


def test_a_sound_goal_goes_live(org, fcr):
    created = create(org, fcr)
    assert created.check.passes
    assert created.goal.status == GoalStatus.ACTIVE


def test_a_goal_beyond_what_anyone_sustained_stays_a_draft(today, org, fcr):
    created = create(org, fcr, target=Decimal(95))  # the best peer sustained 90 %
    assert not created.check.passes
    assert [c.key for c in created.check.failures] == ["achievable"]
    assert created.goal.status == GoalStatus.DRAFT
    with pytest.raises(ValidationError, match="stays a draft"):
        goal_activate(goal=created.goal, actor=org.manager_a, today=today)
    created.goal.refresh_from_db()
    assert created.goal.status == GoalStatus.DRAFT


def test_a_draft_goes_live_once_fixed(today, org, fcr):
    goal = create(org, fcr, objective="").goal
    assert goal.status == GoalStatus.DRAFT
    goal.objective = "Fewer repeat calls lower cost per contact"
    goal.save()
    goal_activate(goal=goal, actor=org.manager_a, today=today)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE
    assert goal.adjustments.get().kind == GoalAdjustment.Kind.STATUS


def test_team_goal_baseline_uses_values_attributed_to_the_team(org, fcr):
    goal = create(org, fcr, agent=None, team=org.team_a, target=Decimal(85)).goal
    assert goal.baseline == (Decimal(87000) + Decimal(90 * 20 * 60)) / Decimal(1200 + 20 * 60)


def test_adjusting_keeps_old_and_new_values_with_the_reason(today, org, fcr):
    goal = create(org, fcr).goal
    goal_adjust(
        goal=goal,
        actor=org.manager_a,
        reason="New IVR routes simple calls away",
        target=Decimal(78),
        due_date=today + datetime.timedelta(days=75),
        today=today,
    )
    goal.refresh_from_db()
    assert goal.target == Decimal(78)
    changes = {(a.kind, a.old_value, a.new_value, a.reason) for a in goal.adjustments.all()}
    assert (GoalAdjustment.Kind.TARGET, "80", "78", "New IVR routes simple calls away") in changes
    assert (
        GoalAdjustment.Kind.DUE_DATE,
        (today + datetime.timedelta(days=60)).isoformat(),
        (today + datetime.timedelta(days=75)).isoformat(),
        "New IVR routes simple calls away",
    ) in changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": " ", "target": Decimal(78)}, "Say why"),
        ({"reason": "x", "target": Decimal(120)}, "valid range"),
        ({"reason": "x", "due_in_days": 0}, "in the future"),
        ({"reason": "x"}, "Nothing to change"),
    ],
)
def test_bad_adjustments_are_refused_and_change_nothing(today, org, fcr, changes, message):
    goal = create(org, fcr).goal
    changes = dict(changes)
    if "due_in_days" in changes:
        changes["due_date"] = today + datetime.timedelta(days=changes.pop("due_in_days"))
    with pytest.raises(ValidationError, match=message):
        goal_adjust(goal=goal, actor=org.manager_a, today=today, **changes)
    goal.refresh_from_db()
    assert goal.target == Decimal(80)
    assert not goal.adjustments.exists()


def test_closing_records_outcome_and_review_and_blocks_further_changes(today, org, fcr):
    goal = create(org, fcr).goal
    with pytest.raises(ValidationError, match="short review"):
        goal_close(goal=goal, actor=org.manager_a, status=GoalStatus.ACHIEVED, review_note="")
    goal_close(goal=goal, actor=org.manager_a, status=GoalStatus.ACHIEVED, review_note="Call openings fixed it.")
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED and goal.closed_at and goal.review_note
    with pytest.raises(ValidationError, match="closed goal"):
        goal_adjust(goal=goal, actor=org.manager_a, reason="late", target=Decimal(79), today=today)
    with pytest.raises(ValidationError, match="already closed"):
        goal_close(goal=goal, actor=org.manager_a, status=GoalStatus.MISSED, review_note="again")


def test_template_applies_to_each_agent_with_their_own_baseline_and_only_once(today, org, fcr):
    newcomer = AgentFactory()
    MembershipFactory(agent=newcomer, team=org.team_a)
    template = goal_template_create(goal=create(org, fcr).goal, actor=org.manager_a, name="FCR push")
    assert template.duration_days == 60

    agents = [org.agent_a1, org.agent_a2, newcomer]
    first = goal_template_apply(template=template, actor=org.manager_a, agents=agents, start_date=today, today=today)
    goals = {item.goal.agent: item.goal for item in first.created}
    assert set(goals) == set(agents)
    assert goals[org.agent_a1].baseline == Decimal("72.5")
    assert goals[org.agent_a2].baseline == Decimal(90)
    assert goals[newcomer].baseline is None and goals[newcomer].status == GoalStatus.DRAFT  # no history

    again = goal_template_apply(template=template, actor=org.manager_a, agents=agents, start_date=today, today=today)
    assert again.created == [] and set(again.skipped) == set(agents)
    assert Goal.objects.filter(template=template).count() == 3


def test_an_agent_already_better_than_the_templates_target_gets_a_draft_with_the_reason(today, org, fcr):
    template = goal_template_create(goal=create(org, fcr).goal, actor=org.manager_a, name="FCR to 80")
    applied = goal_template_apply(
        template=template, actor=org.manager_a, agents=[org.agent_a1, org.agent_a2], start_date=today, today=today
    )
    goals = {item.goal.agent: item.goal for item in applied.created}
    assert goals[org.agent_a1].status == GoalStatus.ACTIVE  # 72.5 % → 80 %
    assert goals[org.agent_a2].status == GoalStatus.DRAFT  # already at 90 %: 80 % would ask for less
    (note,) = applied.notes
    assert note.agent == org.agent_a2 and note.goal == goals[org.agent_a2]
    assert "Already at 90" in note.reason and "kept as a draft" in note.reason
    assert not Goal.objects.filter(template=template, status=GoalStatus.ACTIVE, agent=org.agent_a2).exists()


def test_an_improvement_template_asks_each_agent_to_improve_their_own_baseline(today, org, fcr):
    newcomer = AgentFactory()
    template = goal_template_create(
        goal=create(org, fcr).goal,
        actor=org.manager_a,
        name="FCR +5",
        target_kind=TargetKind.IMPROVEMENT,
        improvement=Decimal(5),
    )
    assert template.target is None
    applied = goal_template_apply(
        template=template,
        actor=org.manager_a,
        agents=[org.agent_a1, org.agent_a2, newcomer],
        start_date=today,
        today=today,
    )
    goals = {item.goal.agent: item.goal for item in applied.created}
    assert goals[org.agent_a1].target == Decimal("77.5") and goals[org.agent_a1].status == GoalStatus.ACTIVE
    # 95 % is beyond what anyone sustained over 60 days: the SMART check keeps it a draft, and says so.
    assert goals[org.agent_a2].target == Decimal(95) and goals[org.agent_a2].status == GoalStatus.DRAFT
    notes = {note.agent: note for note in applied.notes}
    assert "Achievable" in notes[org.agent_a2].reason
    # Without history there is nothing to improve on: no goal, and the reason.
    assert newcomer not in goals and notes[newcomer].goal is None
    assert [note.agent for note in applied.refused] == [newcomer]


def test_an_improvement_on_a_lower_is_better_metric_asks_for_less(today, org):
    aht = MetricFactory(code="AHT", direction=Direction.LOWER, unit="seconds", min_value=0, max_value=7200)
    aht.decimal_places = 0
    aht.save()
    for n in range(1, 61):
        for agent, value in ((org.agent_a1, 400), (org.agent_a2, 330)):
            MetricValueFactory(agent=agent, metric=aht, day=today - datetime.timedelta(days=n), value=Decimal(value))
    template = goal_template_create(
        goal=create(org, aht, target=Decimal(380)).goal,
        actor=org.manager_a,
        name="AHT −20 s",
        target_kind=TargetKind.IMPROVEMENT,
        improvement=Decimal(20),
    )
    applied = goal_template_apply(
        template=template, actor=org.manager_a, agents=[org.agent_a1], start_date=today, today=today
    )
    assert applied.created[0].goal.target == Decimal(380)


def test_an_improvement_template_needs_an_improvement_above_zero(org, fcr):
    goal = create(org, fcr).goal
    for improvement in (None, Decimal(0), Decimal(-2)):
        with pytest.raises(ValidationError, match="improvement"):
            goal_template_create(
                goal=goal,
                actor=org.manager_a,
                name="FCR",
                target_kind=TargetKind.IMPROVEMENT,
                improvement=improvement,
            )
    assert not GoalTemplate.objects.exists()


def test_a_goal_is_for_a_team_or_an_agent_never_both(org, fcr):
    with pytest.raises(ValidationError, match="team or for one agent"):
        create(org, fcr, team=org.team_a)
    with pytest.raises(ValidationError):
        GoalFactory(agent=org.manager_b).full_clean()


def test_applying_a_template_reads_the_peers_history_once(today, org, fcr, monkeypatch):
    import coaching.services.goals as goal_services

    template = goal_template_create(goal=create(org, fcr).goal, actor=org.manager_a, name="FCR push")
    reads = []
    real = goal_services.peer_best_levels
    monkeypatch.setattr(goal_services, "peer_best_levels", lambda *a, **k: reads.append(1) or real(*a, **k))
    agents = [org.agent_a1, org.agent_a2, AgentFactory(), AgentFactory()]
    applied = goal_template_apply(template=template, actor=org.manager_a, agents=agents, start_date=today, today=today)
    assert len(applied.created) == 4 and len(reads) == 1
    assert applied.created[0].check.passes  # the shared peers still decide Achievable


def test_a_team_target_template_gives_each_agent_their_teams_live_target(today, org, fcr):
    team_goal = create(org, fcr, agent=None, team=org.team_a, target=Decimal(80)).goal
    assert team_goal.status == GoalStatus.ACTIVE
    template = goal_template_create(
        goal=create(org, fcr).goal, actor=org.manager_a, name="Reach the team's FCR", target_kind=TargetKind.TEAM
    )
    assert template.target is None and template.improvement is None
    teamless = AgentFactory()
    applied = goal_template_apply(
        template=template,
        actor=org.manager_a,
        agents=[org.agent_a1, org.agent_a2, org.agent_b1, teamless],
        start_date=today,
        today=today,
    )
    goals = {item.goal.agent: item.goal for item in applied.created}
    notes = {note.agent: note for note in applied.notes}
    assert goals[org.agent_a1].target == Decimal(80) and goals[org.agent_a1].status == GoalStatus.ACTIVE
    # Already at 90 %: the team's 80 % would ask for less, so it is a draft with the reason, never live.
    assert goals[org.agent_a2].status == GoalStatus.DRAFT and "Already at" in notes[org.agent_a2].reason
    # Team B has no live FCR goal, the other agent no team: no goal for either, each with the reason.
    assert {note.agent for note in applied.refused} == {org.agent_b1, teamless}
    assert str(org.team_b) in notes[org.agent_b1].reason
    assert "Not in a team" in notes[teamless].reason


def test_a_team_target_follows_the_live_team_goal_when_applied(today, org, fcr):
    template = goal_template_create(
        goal=create(org, fcr).goal, actor=org.manager_a, name="Team FCR", target_kind=TargetKind.TEAM
    )
    first = goal_template_apply(template=template, actor=org.manager_a, agents=[org.agent_a1], start_date=today)
    assert not first.created and first.refused
    create(org, fcr, agent=None, team=org.team_a, target=Decimal(78))
    second = goal_template_apply(template=template, actor=org.manager_a, agents=[org.agent_a1], start_date=today)
    assert second.created[0].goal.target == Decimal(78)
