"""Notifications: what the app tells a person, in-app and by email, and which kinds each person wants by email."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .org import User


class NotificationKind(models.TextChoices):
    """What a notification is about; each person chooses per kind whether it also comes by email."""

    EXPECTATION_TO_ACKNOWLEDGE = "expectation_to_acknowledge", _("An expectation to acknowledge")
    ONE_ON_ONE_SOON = "one_on_one_soon", _("A one-on-one in the next 24 hours")
    FOLLOW_UP_DUE = "follow_up_due", _("A follow-up due")
    INVESTIGATION_ASSIGNED = "investigation_assigned", _("An investigation assigned to you")
    COACHING_PROPOSED = "coaching_proposed", _("A coaching session proposed to you")
    RECOGNITION_RECEIVED = "recognition_received", _("Recognition received")
    PULSE_SURVEY_OPEN = "pulse_survey_open", _("A pulse survey open")
    WEEKLY_DIGEST = "weekly_digest", _("The weekly digest of your teams")


class Notification(models.Model):
    """One message to one person, shown in their notification centre and, if they want, emailed.

    ``reference`` names what a reminder is about (``one_on_one:<agent>:<manager>:2025-05-01T09:00``); a
    reminder with the same recipient, kind and reference is never sent twice.
    """

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    reference = models.CharField(_("about"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[choice.value for choice in NotificationKind]), name="notification_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "reference"],
                condition=~Q(reference=""),
                name="notification_reminder_sent_once",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_recipient_read")]

    def __str__(self):
        return f"{self.recipient} · {self.title}"

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Whether ``user`` wants notifications of ``kind`` by email; without a row the default applies.

    The default is email for every kind, except the weekly digest, which only managers get.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    email = models.BooleanField(_("by email"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ("user", "kind")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=[choice.value for choice in NotificationKind]),
                name="notification_preference_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}: {self.email}"
