"""Middleware: pages in the signed-in person's own language; a word when background work has to wait."""

from django.conf import settings
from django.contrib import messages
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .i18n import is_language
from .services.outbox import tasks_waiting_watch

# What a page says after a change whose background work (an email, an import, an alert check)
# could not reach the task queue: the change is saved, the work waits in the outbox.
TASKS_WAITING_MESSAGE = gettext_noop(
    "Saved. The task queue cannot be reached just now: what follows from this change "
    "(emails, imports, alert checks) will run as soon as it is back."
)


class UserLanguageMiddleware:
    """Use the signed-in person's ``User.language`` where the browser's language cookie says otherwise.

    ``LocaleMiddleware`` only knows the cookie, which a new browser does not have yet; this
    one, placed after it and after ``AuthenticationMiddleware``, activates the person's
    language for the request and sets the cookie so the next request agrees. It reads the
    ``request.user`` that the page loads anyway, so it adds no query to a page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = _remembered_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # Checked again: signing in, or choosing a language on this request, may have changed it.
        language = _remembered_language(request)
        if language and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def _remembered_language(request) -> str | None:
    """The signed-in person's own language when the cookie differs from it; ``None`` otherwise.

    Only for a browser session: an integration calling the API with a token has no
    language cookie to keep in step, and its answers carry none.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_language(user.language):
        return None
    session = getattr(request, "session", None)
    if session is None or session.session_key is None:
        return None
    return None if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) == user.language else user.language


class TaskQueueNoticeMiddleware:
    """Tell the person when their change was saved but its background work waits for the task queue.

    The message goes with the redirect that follows a saved form, so it shows on the next
    page. API answers are left as they are: the data is saved and the status URLs tell the rest.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with tasks_waiting_watch() as waiting:
            response = self.get_response(request)
        if waiting and response.status_code in (301, 302, 303) and hasattr(request, "_messages"):
            messages.warning(request, _(TASKS_WAITING_MESSAGE))
        return response
