"""Coaching records for ``bench/scale_data.py``, written set-based with the services' rules.

Calling ``one_on_one_create``, ``observation_create``, ``coaching_session_create``,
``expectations_create_for_team_goal`` and ``pulse_answer`` once per record costs a
transaction and a handful of queries each: about 20 minutes for 2,000 agents. Here each
step checks what its service checks, once per agent or per record in Python, then writes
with ``bulk_create``:

- who may write it: the same policy functions the services ask (``can_manage``,
  ``can_coach``, ``may_answer_pulse_surveys``), once per agent;
- the service's own rules (ratings of distinct, active behaviours on the 1–5 scale, a
  follow-up not before the session, nothing observed in the future, answers within each
  question's range, a round open on the day it is answered, the agent's team on that day);
- the model's validation (``full_clean``): field validators and ``clean()`` (a pulse
  answer within its question's range, a session not in the future). Foreign keys,
  unique and check constraints are left to the database, which enforces the same ones
  when the rows go in (``full_clean`` would ask it once per record).

Nothing here is called by the app; it is a bench helper, like ``import_bench``.
"""

import datetime
import random
from collections import defaultdict

BULK = 2_000
ONE_ON_ONES_PER_AGENT = 4
OBSERVATIONS_PER_AGENT = 5
PULSE_ROUNDS = 6
PULSE_SHARE = 0.7  # of the agents asked answer a round


class InvalidRecord(Exception):
    """A record the service would have refused: the data set would not be valid."""


def _validated(instance, *foreign_keys: str):
    """``instance`` after the model's validation, foreign keys and constraints left to the database."""
    instance.full_clean(exclude=list(foreign_keys), validate_unique=False, validate_constraints=False)
    return instance


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise InvalidRecord(message)


def current_members(today: datetime.date) -> dict[int, list]:
    """{team id: its agents on ``today``}, in the order the memberships were made."""
    from coaching.models import TeamMembership

    members = defaultdict(list)
    for membership in TeamMembership.objects.on(today).select_related("agent").order_by("team_id", "pk"):
        members[membership.team_id].append(membership.agent)
    return members


def one_on_ones(teams, members, *, today: datetime.date, now: datetime.datetime) -> tuple[int, int]:
    """Three past one-on-ones a month apart and one planned in the coming weeks, per agent; returns (meetings, items).

    Each past meeting agreed an action item the agent owns, due two weeks later: the
    older ones were done by then, the latest is still open and so carried over to the
    planned meeting's agenda. The rules of ``one_on_one_create`` (with its carry-over),
    ``action_item_create`` and ``action_item_set_done``.
    """
    from coaching.models import ActionItem, AgendaItem, OneOnOne
    from coaching.permissions import can_manage

    meetings, plans = [], []
    for team in teams:
        manager = next(iter(team.managers.all()))
        for index, agent in enumerate(members[team.pk]):
            _require(can_manage(manager, agent), f"{manager} does not manage {agent}")
            held = []
            for number in range(ONE_ON_ONES_PER_AGENT):
                days = 28 * (ONE_ON_ONES_PER_AGENT - 1 - number) - (3 + index % 20)
                meeting_on = datetime.datetime.combine(
                    today - datetime.timedelta(days=days), datetime.time(9 + index % 8), tzinfo=datetime.UTC
                )
                meeting = OneOnOne(
                    agent=agent,
                    manager=manager,
                    meeting_on=meeting_on,
                    shared_notes="Went through the last weeks' numbers together.",
                    mood=3 + index % 3 if days > 0 else None,
                )
                held.append(_validated(meeting, "agent", "manager"))
            meetings += held
            plans.append((manager, agent, held))
    OneOnOne.objects.bulk_create(meetings, batch_size=BULK)

    items, carried = [], []
    for manager, agent, held in plans:
        past = [meeting for meeting in held if meeting.meeting_on <= now]
        for number, meeting in enumerate(past):
            due = meeting.meeting_on.date() + datetime.timedelta(days=14)
            done_at = datetime.datetime.combine(due, datetime.time(17), tzinfo=datetime.UTC)
            latest = number == len(past) - 1
            item = ActionItem(
                one_on_one=meeting,
                description="Use the new summary at the end of every call.",
                owner=agent,
                due_date=due,
                done_at=None if latest else done_at,
            )
            _require(latest or done_at <= now, "an action item done in the future")
            items.append(_validated(item, "one_on_one", "owner"))
        for meeting in held:
            # What ``action_items_carry_over`` puts on a meeting: the items still open from earlier ones.
            for item in items[len(items) - len(past) :]:
                if item.one_on_one.meeting_on < meeting.meeting_on and (
                    item.done_at is None or item.done_at > meeting.meeting_on
                ):
                    carried.append((meeting, manager, item))
    ActionItem.objects.bulk_create(items, batch_size=BULK)
    AgendaItem.objects.bulk_create(
        (
            _validated(
                AgendaItem(one_on_one=meeting, added_by=manager, text=item.description[:300], carried_from=item),
                "one_on_one",
                "added_by",
                "carried_from",
            )
            for meeting, manager, item in carried
        ),
        batch_size=BULK,
    )
    return len(meetings), len(items)


