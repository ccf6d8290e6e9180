"""Writes of observations: recording one with its ratings, the agent's acknowledgement and disputes.

The rules of step 3 live here, not in forms or views:

- coaches covering the agent, the team's managers and administrators record observations
  (``permissions.can_coach``), with at least one rating on the 1–5 scale;
- only the observed agent acknowledges an observation shared with them, or disputes one of
  its ratings with a comment; a rating is disputed at most once, so the dispute and its
  answer stay on the record;
- the observer, a coach covering the agent, the team's manager or an administrator answers
  an open dispute with a response, keeping the rating or changing it (the old score is kept
  in ``original_score``).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import clock
from ..models import RATING_MAX, RATING_MIN, Behaviour, BehaviourRating, DisputeStatus, Goal, Observation, Role, User
from ..permissions import can_answer_disputes, can_coach
from ..selectors.observations import goals_for_agent

# A coach's clock and the server's may disagree by a few minutes; an hour is no longer a slip.
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class RatingInput:
    """The score (and optional comment) given to one observed behaviour."""

    behaviour: Behaviour
    score: int
    comment: str = ""


@transaction.atomic
def observation_create(
    *,
    actor: User,
    agent: User,
    observed_at: datetime.datetime,
    method: str,
    ratings: list[RatingInput],
    channel: str = "phone",
    interaction_id: str = "",
    recording_url: str = "",
    summary: str = "",
    goal: Goal | None = None,
    shared_with_agent: bool = True,
) -> Observation:
    """Record ``actor``'s observation of one interaction of ``agent``, with a rating per observed behaviour."""
    if agent.role != Role.AGENT:
        raise ValidationError({"agent": _("Observations are recorded for agents.")})
    if not can_coach(actor, agent):
        raise PermissionDenied(_("You do not coach this agent."))
    _check_ratings(ratings)
    if observed_at > clock.now() + FUTURE_TOLERANCE:
        raise ValidationError({"observed_at": _("An observation records an interaction that already happened.")})
    if goal is not None and not goals_for_agent(actor, agent).filter(pk=goal.pk).exists():
        raise ValidationError({"goal": _("Link one of this agent's goals, or their team's.")})
    observation = Observation(
        agent=agent,
        observer=actor,
        observed_at=observed_at,
        channel=channel,
        interaction_id=interaction_id.strip(),
        recording_url=recording_url,
        method=method,
        summary=summary.strip(),
        goal=goal,
        shared_with_agent=shared_with_agent,
    )
    observation.full_clean()
    observation.save()
    for given in ratings:
        rating = BehaviourRating(
            observation=observation, behaviour=given.behaviour, score=given.score, comment=given.comment.strip()
        )
        rating.full_clean()
        rating.save()
    return observation


def _check_ratings(ratings: list[RatingInput]) -> None:
    if not ratings:
        raise ValidationError(_("Rate at least one behaviour you observed."))
    behaviour_ids = [given.behaviour.pk for given in ratings]
    if len(set(behaviour_ids)) != len(behaviour_ids):
        raise ValidationError(_("Rate each behaviour once per observation."))
    for given in ratings:
        if not given.behaviour.is_active:
            raise ValidationError(
                _("“%(behaviour)s” is no longer in the catalogue.") % {"behaviour": given.behaviour.name}
            )
        _check_score(given.score)


def _check_score(score, *, field: str = "score") -> None:
    if not isinstance(score, int) or not RATING_MIN <= score <= RATING_MAX:
        raise ValidationError(
            {field: _("Scores go from %(low)d to %(high)d.") % {"low": RATING_MIN, "high": RATING_MAX}}
        )


def _check_is_the_agent(actor: User, observation: Observation) -> None:
    if actor.pk != observation.agent_id or not observation.shared_with_agent:
        raise PermissionDenied(_("Only the agent an observation was shared with may do this."))


@transaction.atomic
def observation_acknowledge(
    *, actor: User, observation: Observation, acknowledged_at: datetime.datetime | None = None
) -> Observation:
    """The agent confirms they have read an observation shared with them; the first time counts.

    ``acknowledged_at`` (default: now) records an acknowledgement given earlier.
    """
    _check_is_the_agent(actor, observation)
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.acknowledged_at is None:
        observation.acknowledged_at = acknowledged_at or clock.now()
        observation.full_clean()
        observation.save(update_fields=["acknowledged_at"])
    return observation


