"""Serializers of recognition and notifications: company values, recognition on the walls, a person's notifications."""

from rest_framework import serializers

from ...models import CompanyValue, Notification, Recognition, User
from ...permissions import agents_recognisable_by
from ...selectors.recognition import company_values
from .fields import VisibleRelatedField


class CompanyValueSerializer(serializers.ModelSerializer):
    """One of the company's values people are recognised for."""

    class Meta:
        model = CompanyValue
        fields = ("id", "name", "description", "order")
        read_only_fields = fields


class RecognitionSerializer(serializers.ModelSerializer):
    """Recognition of an agent for a value, or the celebration of a goal they reached (``value`` null)."""

    class Meta:
        model = Recognition
        fields = ("id", "agent", "team", "given_by", "value", "message", "goal", "is_celebration", "created_at")
        read_only_fields = fields


class RecognitionCreateSerializer(serializers.Serializer):
    """Recognise an agent of one of your teams for one of the company's current values."""

    agent = VisibleRelatedField(visible=agents_recognisable_by, queryset=User.objects.all())
    value = VisibleRelatedField(visible=lambda user: company_values(), queryset=CompanyValue.objects.all())
    message = serializers.CharField(max_length=2000)


class NotificationSerializer(serializers.ModelSerializer):
    """One of your notifications, and whether and when you read it."""

    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ("id", "kind", "title", "body", "url", "created_at", "read_at", "is_read")
        read_only_fields = fields


class NotificationsReadSerializer(serializers.Serializer):
    """How many notifications were marked read."""

    marked_read = serializers.IntegerField()
