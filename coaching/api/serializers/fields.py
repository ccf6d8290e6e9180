"""Serializer fields shared by the API: references scoped by the visibility policy, private notes."""

from rest_framework import serializers
from rest_framework.fields import SkipField

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
