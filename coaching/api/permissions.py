"""Who may call which API writes: DRF permission classes that delegate to ``coaching.permissions``.

Reads need nothing beyond signing in: every queryset already comes from the visibility
policy, so a record outside it is a 404. Writes are gated twice, the same way the pages
are: first here, by whether the policy lets the user do this kind of thing at all
(``may_manage``, ``may_coach``, ``may_import``, ...), so an agent asking to record an
observation is refused (403) before anything is parsed; then per agent or per object, by
the policy functions (``can_set_goals_for``, ``can_manage``, ``can_coach``), called here or
inside the service.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..permissions import (
    can_set_goals_for,
    may_coach,
    may_configure_alert_rules,
    may_import,
    may_manage,
    may_provision_people,
    may_read_api_docs,
    may_set_goals,
)


class ManagersWrite(BasePermission):
    """Reads for everyone signed in; writes for managers and administrators (goals, one-on-ones, action items)."""

    message = _("Only managers and administrators may do this.")

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or may_manage(request.user)


class CoachesWrite(BasePermission):
    """Reads for everyone signed in; writes for coaches, managers and administrators (observations, sessions)."""

    message = _("Only coaches, managers and administrators may do this.")

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or may_coach(request.user)


class MayChangeGoal(BasePermission):
    """A goal is changed only by those ``permissions.can_set_goals_for`` allows for its team or agent."""

    message = _("Only the team's managers and administrators change this goal.")

    def has_object_permission(self, request, view, goal):
        return request.method in SAFE_METHODS or can_set_goals_for(request.user, team=goal.team, agent=goal.agent)


class MayImport(BasePermission):
    """KPI imports: administrators only (``permissions.may_import``)."""

    message = _("Only administrators import KPI data.")

    def has_permission(self, request, view):
        return may_import(request.user)


class MayConfigureAlertRules(BasePermission):
    """Alert rules, read or written: administrators only (``permissions.may_configure_alert_rules``)."""

    message = _("Only administrators configure alert rules.")

    def has_permission(self, request, view):
        return may_configure_alert_rules(request.user)


class MaySetGoals(BasePermission):
    """Goal templates, read or written: managers of a team and administrators (``permissions.may_set_goals``)."""

    message = _("Only managers and administrators set goals.")

    def has_permission(self, request, view):
        return may_set_goals(request.user)


class MayProvisionPeople(BasePermission):
    """People and memberships, read or written: administrators only (``permissions.may_provision_people``)."""

    message = _("Only administrators create and change people, teams and memberships.")

    def has_permission(self, request, view):
        return may_provision_people(request.user)


class AdministratorsProvision(BasePermission):
    """Reads for everyone signed in (scoped by the policy); creating and changing for administrators (teams)."""

    message = _("Only administrators create and change people, teams and memberships.")

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or may_provision_people(request.user)


class ApiDocsReadable(BasePermission):
    """The OpenAPI schema and the Swagger UI: for those ``permissions.may_read_api_docs`` allows."""

    def has_permission(self, request, view):
        return may_read_api_docs(request.user)
