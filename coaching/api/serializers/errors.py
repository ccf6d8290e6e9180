"""The error body every API failure answers with, described for the schema."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    """What went wrong: a stable code, a sentence for people and, for invalid input, the fields at fault."""

    code = serializers.CharField(
        help_text=_("invalid, not_authenticated, permission_denied, not_found, throttled, ...")
    )
    message = serializers.CharField()
    fields = serializers.DictField(
        required=False,
        help_text=_("Only for invalid input: each field at fault with its messages (nested for nested input)."),
    )


class ErrorSerializer(serializers.Serializer):
    """``{"error": {"code", "message", "fields"}}``."""

    error = ErrorDetailSerializer()
