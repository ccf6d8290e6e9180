"""The API's JSON parser: DRF's, with a body nested too deeply for Python answered as a parse error.

``json.loads`` recurses once per level of nesting, so ``[[[[...]]]]`` a hundred thousand deep
raises ``RecursionError``, which DRF does not catch (a 500). Here it is a 400, code
``parse_error``, like any other malformed body.
"""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a body nested deeper than Python can read is a parse error, not a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the body is nested too deeply.")) from None
