"""Notification pages: the user's own notification centre, marking read, email preferences and language.

Every notification is fetched through ``get_notification_or_404`` for the signed-in user:
someone else's id is a 404, exactly like one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..i18n import is_language
from ..permissions import get_notification_or_404, notifications_of
from ..selectors.notifications import email_preferences
from ..services import notifications as services
from .forms_util import first_error

NOTIFICATIONS_PER_PAGE = 25


@login_required
def notification_list(request):
    """The user's notifications, unread first."""
    page = Paginator(notifications_of(request.user), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "coaching/notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request, notification_id):
    """Mark one of the user's notifications read, then open what it is about (or go back to the list)."""
    notification = get_notification_or_404(request.user, notification_id)
    services.notification_mark_read(notification=notification, actor=request.user)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notification-list")


@login_required
@require_POST
def notification_read_all(request):
    """Mark every notification of the user read."""
    count = services.notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect("notification-list")


@login_required
def notification_preferences(request):
    """Which kinds of notification the user also gets by email, one checkbox per kind, and in which language."""
    if request.method == "POST":
        try:
            services.notification_preferences_set(
                user=request.user, email_kinds=request.POST.getlist("email"), language=request.POST.get("language")
            )
        except ValidationError as error:
            messages.error(request, first_error(error))
        else:
            messages.success(request, _("Your email preferences are saved."))
            return redirect("notification-preferences")
    context = {
        "preferences": email_preferences(request.user),
        "has_email": bool(request.user.email),
        # Someone who never chose one sees the language they are reading the page in, so saving
        # their email choices keeps what they see rather than switching them to the site default.
        "chosen_language": request.user.language if is_language(request.user.language) else get_language(),
    }
    return render(request, "coaching/notifications/notification_preferences.html", context)