def observations_and_sessions(teams, members, *, behaviours, now: datetime.datetime) -> tuple[int, int]:
    """Five observations of three behaviours per agent by their coach, a session after every other one.

    The rules of ``observation_create`` and ``coaching_session_create``.
    """
    from coaching.models import (
        RATING_MAX,
        RATING_MIN,
        BehaviourRating,
        CoachingSession,
        Observation,
        ObservationMethod,
        Role,
    )
    from coaching.permissions import can_coach
    from coaching.services.observations import FUTURE_TOLERANCE

    _require(all(behaviour.is_active for behaviour in behaviours), "a behaviour is not in the catalogue")
    today = now.date()
    observations, ratings, sessions, focus = [], [], [], []
    for team in teams:
        coach = next(iter(team.coaches.all()))
        for index, agent in enumerate(members[team.pk]):
            _require(agent.role == Role.AGENT, f"{agent} is not an agent")
            _require(can_coach(coach, agent), f"{coach} does not coach {agent}")
            rng = random.Random(agent.employee_id)
            for number in range(OBSERVATIONS_PER_AGENT):
                day = today - datetime.timedelta(days=150 - 30 * number + index % 10)
                chosen = rng.sample(behaviours, 3)
                observed_at = datetime.datetime.combine(day, datetime.time(10 + number), tzinfo=datetime.UTC)
                _require(observed_at <= now + FUTURE_TOLERANCE, "an observation in the future")
                observation = Observation(
                    agent=agent,
                    observer=coach,
                    observed_at=observed_at,
                    method=ObservationMethod.RECORDING,
                    shared_with_agent=True,
                )
                observations.append(_validated(observation, "agent", "observer", "goal"))
                scores = [rng.randint(2, 5) for _ in chosen]
                _require(len({b.pk for b in chosen}) == len(chosen), "a behaviour rated twice")
                _require(all(RATING_MIN <= score <= RATING_MAX for score in scores), "a score off the scale")
                ratings.append([(behaviour, score) for behaviour, score in zip(chosen, scores, strict=True)])
                if number % 2:
                    held_on = day + datetime.timedelta(days=1)
                    follow_up_on = day + datetime.timedelta(days=15)
                    _require(follow_up_on >= held_on, "a follow-up before its session")
                    session = CoachingSession(
                        agent=agent,
                        coach=coach,
                        held_on=held_on,
                        agreed_actions="Summarise the customer's need before solving it.",
                        follow_up_on=follow_up_on,
                    )
                    sessions.append(_validated(session, "agent", "coach"))
                    focus.append(chosen[:2])
    Observation.objects.bulk_create(observations, batch_size=BULK)
    BehaviourRating.objects.bulk_create(
        (
            _validated(
                BehaviourRating(observation=observation, behaviour=behaviour, score=score), "observation", "behaviour"
            )
            for observation, given in zip(observations, ratings, strict=True)
            for behaviour, score in given
        ),
        batch_size=BULK,
    )
    CoachingSession.objects.bulk_create(sessions, batch_size=BULK)
    through = CoachingSession.behaviours.through
    through.objects.bulk_create(
        (
            through(coachingsession_id=session.pk, behaviour_id=behaviour.pk)
            for session, chosen in zip(sessions, focus, strict=True)
            for behaviour in chosen
        ),
        batch_size=BULK,
    )
    return len(observations), len(sessions)


