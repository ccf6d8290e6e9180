"""The behaviour catalogue: what good looks like for each behaviour and the KPIs it drives."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..selectors.observations import behaviour_catalogue


@login_required
def behaviour_list(request):
    """The active behaviours, read-only, for everyone signed in."""
    return render(request, "coaching/behaviours/behaviour_list.html", {"behaviours": behaviour_catalogue()})
