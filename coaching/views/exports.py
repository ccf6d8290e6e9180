"""CSV exports of metric values and goal progress, streamed, through the visibility policy."""

import csv
import datetime

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render

from .. import clock
from ..models import Metric, Team, User
from ..permissions import agents_visible_to, teams_visible_to
from ..rules.spreadsheet import spreadsheet_cell
from ..selectors.exports import goal_progress_rows, metric_value_rows, metric_values_for_export


class _Echo:
    """A file-like object whose ``write`` returns what it was given, for ``csv.writer``."""

    def write(self, value):
        return value


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    """``rows`` streamed as a CSV download, every cell neutralised against spreadsheet formulas."""
    writer = csv.writer(_Echo())
    lines = (writer.writerow([spreadsheet_cell(cell) for cell in row]) for row in rows)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _object(queryset, raw):
    """The object with primary key ``raw`` in ``queryset``, ``None`` if not given, ``False`` if not allowed."""
    if not raw:
        return None
    if not str(raw).isdigit():
        return False
    return queryset.filter(pk=raw).first() or False


def _day(raw) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
def export_index(request):
    """The export page: filters for metric values, and the goal progress export."""
    context = {
        "teams": teams_visible_to(request.user),
        "agents": agents_visible_to(request.user).order_by("first_name", "last_name", "username"),
        "metrics": Metric.objects.per_agent(),
    }
    return render(request, "coaching/exports/export_index.html", context)


@login_required
def metric_values_export(request):
    """Daily metric values as CSV, filtered by team, agent, metric and date range (``start``/``end``)."""
    team = _object(Team.objects.all(), request.GET.get("team"))
    agent = _object(User.objects.all(), request.GET.get("agent"))
    metric = _object(Metric.objects.per_agent(), request.GET.get("metric"))
    if False in (team, agent, metric):
        values = metric_values_for_export(request.user).none()
    else:
        values = metric_values_for_export(
            request.user,
            team=team,
            agent=agent,
            metric=metric,
            start=_day(request.GET.get("start")),
            end=_day(request.GET.get("end")),
        )
    return csv_response(metric_value_rows(values), "metric-values.csv")


@login_required
def goal_progress_export(request):
    """Every goal the user may see with its baseline, target, current level and projection, as CSV."""
    rows = goal_progress_rows(request.user, today=clock.today())
    return csv_response(rows, "goal-progress.csv")