def expectations(plans) -> list:
    """Each plan's suggested personal targets, set for its agents as the manager accepts them.

    ``plans`` are ``team_goal_expectation_plan`` results. The rules of
    ``expectations_create_for_team_goal``; the agents are told by the function it calls
    (``notify_expectations_created``), so their notifications (and emails) are the real ones.
    """
    from decimal import Decimal

    from coaching.models import Expectation, GoalStatus
    from coaching.permissions import can_set_goals_for
    from coaching.rules.expectations import target_needs_reason
    from coaching.selectors.org import current_members
    from coaching.services.notifications import notify_expectations_created

    made = []
    for plan in plans:
        goal, actor = plan.goal, plan.goal.created_by
        _require(goal.team_id is not None and not goal.metric.per_team, f"{goal} is not a goal for agents' values")
        _require(can_set_goals_for(actor, team=goal.team), f"{actor} does not set goals for {goal.team}")
        _require(goal.is_open and goal.status != GoalStatus.DRAFT, f"{goal} is closed or a draft")
        members = set(current_members(goal.team).values_list("pk", flat=True))
        already = set(goal.expectations.values_list("agent_id", flat=True))
        for row in plan.open_rows:
            if row.suggested is None:
                continue
            agent, target = row.agent, row.suggested
            _require(agent.pk in members and agent.pk not in already, f"{agent} is not free for {goal}")
            _require(not target_needs_reason(target=target, suggested=row.suggested), "a target without its reason")
            _require(goal.metric.is_within_range(Decimal(target)), f"{agent}'s target is out of range")
            expectation = Expectation(goal=goal, agent=agent, target=target, suggested_target=target, created_by=actor)
            made.append(_validated(expectation, "goal", "agent", "one_on_one", "created_by"))
            already.add(agent.pk)
    Expectation.objects.bulk_create(made, batch_size=BULK)
    notify_expectations_created(made)
    return made


def pulse_answers(survey, rounds, *, members_on) -> int:
    """About 70 % of the agents asked answer each round on the day it opens (the rules of ``pulse_answer``).

    ``members_on(day)`` gives {agent id: (agent, team id)} for the memberships in force that day.
    """
    from coaching.models import PulseAnswer, PulseParticipation, PulseQuestionKind, PulseResponse
    from coaching.permissions import may_answer_pulse_surveys

    questions = [question for question in survey.questions.all() if question.kind != PulseQuestionKind.TEXT]
    survey_team_ids = set(survey.teams.values_list("pk", flat=True))
    rng = random.Random(7)
    answered = 0
    for pulse_round in rounds:
        day = pulse_round.opens_on
        _require(survey.is_active and pulse_round.is_open_on(day), "a round answered while closed")
        answered_at = datetime.datetime.combine(day, datetime.time(11), tzinfo=datetime.UTC)
        asked = set(
            PulseParticipation.objects.filter(round=pulse_round, answered_at__isnull=True).values_list(
                "agent_id", flat=True
            )
        )
        responses, answers, agent_ids = [], [], []
        for agent_id, (agent, team_id) in sorted(members_on(day).items()):
            if rng.random() > PULSE_SHARE:
                continue
            _require(may_answer_pulse_surveys(agent), f"{agent} may not answer pulse surveys")
            _require(not survey_team_ids or team_id in survey_team_ids, "a survey answered by a team it does not ask")
            _require(agent_id in asked, f"{agent} was not asked in this round, or answered it already")
            scores = [(question, rng.randint(*question.score_range())) for question in questions]
            responses.append(_validated(PulseResponse(round=pulse_round, team_id=team_id), "round", "team"))
            answers.append(scores)
            agent_ids.append(agent_id)
        PulseResponse.objects.bulk_create(responses, batch_size=BULK)
        PulseAnswer.objects.bulk_create(
            (
                _validated(PulseAnswer(response=response, question=question, score=score), "response", "question")
                for response, scores in zip(responses, answers, strict=True)
                for question, score in scores
            ),
            batch_size=BULK,
        )
        PulseParticipation.objects.filter(round=pulse_round, agent_id__in=agent_ids).update(answered_at=answered_at)
        answered += len(agent_ids)
    return answered
