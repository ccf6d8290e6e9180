"""Showing a service's validation errors: as one sentence for a flash message, or on the form."""

from django.core.exceptions import ValidationError


def first_error(error: ValidationError) -> str:
    """The first message of ``error``, whatever its shape (field dict or list)."""
    if hasattr(error, "error_dict"):
        for messages in error.message_dict.values():
            if messages:
                return str(messages[0])
    return str(error.messages[0]) if error.messages else str(error)


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: on its field when the form has it, else on top.

    ``form.add_error(None, error)`` with an error naming a field the form lacks raises, turning
    a clear message into a server error.
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
