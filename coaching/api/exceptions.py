"""One error body for every API failure: ``{"error": {"code", "message", "fields"}}``.

``code`` is a stable machine-readable word (``invalid``, ``not_authenticated``,
``authentication_failed``, ``permission_denied``, ``not_found``, ``method_not_allowed``,
``parse_error``, ``unsupported_media_type``, ``throttled``, ...); ``message`` is a sentence
for people, translated; ``fields`` appears only when individual fields are wrong and maps
each field to its messages (nested for nested input, e.g. ``ratings``).

A Django ``ValidationError`` raised by a service becomes a 400 here, with the service's
field errors kept, so the API never restates a business rule to report it. A request body
over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (which Django refuses with an HTML page) becomes a 413,
code ``request_too_large``, naming the limit.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

_NON_FIELD_KEYS = (NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY)


def exception_handler(exc, context):
    """DRF's handler (status, headers), with every body reshaped into the documented error shape."""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = {"error": error_body(exc)}
    return response


class RequestTooLarge(exceptions.APIException):
    """A request body over DATA_UPLOAD_MAX_MEMORY_SIZE (files sent as multipart are not counted)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = gettext_lazy("The request body is too large.")


def _request_too_large() -> RequestTooLarge:
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE).replace("\xa0", " ")
    return RequestTooLarge(
        _(
            "The request body is larger than the limit of %(size)s (DATA_UPLOAD_MAX_MEMORY_SIZE). "
            "Send fewer rows per request, or import them as a CSV file."
        )
        % {"size": limit}
    )


def _as_api_exception(exc):
    if isinstance(exc, RequestDataTooBig):
        return _request_too_large()
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_django_detail(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc


def _django_detail(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return list(error.messages)


def error_body(exc: exceptions.APIException) -> dict:
    """``{"code", "message"}`` and, for field errors, ``"fields"``."""
    if not isinstance(exc, exceptions.ValidationError):
        codes = exc.get_codes()
        return {"code": codes if isinstance(codes, str) else exc.default_code, "message": str(exc.detail)}
    detail = exc.detail
    if isinstance(detail, dict):
        fields = {key: _plain(value) for key, value in detail.items() if key not in _NON_FIELD_KEYS}
        general = [str(message) for key in _NON_FIELD_KEYS for message in detail.get(key, [])]
    else:
        fields, general = {}, [str(message) for message in _flatten(detail)]
    body = {
        "code": "invalid",
        "message": " ".join(general) or _("The request is not valid; see the fields for details."),
    }
    if fields:
        body["fields"] = fields
    return body


def _plain(value):
    """Error details as plain strings, lists and dicts."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return str(value)


def _flatten(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    else:
        yield value
