"""Template context shared by every page: the navigation for the user's role and the unread-notification badge."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .permissions import HomeKind, home_kind
from .selectors.notifications import unread_count


def navigation(request):
    """Navigation entries for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "people_items": [], "people_active": False, "admin_items": []}
    kind = home_kind(user)
    items = [(_("Home"), reverse("home"), "house")]
    if kind == HomeKind.AGENT:
        items.append((_("My page"), reverse("agent-detail", args=[user.pk]), "graph-up"))
        items.append((_("Goals"), reverse("goal-list"), "flag"))
        items.append((_("Expectations"), reverse("expectation-list"), "person-check"))
    else:
        items.append((_("Agents"), reverse("agent-list"), "people"))
        items.append((_("Goals"), reverse("goal-list"), "flag"))
    items.append((_("One-on-ones"), reverse("one-on-one-list"), "chat-dots"))
    # Coaching sessions and the behaviour catalogue are tabs of the observations pages.
    items.append((_("Coaching"), reverse("observation-list"), "headset"))
    # Employee experience: beside the customer metrics, the follow-ups alerts open, recognition.
    people_items = [
        (_("People & customers"), reverse("ex-organisation"), "heart-pulse"),
        (_("Pulse surveys"), reverse("pulse-index"), "clipboard-heart"),
        (_("Recognition"), reverse("recognition-wall"), "award"),
    ]
    if kind in (HomeKind.MANAGER, HomeKind.ADMINISTRATOR):
        people_items.append((_("Investigations"), reverse("investigation-list"), "search"))
    elif kind == HomeKind.COACH:
        people_items.append((_("Coaching proposals"), reverse("proposal-list"), "lightbulb"))
    admin_items = []
    if kind == HomeKind.ADMINISTRATOR:
        admin_items = [
            (_("KPI imports"), reverse("import-upload"), "upload"),
            (_("CSV exports"), reverse("export-index"), "download"),
            (_("System status"), reverse("system-status"), "hdd-network"),
            (_("Django administration"), reverse("admin:index"), "gear"),
        ]

    def entries(pairs):
        return [
            {"label": label, "url": url, "icon": icon, "active": _is_current(request.path, url)}
            for label, url, icon in pairs
        ]

    people = entries(people_items)
    return {
        "nav_items": entries(items),
        "people_items": people,
        "people_active": any(item["active"] for item in people),
        "admin_items": entries(admin_items),
    }


def _is_current(path: str, url: str) -> bool:
    """The entry for ``url`` is highlighted on its own page and the pages below it."""
    return path == url if url == "/" else path.startswith(url)


def notifications_unread(request):
    """``notifications_unread``: the signed-in user's unread count, counted only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": 0}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
