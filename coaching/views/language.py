"""The language switch: Django's ``set_language``, which also remembers the choice of a signed-in person."""

from django.views import i18n

from ..i18n import is_language
from ..services.notifications import user_language_set


def language_set(request):
    """Switch the browser's language (cookie) and, when signed in, remember it as the person's language."""
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER)
    if request.method == "POST" and request.user.is_authenticated and is_language(language):
        user_language_set(user=request.user, language=language)
    return response
