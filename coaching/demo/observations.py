"""Demo data for step 3: the behaviour catalogue, five months of observations and coaching sessions.

Called from ``seed_demo`` after people, teams, metrics and goals exist. Observations,
acknowledgements, disputes and their answers, and sessions go through the services of
step 3, back-dated to when the story has them happen, so the demo obeys the same rules as
real use. Deterministic (every random draw is seeded by the agent's employee id) and safe
to repeat: behaviours are matched by name, observations by (agent, observed_at), sessions
by (agent, held_on), and a record that exists already is left as it is, so disputes
answered in the app survive.
"""

import datetime
import random
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from ..models import (
    RATING_MAX,
    RATING_MIN,
    Behaviour,
    BehaviourRating,
    Channel,
    CoachingSession,
    Goal,
    GoalStatus,
    Metric,
    Observation,
    ObservationMethod,
    Team,
    TeamMembership,
    User,
)
from ..services.coaching_sessions import coaching_session_create
from ..services.observations import (
    RatingInput,
    observation_acknowledge,
    observation_create,
    rating_dispute,
    rating_resolve,
)
from .story import DEMO_AGENT, IMPROVING, at

OBSERVATION_DAYS = 150

# name, what good looks like, metric codes it drives
CATALOGUE = [
    (
        "Listening",
        "Lets the customer finish, asks open questions and summarises the need back before solving it; "
        "never makes the customer repeat themselves.",
        ["FCR", "CSAT", "AHT"],
    ),
    (
        "Courtesy",
        "Greets the customer by name, thanks them, says please and sorry where it matters, "
        "and never interrupts or talks over them.",
        ["CSAT", "NPS"],
    ),
    (
        "Tone of voice",
        "Warm, calm and confident; pace and volume matched to the customer; a smile you can hear, "
        "also when the customer is upset.",
        ["CSAT", "NPS", "QA"],
    ),
    (
        "Empathy",
        "Names what the customer feels (“I can hear this has been frustrating”) and shows it matters "
        "before moving to the fix.",
        ["CSAT", "NPS"],
    ),
    (
        "Ownership of the resolution",
        "Treats the problem as their own: does what they promise, avoids needless transfers, agrees a clear "
        "next step and checks nothing is left open.",
        ["FCR", "CSAT", "NPS"],
    ),
    (
        "Accuracy and compliance",
        "Verifies identity, gives correct information, follows the process and the regulations, "
        "and documents the contact fully.",
        ["QA", "FCR", "AHT"],
    ),
]

COMMENTS = {
    "Listening": (
        "Jumped to a solution before the customer had explained; we had to go back twice.",
        "Good open question at the start; the summary back to the customer was missing.",
        "Let the customer finish, summarised the need in one sentence and got it right first time.",
    ),
    "Courtesy": (
        "Talked over the customer twice while they were explaining the invoice.",
        "Polite throughout; used the customer's name only in the greeting.",
        "Thanked the customer for their patience and apologised for the error without being asked.",
    ),
    "Tone of voice": (
        "Sounded rushed and flat once the customer raised their voice.",
        "Friendly opening; the tone dropped during the hold and the wrap-up.",
        "Calm and warm the whole call, even when the customer got angry.",
    ),
    "Empathy": (
        "Went straight to the process when the customer said they were worried about the bill.",
        "Acknowledged the frustration once, then moved on quickly.",
        "Named the customer's worry and reassured them before explaining the fix.",
    ),
    "Ownership of the resolution": (
        "Transferred the customer without checking whether we could solve it here.",
        "Solved the main issue; no clear next step for the refund.",
        "Took it on, set up the refund, gave a date and offered to call back — nothing left open.",
    ),
    "Accuracy and compliance": (
        "Skipped the second security question and gave the wrong refund timeline.",
        "Process followed; the contact notes were too short to pick up from.",
        "Full verification, correct information and clear notes for the next person.",
    ),
}