@transaction.atomic
def rating_dispute(
    *, actor: User, rating: BehaviourRating, comment: str, disputed_at: datetime.datetime | None = None
) -> BehaviourRating:
    """The agent disputes one rating of an observation shared with them, saying why.

    ``disputed_at`` (default: now) records a dispute raised earlier.
    """
    _check_is_the_agent(actor, rating.observation)
    rating = BehaviourRating.objects.select_for_update().get(pk=rating.pk)
    if rating.dispute_status == DisputeStatus.OPEN:
        raise ValidationError(_("This rating is already disputed; the coach will answer."))
    if rating.dispute_status:
        raise ValidationError(_("This rating was disputed and answered already."))
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say why you disagree with this rating.")})
    rating.dispute_status = DisputeStatus.OPEN
    rating.dispute_comment = comment
    rating.disputed_at = disputed_at or clock.now()
    rating.full_clean()
    rating.save(update_fields=["dispute_status", "dispute_comment", "disputed_at"])
    return rating


@transaction.atomic
def rating_resolve(
    *,
    actor: User,
    rating: BehaviourRating,
    response: str,
    new_score: int | None = None,
    resolved_at: datetime.datetime | None = None,
) -> BehaviourRating:
    """Answer an open dispute: keep the rating (no ``new_score``) or change it to ``new_score``.

    ``resolved_at`` (default: now) records an answer given earlier.
    """
    if not can_answer_disputes(actor, rating.observation):
        raise PermissionDenied(_("You do not coach this agent."))
    rating = BehaviourRating.objects.select_for_update().get(pk=rating.pk)
    if rating.dispute_status != DisputeStatus.OPEN:
        raise ValidationError(_("This rating has no open dispute to answer."))
    response = response.strip()
    if not response:
        raise ValidationError({"response": _("Explain your answer to the agent.")})
    if new_score is None:
        rating.dispute_status = DisputeStatus.UPHELD
    else:
        _check_score(new_score, field="new_score")
        if new_score == rating.score:
            raise ValidationError({"new_score": _("Choose a different score, or keep the rating.")})
        rating.original_score, rating.score = rating.score, new_score
        rating.dispute_status = DisputeStatus.CHANGED
    rating.dispute_response = response
    rating.resolved_by = actor
    rating.resolved_at = resolved_at or clock.now()
    rating.full_clean()
    rating.save(
        update_fields=["score", "original_score", "dispute_status", "dispute_response", "resolved_by", "resolved_at"]
    )
    return rating


OBSERVATION_FIELDS = (
    "observed_at",
    "channel",
    "interaction_id",
    "recording_url",
    "method",
    "summary",
    "goal",
    "shared_with_agent",
)


@transaction.atomic
def observation_update(*, actor: User, observation: Observation, **changes) -> Observation:
    """Change what is given of an observation's facts: when, how, the interaction, its link, summary, goal, sharing.

    Whoever may record observations of the agent (``permissions.can_coach``) may correct
    one, under the same rules as recording it. Its ratings change only by answering a
    dispute, so the agent's view of their scores has one history; and an observation the
    agent has acknowledged or disputed stays shared with them.
    """
    unknown = set(changes) - set(OBSERVATION_FIELDS)
    if unknown:
        raise ValueError(f"not an observation's field: {sorted(unknown)}")
    if not can_coach(actor, observation.agent):
        raise PermissionDenied(_("You do not coach this agent."))
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if "observed_at" in changes and changes["observed_at"] > clock.now() + FUTURE_TOLERANCE:
        raise ValidationError({"observed_at": _("An observation records an interaction that already happened.")})
    goal = changes.get("goal")
    if goal is not None and not goals_for_agent(actor, observation.agent).filter(pk=goal.pk).exists():
        raise ValidationError({"goal": _("Link one of this agent's goals, or their team's.")})
    if changes.get("shared_with_agent") is False and observation.shared_with_agent:
        engaged = (
            observation.acknowledged_at is not None
            or observation.ratings.exclude(dispute_status=DisputeStatus.NONE).exists()
        )
        if engaged:
            raise ValidationError(
                {"shared_with_agent": _("The agent has already acknowledged or disputed this observation.")}
            )
    for field, value in changes.items():
        setattr(observation, field, value.strip() if field in ("interaction_id", "summary") else value)
    observation.full_clean()
    observation.save()
    return observation
