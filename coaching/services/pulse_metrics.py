"""Pulse surveys as metrics: each team's engagement and eNPS, recorded when a survey round closes.

A closed round's answers are final (answering refuses a closed round), so its figures are
written once, on its closing day, as ``TeamMetricValue`` rows of the metrics whose
``source`` is a pulse figure. From there they are metrics like any other: team goals,
alert rules, the dashboards and the comparison view read them.

Anonymity: a team's figure is written only when at least the threshold of its people
answered that round (``selectors.pulse.min_responses``); rounds of several surveys closing
the same day are combined from the groups that reach it. Nothing is written while a round
is open, so a figure can never be watched moving as one person answers.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from ..models import Metric, MetricSource, PulseAnswer, PulseQuestionKind, TeamMetricValue
from ..selectors.pulse import DETRACTOR_UP_TO, PROMOTER_FROM, engagement_score, min_responses

# A daily run rewrites the rounds closed in this many days (a missed day or two heals itself).
RECENT_DAYS = 35
FOUR_PLACES = Decimal("0.0001")


def _group_sums(first_close: datetime.date | None, last_close: datetime.date):
    """Per (round, closing day, team): responses, Σ and count of statement scores, recommend counts; one query."""
    answers = PulseAnswer.objects.filter(score__isnull=False, response__round__closes_on__lte=last_close)
    if first_close is not None:
        answers = answers.filter(response__round__closes_on__gte=first_close)
    statement = Q(question__kind=PulseQuestionKind.STATEMENT)
    recommend = Q(question__kind=PulseQuestionKind.RECOMMEND)
    return (
        answers.order_by()
        .values("response__round_id", "response__round__closes_on", "response__team_id")
        .annotate(
            responses=Count("response_id", distinct=True),
            statement_total=Sum("score", filter=statement),
            statement_n=Count("id", filter=statement),
            recommend_n=Count("id", filter=recommend),
            promoters=Count("id", filter=recommend & Q(score__gte=PROMOTER_FROM)),
            detractors=Count("id", filter=recommend & Q(score__lte=DETRACTOR_UP_TO)),
        )
    )


def pulse_figures(
    first_close: datetime.date | None, last_close: datetime.date
) -> dict[tuple[int, datetime.date], dict]:
    """(team id, closing day) → {source: (value, answers)} for the groups at or above the threshold."""
    threshold = min_responses()
    combined: dict = defaultdict(lambda: [0, 0, 0, 0, 0, 0])  # responses, Σ statements, n, recommend n, +, −
    for row in _group_sums(first_close, last_close):
        if row["responses"] < threshold:
            continue
        sums = combined[(row["response__team_id"], row["response__round__closes_on"])]
        sums[0] += row["responses"]
        sums[1] += row["statement_total"] or 0
        sums[2] += row["statement_n"]
        sums[3] += row["recommend_n"]
        sums[4] += row["promoters"]
        sums[5] += row["detractors"]
    figures = {}
    for key, (responses, total, n, recommend_n, promoters, detractors) in combined.items():
        values = {}
        engagement = engagement_score(total, n)
        if engagement is not None:
            values[MetricSource.PULSE_ENGAGEMENT] = (engagement, responses)
        if recommend_n:
            values[MetricSource.PULSE_ENPS] = ((promoters - detractors) * 100 / recommend_n, recommend_n)
        figures[key] = values
    return figures


@transaction.atomic
def pulse_metrics_record(*, today: datetime.date | None = None, all_rounds: bool = False) -> int:
    """Write the pulse metrics of the rounds closed before ``today``: the last 35 days, or ``all_rounds``.

    Rewrites those days' values (a raised threshold removes what no longer reaches it) and
    returns how many values now stand for them. Safe to run twice.
    """
    today = today or timezone.localdate()
    last_close = today - datetime.timedelta(days=1)
    first_close = None if all_rounds else today - datetime.timedelta(days=RECENT_DAYS)
    metrics = {metric.source: metric for metric in Metric.objects.per_team().filter(is_active=True)}
    if not metrics:
        return 0
    figures = pulse_figures(first_close, last_close)
    existing_rows = TeamMetricValue.objects.select_for_update().filter(metric__in=metrics.values(), day__lte=last_close)
    if first_close is not None:
        existing_rows = existing_rows.filter(day__gte=first_close)
    existing = {(row.team_id, row.metric_id, row.day): row for row in existing_rows}
    wanted = {}
    for (team_id, day), values in figures.items():
        for source, (value, answers) in values.items():
            if source in metrics:
                wanted[(team_id, metrics[source].pk, day)] = (Decimal(value).quantize(FOUR_PLACES), answers)
    stale = [row.pk for key, row in existing.items() if key not in wanted]
    TeamMetricValue.objects.filter(pk__in=stale).delete()
    create, update = [], []
    for (team_id, metric_id, day), (value, answers) in wanted.items():
        row = existing.get((team_id, metric_id, day))
        if row is None:
            create.append(
                TeamMetricValue(team_id=team_id, metric_id=metric_id, day=day, value=value, sample_size=answers)
            )
        elif row.value != value or row.sample_size != answers:
            row.value, row.sample_size, row.updated_at = value, answers, timezone.now()
            update.append(row)
    TeamMetricValue.objects.bulk_create(create)
    TeamMetricValue.objects.bulk_update(update, ["value", "sample_size", "updated_at"])
    return len(wanted)