ACTIONS = {
    "Listening": "Summarise the customer's need back in one sentence before offering a solution.",
    "Courtesy": "Use the customer's name at least twice and pause before answering.",
    "Tone of voice": "Listen back to two of your calls a week and mark where the tone drops.",
    "Empathy": "Name the customer's feeling once before moving to the fix.",
    "Ownership of the resolution": "End every call with a clear next step and a date; no transfer without a check.",
    "Accuracy and compliance": "Use the verification checklist on every call; write notes someone else can act on.",
}

COMMITMENTS = (
    "I will slow down at the start and let the customer finish before I answer.",
    "I'll summarise back what the customer needs, every call, and ask if I got it right.",
    "I want to stop transferring calls I can solve myself. I'll ask my team lead before I transfer.",
    "I'll listen to two of my own calls every Friday and bring one example to our next session.",
    "I'll end each call by telling the customer exactly what happens next and when.",
)

SUMMARIES = (
    "Several basics to rebuild; we agreed to work on one behaviour at a time.",
    "A solid call with clear room to grow; the customer left satisfied but it took longer than needed.",
    "A model call: warm, accurate and resolved first time. Worth sharing with the team.",
)

DISPUTE_COMMENTS = (
    "The customer asked me to skip the second security question because they were driving; I noted it in the contact.",
    "I did summarise the need, right after the hold — I think it was cut from the part you listened to.",
    "The transfer was the process for business accounts; I checked with the team lead first.",
)

CHANGED_RESPONSE = "You're right, I missed that part of the call. I've raised the score."
UPHELD_RESPONSE = "I hear you, but the process applies on every call; let's practise how to explain it to the customer."

METHODS = [ObservationMethod.SIDE_BY_SIDE, ObservationMethod.LIVE_LISTEN, ObservationMethod.RECORDING]
CHANNELS = [Channel.PHONE] * 7 + [Channel.CHAT] * 2 + [Channel.EMAIL]


@dataclass
class _Planned:
    """One observation of the plan, as its observer will record it, and when the agent acknowledged it."""

    agent: User
    observer: User
    observed_at: datetime.datetime
    channel: str
    method: str
    interaction_id: str
    recording_url: str
    summary: str
    goal: Goal | None
    shared_with_agent: bool
    ratings: list[RatingInput]
    acknowledged_at: datetime.datetime | None = None


def seed_behaviours() -> dict[str, Behaviour]:
    """Create or refresh the demo behaviour catalogue; returns {name: Behaviour}."""
    metrics = {metric.code: metric for metric in Metric.objects.all()}
    catalogue = {}
    with transaction.atomic():
        for order, (name, good_looks_like, codes) in enumerate(CATALOGUE, start=1):
            behaviour, _created = Behaviour.objects.update_or_create(
                name=name, defaults={"good_looks_like": good_looks_like, "display_order": order * 10}
            )
            behaviour.metrics.set([metrics[code] for code in codes if code in metrics])
            catalogue[name] = behaviour
    return catalogue


def seed_observations(*, today: datetime.date, coach_username: str = "coach") -> dict[str, int]:
    """Observations and coaching sessions for the agents of the teams ``coach_username`` covers.

    Spread over the last 150 days before ``today``; ratings rise for the improving agents.
    The demo agent (user "agent") gets an acknowledged observation, one with an open dispute
    and two with answered disputes (one rating changed, one kept). Returns counts.
    """
    with transaction.atomic():
        behaviours = list(seed_behaviours().values())
        coach = User.objects.get(username=coach_username)
        teams = Team.objects.filter(coaches=coach).prefetch_related("managers")
        managers = {team.pk: next(iter(team.managers.all()), None) for team in teams}
        memberships = (
            TeamMembership.objects.on(today).filter(team__in=teams).select_related("agent").order_by("agent__username")
        )
        counts = {"behaviours": len(behaviours), "observations": 0, "ratings": 0, "sessions": 0}
        for membership in memberships:
            agent = membership.agent
            first_day = max(today - datetime.timedelta(days=OBSERVATION_DAYS), membership.start_date)
            goal = Goal.objects.filter(agent=agent, status=GoalStatus.ACTIVE).order_by("due_date").first()
            plan = _plan_observations(agent, coach, managers[membership.team_id], behaviours, first_day, today, goal)
            for index, planned in enumerate(plan):
                age = len(plan) - 1 - index  # 0 is the newest
                observation = _store(planned, showcase_state=_showcase_state(agent, age))
                counts["observations"] += 1
                counts["ratings"] += len(planned.ratings)
                if age % 2 == 0:  # a session follows every other observation, the newest included
                    counts["sessions"] += _session_after(observation, planned, today, is_latest=age == 0)
    return counts


