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
from ..permissions import get_team_or_404, teams_visible_to
from ..selectors.ex import (
    DEFAULT_WEEKS,
    comparable_keys,
    engagement_code,
    ex_comparison,
    ex_dashboard,
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


def _weeks(request) -> int:
    value = request.GET.get("weeks", "")
    return int(value) if value.isdigit() and int(value) in WEEK_CHOICES else DEFAULT_WEEKS


def _payload(series, start, end) -> dict:
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "kinds": {"employee": _("Employee"), "customer": _("Customer")},
        "series": [item.as_json() for item in series],
    }


@login_required
def ex_organisation(request):
    """Administrators: the organisation's employee and customer metrics. Everyone else: its engagement and eNPS."""
    user = request.user
    weeks = _weeks(request)
    start, end = ex_window(today=clock.today(), weeks=weeks)
    series = ex_dashboard(None, start, end) if user.is_administrator else ex_organisation_pulse(start, end)
    context = {
        "title": _("Organisation"),
        "chart": _payload(series, start, end),
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
    context = {
        "title": team.name,
        "team": team,
        "chart": _payload(ex_dashboard([team.pk], start, end), start, end),
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
    keys = comparable_keys()
    allowed = {key for key, _label in keys}
    default_x = engagement_code() or keys[0][0]
    key_x = request.GET.get("x") if request.GET.get("x") in allowed else default_x
    key_y = request.GET.get("y") if request.GET.get("y") in allowed else ("CSAT" if "CSAT" in allowed else key_x)
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
