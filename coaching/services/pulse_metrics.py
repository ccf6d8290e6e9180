"""Pulse surveys as metrics: each team's engagement and eNPS, recorded once a survey round has closed.

A closed round's answers are final (answering refuses a closed round), so its figures are
written by the daily run after it closes, dated on its closing day, as ``TeamMetricValue``
rows of the metrics whose ``source`` is a pulse figure. From there they are metrics like
any other: team goals, alert rules, the team boards, the dashboards and the comparison
view read them.

Anonymity: a team's figure is written only when at least the threshold of its people
answered that round (``selectors.pulse.min_responses``); rounds of several surveys closing
the same day are combined from the groups that reach it. Nothing is written while a round
is open, so a figure can never be watched moving as one person answers.

Every run recomputes every closed round (one grouped query over the answers): a raised
threshold removes the figures that no longer reach it, and an installation upgraded to
pulse metrics gets its whole history on the first run.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum

from .. import clock
from ..models import Metric, MetricSource, PulseAnswer, PulseQuestionKind, TeamMetricValue
from ..selectors.pulse import DETRACTOR_UP_TO, PROMOTER_FROM, engagement_score, enps_score, min_responses

FOUR_PLACES = Decimal("0.0001")


def _group_sums(last_close: datetime.date):
    """Per (round, closing day, team): responses, and per kind of question its responses, Σ and counts; one query."""
    answers = PulseAnswer.objects.filter(score__isnull=False, response__round__closes_on__lte=last_close)
    statement = Q(question__kind=PulseQuestionKind.STATEMENT)
    recommend = Q(question__kind=PulseQuestionKind.RECOMMEND)
    return (
        answers.order_by()
        .values("response__round_id", "response__round__closes_on", "response__team_id")
        .annotate(
            responses=Count("response_id", distinct=True),
            statement_responses=Count("response_id", distinct=True, filter=statement),
            statement_total=Sum("score", filter=statement),
            statement_n=Count("id", filter=statement),
            recommend_n=Count("id", filter=recommend),
            promoters=Count("id", filter=recommend & Q(score__gte=PROMOTER_FROM)),
            detractors=Count("id", filter=recommend & Q(score__lte=DETRACTOR_UP_TO)),
        )
    )


def pulse_figures(last_close: datetime.date) -> dict[tuple[int, datetime.date], dict]:
    """(team id, closing day) → {source: (value, weight)} for the groups at or above the threshold.

    The weight of engagement is the number of responses that rated the statements, that of
    eNPS the number of recommend answers: a survey without statements adds nothing to a
    team's engagement, nor weight to it.
    """
    threshold = min_responses()
    combined: dict = defaultdict(lambda: [0, 0, 0, 0, 0, 0])  # statement responses, Σ, n, recommend n, +, −
    for row in _group_sums(last_close):
        if row["responses"] < threshold:
            continue
        sums = combined[(row["response__team_id"], row["response__round__closes_on"])]
        sums[0] += row["statement_responses"]
        sums[1] += row["statement_total"] or 0
        sums[2] += row["statement_n"]
        sums[3] += row["recommend_n"]
        sums[4] += row["promoters"]
        sums[5] += row["detractors"]
    figures = {}
    for key, (statement_responses, total, n, recommend_n, promoters, detractors) in combined.items():
        values = {}
        engagement = engagement_score(total, n)
        if engagement is not None:
            values[MetricSource.PULSE_ENGAGEMENT] = (engagement, statement_responses)
        enps = enps_score(promoters, detractors, recommend_n)
        if enps is not None:
            values[MetricSource.PULSE_ENPS] = (enps, recommend_n)
        figures[key] = values
    return figures


@transaction.atomic
def pulse_metrics_record(*, today: datetime.date | None = None) -> int:
    """Write the pulse metrics of every round closed before ``today``; returns how many values stand.

    Values that changed are rewritten and those no longer reaching the threshold removed;
    unchanged ones are left as they are. Safe to run twice, even at the same moment.
    """
    today = today or clock.today()
    last_close = today - datetime.timedelta(days=1)
    metrics = {metric.source: metric for metric in Metric.objects.per_team().filter(is_active=True)}
    if not metrics:
        return 0
    wanted = {}
    for (team_id, day), values in pulse_figures(last_close).items():
        for source, (value, weight) in values.items():
            if source in metrics:
                wanted[(team_id, metrics[source].pk, day)] = (Decimal(value).quantize(FOUR_PLACES), weight)
    existing = {
        (row.team_id, row.metric_id, row.day): row
        for row in TeamMetricValue.objects.select_for_update().filter(metric__in=metrics.values(), day__lte=last_close)
    }
    TeamMetricValue.objects.filter(pk__in=[row.pk for key, row in existing.items() if key not in wanted]).delete()
    changed = []
    for (team_id, metric_id, day), (value, weight) in wanted.items():
        row = existing.get((team_id, metric_id, day))
        if row is None or row.value != value or row.sample_size != weight:
            changed.append(
                TeamMetricValue(
                    team_id=team_id,
                    metric_id=metric_id,
                    day=day,
                    value=value,
                    sample_size=weight,
                    updated_at=clock.now(),
                )
            )
    # An upsert: a run at the same moment that wrote the same day first is overwritten, not a failure.
    TeamMetricValue.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["team", "metric", "day"],
        update_fields=["value", "sample_size", "updated_at"],
    )
    return len(wanted)