def _plan_observations(agent, coach, manager, behaviours, first_day, today, goal) -> list[_Planned]:
    rng = random.Random(f"observations-{agent.employee_id}")
    skill = random.Random(agent.employee_id).gauss(0, 1)  # the same draw as the KPI seed's skill
    weakest = rng.choice(behaviours)
    days = []
    day = today - datetime.timedelta(days=rng.randint(2, 6))
    while day >= first_day:
        workday = day - datetime.timedelta(days=max(0, day.weekday() - 4))  # weekends move to Friday
        if workday >= first_day:
            days.append(workday)
        day -= datetime.timedelta(days=rng.randint(14, 24))
    plan = []
    for number, day in enumerate(reversed(days)):
        progress = (day - (today - datetime.timedelta(days=OBSERVATION_DAYS))).days / OBSERVATION_DAYS
        lift = -1.2 + 2.4 * progress if agent.employee_id in IMPROVING else 0.0
        observer = manager if manager is not None and number % 4 == 3 else coach
        channel = rng.choice(CHANNELS)
        method = ObservationMethod.SIDE_BY_SIDE if channel != Channel.PHONE else rng.choice(METHODS)
        interaction_id = f"{channel[:2].upper()}-{day:%y%m%d}-{rng.randint(10000, 99999)}"
        observed_at = at(day, rng.randint(9, 16), rng.choice((0, 15, 30, 45)))
        ratings = []
        for behaviour in sorted(rng.sample(behaviours, rng.randint(3, 5)), key=lambda b: b.display_order):
            mean = 3.1 + 0.5 * skill + lift - (0.8 if behaviour == weakest else 0.0)
            score = max(RATING_MIN, min(RATING_MAX, round(mean + rng.gauss(0, 0.6))))
            comment = _comment(behaviour, score) if rng.random() < 0.8 else ""
            ratings.append(RatingInput(behaviour=behaviour, score=score, comment=comment))
        average = sum(rating.score for rating in ratings) / len(ratings)
        lowest = min(ratings, key=lambda rating: rating.score).behaviour
        summary = SUMMARIES[0 if average < 2.5 else (1 if average < 3.8 else 2)]
        planned = _Planned(
            agent=agent,
            observer=observer,
            observed_at=observed_at,
            channel=channel,
            interaction_id=interaction_id,
            recording_url=f"https://recordings.example.com/{interaction_id}" if method == "recording" else "",
            method=method,
            summary=f"{summary} Next focus: {lowest.name.lower()}.",
            goal=goal if goal is not None and goal.start_date <= day else None,
            shared_with_agent=rng.random() < 0.85,
            ratings=ratings,
        )
        if planned.shared_with_agent and (today - day).days > 7 and rng.random() < 0.75:
            planned.acknowledged_at = observed_at + datetime.timedelta(days=1, hours=rng.randint(0, 3))
        plan.append(planned)
    return plan


def _showcase_state(agent: User, age: int) -> str:
    """What the demo agent's observation ``age`` places from the newest shows."""
    if agent.username != DEMO_AGENT:
        return ""
    return {0: "open", 1: "acknowledged", 2: "changed", 3: "upheld"}.get(age, "")


def _comment(behaviour: Behaviour, score: int) -> str:
    """What the observer wrote about a rating of ``score`` for ``behaviour``."""
    return COMMENTS[behaviour.name][0 if score <= 2 else (1 if score == 3 else 2)]


