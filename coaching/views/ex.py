"""Employee experience beside customer experience: team and organisation dashboards, and the comparison view.

Who sees what: managers their teams, coaches the teams they cover, administrators every
team and the whole organisation; agents only the organisation's engagement (above the
anonymity threshold), never a team's figures: a team page or the comparison is a 404 for them.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import clock
from ..models import MetricKind
from ..permissions import get_team_or_404, may_see_whole_organisation, teams_visible_to
from ..selectors.ex import (
    DASHBOARD_KINDS,
    DEFAULT_WEEKS,
    comparison_choices,
    ex_comparison,
    ex_dashboard,
    ex_missing_kinds,
    ex_organisation_pulse,
    ex_window,
)
from ..selectors.pulse import min_responses

WEEK_CHOICES = (8, 13, 26, 52)
STRENGTH_WORDS = {
    "strong": gettext_lazy("A strong link"),
    "moderate": gettext_lazy("A moderate link"),
    "weak": gettext_lazy("A weak link"),
    "none": gettext_lazy("No clear link"),
    "unknown": gettext_lazy("Not enough points (at least 3 that vary) to measure a link"),
}

MISSING_KIND_WORDS = {
    MetricKind.EMPLOYEE: gettext_lazy(
        "No active metric is of the employee kind, so only attrition and mood stand on the employee side. "
        "An administrator sets each metric's kind under Administration → Metrics."
    ),
    MetricKind.CUSTOMER: gettext_lazy(
        "No active metric is of the customer kind, so there is no customer side to compare with. "
        "An administrator sets each metric's kind under Administration → Metrics."
    ),
}


def _weeks(request) -> int:
    value = request.GET.get("weeks", "")
    return int(value) if value.isdigit() and int(value) in WEEK_CHOICES else DEFAULT_WEEKS


def _payload(series, start, end) -> dict:
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "kinds": {kind.value: str(kind.label) for kind in DASHBOARD_KINDS},
        "series": [item.as_json() for item in series],
    }


def _missing(series) -> list[str]:
    """What to tell about each kind (employee, customer) the dashboard has no metric of."""
    return [MISSING_KIND_WORDS[kind] for kind in ex_missing_kinds(series)]


@login_required
def ex_organisation(request):
    """Administrators: the organisation's employee and customer metrics. Everyone else: its engagement and eNPS."""
    user = request.user
    weeks = _weeks(request)
    start, end = ex_window(today=clock.today(), weeks=weeks)
    whole = may_see_whole_organisation(user)
    series = ex_dashboard(None, start, end) if whole else ex_organisation_pulse(start, end)
    context = {
        "title": _("Organisation"),
        "chart": _payload(series, start, end),
        "missing": _missing(series) if whole else [],
        "weeks": weeks,
        "week_choices": WEEK_CHOICES,
        "teams": teams_visible_to(user).order_by("name"),
        "threshold": min_responses(),
        "team": None,
    }
    return render(request, "coaching/ex/dashboard.html", context)


@login_required
def ex_team(request, team_id):
    """One team's employee metrics side by side with its customer metrics, week by week."""
    team = get_team_or_404(request.user, team_id)
    weeks = _weeks(request)
    start, end = ex_window(today=clock.today(), weeks=weeks)
    series = ex_dashboard([team.pk], start, end)
    context = {
        "title": team.name,
        "team": team,
        "chart": _payload(series, start, end),
        "missing": _missing(series),
        "weeks": weeks,
        "week_choices": WEEK_CHOICES,
        "teams": teams_visible_to(request.user).order_by("name"),
        "threshold": min_responses(),
    }
    return render(request, "coaching/ex/dashboard.html", context)


@login_required
def ex_compare(request):
    """Two metrics across the user's teams and weeks: a scatter plot, Pearson's r and how many points."""
    teams = list(teams_visible_to(request.user).order_by("name"))
    if not teams:
        raise Http404(_("No teams to compare."))
    choices = comparison_choices()
    keys = choices.keys
    allowed = {key for key, _label in keys}
    key_x = request.GET.get("x") if request.GET.get("x") in allowed else choices.default_x
    key_y = request.GET.get("y") if request.GET.get("y") in allowed else choices.default_y
    weeks = _weeks(request)
    start, end = ex_window(today=clock.today(), weeks=weeks)
    comparison = ex_comparison(teams, key_x, key_y, start, end)
    labels = dict(keys)
    context = {
        "keys": keys,
        "key_x": key_x,
        "key_y": key_y,
        "label_x": labels[key_x],
        "label_y": labels[key_y],
        "weeks": weeks,
        "week_choices": WEEK_CHOICES,
        "comparison": comparison,
        "strength": STRENGTH_WORDS[comparison.correlation.strength],
        "chart": {"x": labels[key_x], "y": labels[key_y], "points": comparison.points},
    }
    return render(request, "coaching/ex/compare.html", context)
