"""Demo data for step 2: one-on-ones with notes, mood and action items, and expectations from team goals.

Everything goes through the step-2 services, so the demo shows what real use leaves
behind: open action items carried to the next agenda, expectations with suggested
targets, acknowledgements with comments. Deterministic (draws are seeded by username)
and safe to run twice for the same ``today``: a one-on-one is matched on
(agent, meeting time), an expectation on (goal, agent), an agenda point on its text.
"""

import datetime
import random
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from ..models import AgendaItem, Expectation, Goal, OneOnOne, User
from ..selectors.one_on_ones import team_goal_expectation_plan
from ..services.expectations import ExpectationDraft, expectation_acknowledge, expectations_create_for_team_goal
from ..services.one_on_ones import action_item_create, action_item_set_done, agenda_item_add, one_on_one_create
from .story import DEMO_AGENT, at

PAST_MEETINGS_DAYS_AGO = (42, 14)
UPCOMING_IN_DAYS = 3
AGENT_AGENDA_POINT = "Can I join the chat channel pilot next month?"

SHARED_NOTES = [
    "Went through last month's calls together. Openings are warm and confident; the wrap-up is where "
    "customers still ask 'so what happens now?'. Agreed to summarise next steps on every call.",
    "Talked about repeat contacts on billing disputes. Most come back because the refund date was not "
    "given. Practised saying the date and the reference number before closing.",
    "Good month: QA scores up and two compliments from customers. We looked at handle time on "
    "technical calls, where most of the time goes into holds while checking the knowledge base.",
    "Discussed the new script for cancellations. Comfortable with the offers, less with the silence "
    "after the customer says no. Will listen to two recordings from top performers.",
    "Schedule adherence slipped after lunch breaks. Talked it through; the shift swap helped. "
    "Agreed to check the real-time adherence view at the start of each break.",
]
PRIVATE_NOTES = [
    "Mentioned being tired with the new rota; keep an eye on it and offer the early shift if it continues.",
    "Ready for more responsibility: consider as buddy for the next new starter.",
    "Seemed frustrated about the last QA review; follow up with the coach on how feedback was given.",
    "Looking after a parent at the moment. Go gently on adherence for now; HR informed with consent.",
    "Asked about the team-lead track. Talk to operations about the next opening.",
]
ACTIONS = [
    # description, owned by the agent (else the manager), due after the meeting in days, done by now
    ("Summarise next steps and the reference number before closing every call", True, 14, True),
    ("Listen to two top-performer recordings on cancellations", True, 10, False),
    ("Book a side-by-side with the coach on hold times", False, 7, True),
    ("Ask workforce planning about an early-shift swap", False, 21, False),
    ("Use the knowledge-base shortcuts for router resets", True, 14, False),
]
MOTIVATORS = {
    "individual_motivator": "An extra half day off of your choice when you reach your own target.",
    "team_motivator": "Team lunch on the company when the team reaches the team target.",
    "reward_timing": "Announced at the first team meeting after the due date.",
}
COMMENTS = [
    "Sounds fair. I would like a side-by-side in the first weeks.",
    "",
    "OK for me, the target is a stretch but doable.",
    "Can we look at it again after the holiday peak?",
]


def seed_one_on_ones(
    *, today: datetime.date, managers_agents: Mapping[User, Iterable[User]], team_goals: Iterable[Goal]
) -> dict[str, int]:
    """Seed one-on-ones for each manager's agents and expectations for each team goal; returns counts.

    ``managers_agents`` maps each demo manager to the agents they hold one-on-ones with;
    ``team_goals`` are open team goals (``Goal.team`` set) to make personal. Each agent
    gets two past one-on-ones; the agent named ``"agent"`` also gets one in three days
    with a point they added themself. About two in three expectations are acknowledged.
    """
    with transaction.atomic():
        for manager, agents in managers_agents.items():
            for index, agent in enumerate(agents):
                _seed_meetings(manager, agent, index, today)
        goals = list(team_goals)
        for goal in goals:
            _seed_expectations(goal, today)
    agent_ids = [agent.pk for agents in managers_agents.values() for agent in agents]
    return {
        "one_on_ones": OneOnOne.objects.filter(agent_id__in=agent_ids).count(),
        "expectations": Expectation.objects.filter(goal__in=goals).count(),
    }


