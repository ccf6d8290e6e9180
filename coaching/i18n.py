"""Each person's language: which one they get, and writing to them in it.

A person's ``User.language`` is one of ``settings.LANGUAGES``; blank (or a language no
longer offered) means the site default, ``settings.LANGUAGE_CODE``. Whatever is written
*to* someone (a notification, an email) is built inside ``in_language_of(recipient)``, so
it reads in their language rather than in that of whoever triggered it.
"""

from django.conf import settings
from django.utils import translation


def is_language(code) -> bool:
    """Whether ``code`` is one of the languages the site is offered in."""
    return code in dict(settings.LANGUAGES)


def language_of(user) -> str:
    """The language ``user`` reads: their own if it is offered, else the site default."""
    return user.language if is_language(user.language) else settings.LANGUAGE_CODE


def in_language_of(user) -> translation.override:
    """A context manager translating (and formatting dates and numbers) in ``user``'s language."""
    return translation.override(language_of(user))
