"""Serializer fields shared by the API: references scoped by the visibility policy, private notes, strict input.

``StrictBooleanField`` and ``BlankAsNullURLField`` keep the documented contract whatever
the body's encoding: a boolean left out of a form-encoded body is "not given" (so it is
required or takes its default) rather than ``false``, and a link that is not set reads as
``null``, never as an empty string that a ``format: uri`` schema refuses.
"""

from rest_framework import serializers
from rest_framework.fields import SkipField, empty

from ...permissions import can_see_private_notes


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id to an object the requesting user may see.

    ``visible(user)`` returns the queryset to choose from; an id outside it reads as
    "does not exist", exactly like an id nobody has, so a reference tells an outsider
    nothing. ``queryset`` is only the model's full set, for the schema.
    """

    def __init__(self, *, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.visible(self.context["request"].user)


class PrivateNotesField(serializers.CharField):
    """A one-on-one's private notes, left out entirely for anyone ``can_see_private_notes`` refuses.

    The key is skipped before the value is read, so the column is never even loaded for
    a response that may not carry it.
    """

    def get_attribute(self, instance):
        if not can_see_private_notes(self.context["request"].user, instance):
            raise SkipField
        return super().get_attribute(instance)


class StrictBooleanField(serializers.BooleanField):
    """A boolean that is missing when it is not sent, in JSON and form-encoded bodies alike.

    DRF reads an absent checkbox of a form-encoded body as ``false``; an API client that
    leaves a field out means "not given", so a required boolean is refused and an optional
    one takes its default.
    """

    default_empty_html = empty


class _BlankAsNull:
    """Unset (an empty string in the database) reads as ``null``; ``null`` or ``""`` in means unset."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        # An answer is never blank (unset is null), so only an input field documents "" as accepted.
        kwargs.setdefault("allow_blank", not kwargs.get("read_only", False))
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return (True, "")
        return super().validate_empty_values(data)

    def to_representation(self, value):
        return value or None


class BlankAsNullURLField(_BlankAsNull, serializers.URLField):
    """A link that may be unset: ``null`` (or ``""``) in, ``null`` out, stored as an empty string."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)


class BlankAsNullEmailField(_BlankAsNull, serializers.EmailField):
    """An email address that may be unset: ``null`` (or ``""``) in, ``null`` out, stored as an empty string."""
