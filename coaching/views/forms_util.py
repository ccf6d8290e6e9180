"""Turning validation errors into one sentence for a flash message."""

from django.core.exceptions import ValidationError


def first_error(error: ValidationError) -> str:
    """The first message of ``error``, whatever its shape (field dict or list)."""
    if hasattr(error, "error_dict"):
        for messages in error.message_dict.values():
            if messages:
                return str(messages[0])
    return str(error.messages[0]) if error.messages else str(error)
