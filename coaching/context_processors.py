"""Template context shared by every page: the navigation for the user's role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role


def navigation(request):
    """Navigation entries for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Home"), reverse("home"), "house")]
    if user.role == Role.AGENT and not user.is_administrator:
        items.append((_("My page"), reverse("agent-detail", args=[user.pk]), "graph-up"))
        items.append((_("Goals"), reverse("goal-list"), "flag"))
        items.append((_("Expectations"), reverse("expectation-list"), "person-check"))
    else:
        items.append((_("Agents"), reverse("agent-list"), "people"))
        items.append((_("Goals"), reverse("goal-list"), "flag"))
    items.append((_("One-on-ones"), reverse("one-on-one-list"), "chat-dots"))
    items.append((_("Observations"), reverse("observation-list"), "headset"))
    items.append((_("Sessions"), reverse("session-list"), "easel"))
    if user.is_administrator:
        items.append((_("System"), reverse("system-status"), "hdd-network"))
        items.append((_("Administration"), reverse("admin:index"), "gear"))
    return {"nav_items": [{"label": label, "url": url, "icon": icon} for label, url, icon in items]}