def _seed_meetings(manager: User, agent: User, index: int, today: datetime.date) -> None:
    rng = random.Random(f"one-on-ones-{agent.username}")
    hour = 9 + index % 7
    times = [at(today - datetime.timedelta(days=days + index % 4), hour) for days in PAST_MEETINGS_DAYS_AGO]
    upcoming = at(today + datetime.timedelta(days=UPCOMING_IN_DAYS), 10) if agent.username == DEMO_AGENT else None
    planned = [*times[1:], upcoming or at(today + datetime.timedelta(days=28 - index % 4), hour)]
    for number, (meeting_on, next_meeting_on) in enumerate(zip(times, planned, strict=True)):
        if OneOnOne.objects.filter(agent=agent, meeting_on=meeting_on).exists():
            continue
        one_on_one = one_on_one_create(
            actor=manager,
            agent=agent,
            meeting_on=meeting_on,
            shared_notes=rng.choice(SHARED_NOTES),
            private_notes=rng.choice(PRIVATE_NOTES),
            next_meeting_on=next_meeting_on,
            mood=rng.choices([2, 3, 4, 5], weights=[1, 3, 4, 2])[0],
            agenda=["How did last month go?", "Your KPIs against the team"]
            if number == 0
            else ["Progress since last time"],
        )
        for description, agents_own, due_in, done in rng.sample(ACTIONS, 2):
            item = action_item_create(
                one_on_one=one_on_one,
                actor=manager,
                description=description,
                owner=agent if agents_own else manager,
                due_date=meeting_on.date() + datetime.timedelta(days=due_in),
            )
            if done:
                action_item_set_done(action_item=item, actor=manager, done=True)
    if upcoming is None:
        return
    meeting = OneOnOne.objects.filter(agent=agent, meeting_on=upcoming).first()
    if meeting is None:
        meeting = one_on_one_create(
            actor=manager, agent=agent, meeting_on=upcoming, agenda=["Expectations for the quarter"]
        )
    if not AgendaItem.objects.filter(one_on_one=meeting, added_by=agent, text=AGENT_AGENDA_POINT).exists():
        # Added on the morning of the demo's today, while the meeting is still to come.
        agenda_item_add(one_on_one=meeting, actor=agent, text=AGENT_AGENDA_POINT, now=at(today, 9))


def _seed_expectations(goal: Goal, today: datetime.date) -> None:
    manager = goal.team.managers.order_by("pk").first() or goal.created_by
    plan = team_goal_expectation_plan(goal, today=today)
    drafts = []
    for index, row in enumerate(plan.open_rows):
        held = [meeting for meeting in row.one_on_ones if timezone.localtime(meeting.meeting_on).date() < today]
        target, reason = row.suggested, ""
        if index % 4 == 3 and goal.target != row.suggested:
            target, reason = (
                goal.target,
                "Set to the team target: new to this queue, so their own history says little yet.",
            )
        drafts.append(
            ExpectationDraft(
                agent=row.agent,
                target=target,
                suggested_target=row.suggested,
                target_reason=reason,
                one_on_one=held[0] if held else None,
            )
        )
    if drafts:
        expectations_create_for_team_goal(goal=goal, actor=manager, drafts=drafts, **MOTIVATORS)
    for index, expectation in enumerate(goal.expectations.select_related("agent").order_by("agent__username")):
        stays_pending = expectation.agent.username == DEMO_AGENT or index % 3 == 2
        if expectation.acknowledged_at is None and not stays_pending:
            expectation_acknowledge(
                expectation=expectation, actor=expectation.agent, comment=COMMENTS[index % len(COMMENTS)]
            )
