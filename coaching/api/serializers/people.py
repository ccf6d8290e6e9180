"""Serializers of provisioning (administrators, e.g. an HR system): people, teams and team memberships.

No serializer here ever answers with a password or its hash: ``password`` is write-only, and
a person's answer says only whether they have a usable one.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import Role, Team, TeamMembership, User
from .fields import BlankAsNullEmailField, StrictBooleanField

_PASSWORD_HELP = _(
    "Write-only, never returned. Checked by the site's password rules; leave it out for a person without a "
    "usable password (they sign in once one is set); an empty string removes it."
)


class PersonSerializer(serializers.ModelSerializer):
    """A person: role, names, the id other systems know them by, language, whether active, their team today."""

    email = BlankAsNullEmailField(read_only=True)
    team = serializers.IntegerField(
        source="current_team_id", read_only=True, allow_null=True, help_text=_("An agent's team today.")
    )
    has_usable_password = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = (
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "employee_id",
            "role",
            "language",
            "is_active",
            "team",
            "has_usable_password",
            "date_joined",
            "last_login",
        )
        read_only_fields = fields

    def get_has_usable_password(self, person) -> bool:
        return person.has_usable_password()


class PersonCreateSerializer(serializers.Serializer):
    """A new person; the username is theirs for good."""

    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    email = BlankAsNullEmailField(required=False, default="")
    employee_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(
        choices=[("", _("Site default")), *settings.LANGUAGES], required=False, allow_blank=True, default=""
    )
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, trim_whitespace=False, help_text=_PASSWORD_HELP
    )


class PersonUpdateSerializer(serializers.Serializer):
    """What changes in a person (``PATCH``): only the keys sent; ``is_active: false`` deactivates them."""

    role = serializers.ChoiceField(choices=Role.choices, required=False)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = BlankAsNullEmailField(required=False)
    employee_id = serializers.CharField(max_length=64, required=False, allow_blank=True)
    language = serializers.ChoiceField(
        choices=[("", _("Site default")), *settings.LANGUAGES], required=False, allow_blank=True
    )
    is_active = StrictBooleanField(
        required=False, help_text=_("false: deactivated (no sign-in, no API token); their records stay.")
    )
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, trim_whitespace=False, help_text=_PASSWORD_HELP
    )


class TeamWriteSerializer(serializers.Serializer):
    """A team's name, description, managers (people with the manager role), coaches (the coach role), activity."""

    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True)
    managers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    coaches = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    is_active = StrictBooleanField(required=False, help_text=_("false: retired; only a team without agents today."))


class MembershipSerializer(serializers.ModelSerializer):
    """An agent's membership of a team from a first day to a last day (``end_date`` null: still in the team)."""

    class Meta:
        model = TeamMembership
        fields = ("id", "agent", "team", "start_date", "end_date")
        read_only_fields = fields


class MembershipCreateSerializer(serializers.Serializer):
    """Put an agent in a team from ``start_date``; the team they were in closes the day before."""

    agent = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role=Role.AGENT))
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
    start_date = serializers.DateField(required=False, help_text=_("The first day in the team; default: today."))


class MembershipEndSerializer(serializers.Serializer):
    """The agent's last day in the team."""

    end_date = serializers.DateField()
