"""Recognition pages: the team wall and the form to recognise an agent for one of the company's values.

Which walls a person reads and whom they may recognise come from ``permissions.recognition``:
another team's wall is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms.recognition import RecognitionForm
from ..permissions import agents_recognisable_by, get_wall_team_or_404, may_see_only_own_records, wall_teams_of
from ..selectors.recognition import agent_recognitions, company_values, team_wall
from ..services.recognition import recognition_give
from .forms_util import add_service_error

RECOGNITIONS_PER_PAGE = 20


@login_required
def recognition_wall(request):
    """Recent recognition on the walls of the user's teams, or of one of them (``?team=``)."""
    user = request.user
    team = get_wall_team_or_404(user, request.GET["team"]) if request.GET.get("team") else None
    is_agent = may_see_only_own_records(user)
    context = {
        "page": Paginator(team_wall(user, team=team), RECOGNITIONS_PER_PAGE).get_page(request.GET.get("page")),
        "team": team,
        "teams": wall_teams_of(user).order_by("name"),
        "mine": agent_recognitions(user, user) if is_agent else None,
        "may_recognise": agents_recognisable_by(user).exists(),
    }
    return render(request, "coaching/recognition/recognition_wall.html", context)


@login_required
def recognition_create(request):
    """Recognise an agent of one of the user's teams for one of the company's values."""
    agents = agents_recognisable_by(request.user)
    if not agents.exists():
        raise PermissionDenied(_("There is nobody in your teams you can recognise."))
    posted = request.POST if request.method == "POST" else None
    initial = {"agent": request.GET["agent"]} if request.GET.get("agent", "").isdigit() else None
    form = RecognitionForm(posted, initial=initial, agents=agents, values=company_values())
    if request.method == "POST" and form.is_valid():
        try:
            recognition_give(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you: your recognition is on the wall."))
            return redirect("recognition-wall")
    return render(request, "coaching/recognition/recognition_form.html", {"form": form})
