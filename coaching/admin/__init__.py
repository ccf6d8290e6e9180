"""The Django admin, where administrators configure the organisation, the KPIs, the behaviour
catalogue, pulse surveys, alert rules and company values, and look up what the app wrote.

One module per concept; importing them registers their model admins. Records the app
writes itself (imports, team-level values, investigations, ...) use ``base.ViewOnlyAdmin``.
"""

from . import alerts, imports, metrics, notifications, observations, org, outbox, pulse, recognition  # noqa: F401