def _store(planned: _Planned, *, showcase_state: str) -> Observation:
    """Record a planned observation as its observer would, unless one exists at the same time; returns it.

    The agent then acknowledges it and, for the demo agent, disputes a rating, which the
    observer answers, each at the moment the story says.
    """
    existing = Observation.objects.filter(agent=planned.agent, observed_at=planned.observed_at).first()
    if existing is not None:
        return existing
    ratings, shared_with_agent, acknowledged_at = planned.ratings, planned.shared_with_agent, planned.acknowledged_at
    disputed = None
    if showcase_state:
        shared_with_agent = True
        acknowledged_at = None if showcase_state == "open" else planned.observed_at + datetime.timedelta(hours=20)
    if showcase_state in ("open", "changed", "upheld"):
        disputed = min(ratings, key=lambda rating: rating.score)
        if not disputed.comment:  # agents dispute what the coach wrote, so the rating says something
            ratings = [
                replace(rating, comment=_comment(rating.behaviour, rating.score)) if rating is disputed else rating
                for rating in ratings
            ]
    observation = observation_create(
        actor=planned.observer,
        agent=planned.agent,
        observed_at=planned.observed_at,
        method=planned.method,
        ratings=ratings,
        channel=planned.channel,
        interaction_id=planned.interaction_id,
        recording_url=planned.recording_url,
        summary=planned.summary,
        goal=planned.goal,
        shared_with_agent=shared_with_agent,
    )
    if acknowledged_at is not None:
        observation_acknowledge(actor=planned.agent, observation=observation, acknowledged_at=acknowledged_at)
    if disputed is not None:
        rating = observation.ratings.get(behaviour=disputed.behaviour)
        _dispute(rating, observation, showcase_state)
    return observation


def _dispute(rating: BehaviourRating, observation: Observation, state: str) -> None:
    """The agent disputes ``rating`` the next day; unless it stays open, the observer answers a day later."""
    rng = random.Random(f"dispute-{observation.interaction_id}")
    disputed_at = observation.observed_at + datetime.timedelta(hours=22)
    rating = rating_dispute(
        actor=observation.agent, rating=rating, comment=rng.choice(DISPUTE_COMMENTS), disputed_at=disputed_at
    )
    if state == "open":
        return
    if state == "changed" and rating.score < RATING_MAX:
        new_score, response = rating.score + 1, CHANGED_RESPONSE
    else:
        new_score, response = None, UPHELD_RESPONSE
    rating_resolve(
        actor=observation.observer,
        rating=rating,
        response=response,
        new_score=new_score,
        resolved_at=disputed_at + datetime.timedelta(days=1),
    )


def _session_after(observation: Observation, planned: _Planned, today, *, is_latest: bool) -> int:
    """A coaching session a few days after ``observation`` on its two weakest behaviours; returns 1 if stored."""
    rng = random.Random(f"session-{observation.interaction_id}")
    observed_on = timezone.localtime(observation.observed_at).date()
    held_on = min(observed_on + datetime.timedelta(days=rng.randint(1, 3)), today)
    if CoachingSession.objects.filter(agent=observation.agent, held_on=held_on).exists():
        return 1
    focus = [rating.behaviour for rating in sorted(planned.ratings, key=lambda rating: rating.score)[:2]]
    follow_up_on = held_on + datetime.timedelta(days=14)
    if is_latest:
        follow_up_on = max(follow_up_on, today + datetime.timedelta(days=7))
    coaching_session_create(
        actor=observation.observer,
        agent=observation.agent,
        held_on=held_on,
        behaviours=focus,
        goals=[observation.goal] if observation.goal_id else [],
        notes=f"Listened back to the call together. {observation.summary}",
        agreed_actions="\n".join(ACTIONS[behaviour.name] for behaviour in focus),
        follow_up_on=follow_up_on,
        agent_commitment=rng.choice(COMMITMENTS),
    )
    return 1
