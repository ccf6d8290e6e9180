"""The one visibility policy: who may see which teams, agents and per-agent records.

Every page, API endpoint, export and notification fetches through these functions:

- an agent sees only their own records;
- a manager sees the agents currently in the teams they manage;
- a coach sees the agents currently in the teams they cover;
- an administrator sees everything.

``get_*_or_404`` answer "not yours" exactly like "does not exist", so an id tells an
outsider nothing.

The policy has a module per concept: ``org`` (people and teams, and what follows from a
person's role as a whole), ``goals`` (and expectations), ``one_on_ones``, ``observations``
(and coaching sessions), ``pulse``, ``alerts``, ``recognition``, ``imports``, ``metrics``,
``notifications`` and ``system``. Every public name is re-exported here, so callers import
from ``coaching.permissions``. One naming scheme: ``*_visible_to(user)`` narrows to what a
user may see, ``get_*_or_404`` fetches one of those, ``can_*(user, obj)`` decides about one
object and ``may_*(user)`` about a kind of action as a whole.
"""

from .alerts import (
    can_decide_proposal,
    get_investigation_or_404,
    get_proposal_or_404,
    investigations_visible_to,
    may_configure_alert_rules,
    may_see_investigations,
    may_work_on,
    proposals_visible_to,
)
from .goals import can_set_goals_for, expectations_visible_to, get_goal_or_404, goals_visible_to, may_set_goals
from .imports import get_import_batch_or_404, import_batches_visible_to, may_import
from .metrics import may_configure_metrics
from .notifications import get_notification_or_404, may_receive_weekly_digest, notifications_of
from .observations import (
    agents_coachable_by,
    can_answer_disputes,
    get_observation_or_404,
    get_session_or_404,
    observations_visible_to,
    sessions_visible_to,
)
from .one_on_ones import (
    agents_managed_by,
    can_add_agenda_item,
    can_see_private_notes,
    can_set_action_item_done,
    one_on_ones_visible_to,
)
from .org import (
    HomeKind,
    agents_visible_to,
    can_coach,
    can_filter_records_by_team,
    can_manage,
    get_agent_or_404,
    get_record_or_404,
    get_team_or_404,
    home_kind,
    may_coach,
    may_manage,
    may_provision_people,
    may_see_only_own_records,
    may_see_whole_organisation,
    records_visible_to,
    teams_managed_by,
    teams_visible_to,
)
from .pulse import (
    can_create_survey,
    get_survey_or_404,
    may_answer_pulse_surveys,
    may_survey_every_team,
    survey_teams_visible_to,
    surveys_visible_to,
)
from .recognition import (
    agents_recognisable_by,
    can_recognise,
    get_wall_team_or_404,
    recognitions_visible_to,
    wall_teams_of,
)
from .system import may_read_api_docs, may_see_system_status

__all__ = [
    "HomeKind",
    "agents_coachable_by",
    "agents_managed_by",
    "agents_recognisable_by",
    "agents_visible_to",
    "can_add_agenda_item",
    "can_answer_disputes",
    "can_coach",
    "can_create_survey",
    "can_decide_proposal",
    "can_filter_records_by_team",
    "can_manage",
    "can_recognise",
    "can_see_private_notes",
    "can_set_action_item_done",
    "can_set_goals_for",
    "expectations_visible_to",
    "get_agent_or_404",
    "get_goal_or_404",
    "get_import_batch_or_404",
    "get_investigation_or_404",
    "get_notification_or_404",
    "get_observation_or_404",
    "get_proposal_or_404",
    "get_record_or_404",
    "get_session_or_404",
    "get_survey_or_404",
    "get_team_or_404",
    "get_wall_team_or_404",
    "goals_visible_to",
    "home_kind",
    "import_batches_visible_to",
    "investigations_visible_to",
    "may_answer_pulse_surveys",
    "may_coach",
    "may_configure_alert_rules",
    "may_configure_metrics",
    "may_import",
    "may_manage",
    "may_provision_people",
    "may_see_investigations",
    "may_see_only_own_records",
    "may_read_api_docs",
    "may_see_system_status",
    "may_see_whole_organisation",
    "may_set_goals",
    "may_survey_every_team",
    "may_work_on",
    "may_receive_weekly_digest",
    "notifications_of",
    "observations_visible_to",
    "one_on_ones_visible_to",
    "proposals_visible_to",
    "recognitions_visible_to",
    "records_visible_to",
    "sessions_visible_to",
    "survey_teams_visible_to",
    "surveys_visible_to",
    "teams_managed_by",
    "teams_visible_to",
    "wall_teams_of",
]
