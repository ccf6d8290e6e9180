"""Every list and detail of the API answers exactly what the published OpenAPI schema says.

For each role, every ``GET`` operation in the schema is called on a world that has a record
of every kind, with ids taken from the lists; each answer's status must be documented for
the operation and its body must validate against the documented schema (formats and
undocumented keys included, see ``schema_check``). Every operation must have answered 200 at
least once, so a new endpoint cannot join the schema without being checked here. The error
answers (400, 401, 404) are checked too.
"""

import datetime
from decimal import Decimal

import pytest

from coaching import clock
from coaching.models import (
    AlertCondition,
    AlertRule,
    CompanyValue,
    ImportSource,
    Investigation,
    NotificationKind,
)
from coaching.services.goals import goal_template_create
from coaching.services.imports import metric_values_import
from coaching.services.notifications import notification_send
from coaching.services.one_on_ones import agenda_item_add
from coaching.services.pulse import pulse_rounds_open
from coaching.services.recognition import recognition_give
from tests.services.test_pulse import make_survey

from .schema_check import assert_conforms, openapi

ROLES_CHECKED = ("admin", "manager_a", "coach_a", "agent_a1")
_PARENT_ID = "{id}"


@pytest.fixture
def full_world(world, monkeypatch):
    """The API world plus the records of the alert, pulse, recognition, import and template endpoints."""
    monkeypatch.setattr("coaching.services.pulse.notification_send", lambda **kwargs: None)
    org = world.org
    org.agent_a2.email = ""  # provisioned without one: the schema says null, not an invalid address
    org.agent_a2.save(update_fields=["email"])
    rule = AlertRule.objects.create(
        name="CSAT low", metric=world.metric, condition=AlertCondition.THRESHOLD, threshold=Decimal(10)
    )
    Investigation.objects.create(
        rule=rule,
        metric=world.metric,
        team=org.team_a,
        assignee=org.manager_a,
        due_date=clock.today() + datetime.timedelta(days=14),
        period_end=clock.today() - datetime.timedelta(days=3),
        trigger_data={"condition": "threshold", "latest_value": 12.0},
    )
    from tests.api.test_coaching_proposals import _propose, _rule

    _propose(_rule(world.metric, "CSAT run"), agent=org.agent_a1, coach=org.coach_a, behaviours=[world.behaviour])
    survey = make_survey(org.admin, teams=[org.team_a, org.team_b])
    survey.starts_on = clock.today()
    survey.save()
    pulse_rounds_open(today=clock.today())
    value = CompanyValue.objects.create(name="Own it", order=1)
    recognition_give(actor=org.manager_a, agent=org.agent_a1, value=value, message="Well done")
    for user in world.people.values():
        notification_send(recipient=user, kind=NotificationKind.FOLLOW_UP_DUE, title="Follow up")
    world.batch = metric_values_import(
        source=ImportSource.API,
        actor=org.admin,
        rows=[
            {
                "employee_id": org.agent_a1.employee_id,
                "metric_code": world.metric.code,
                "day": (clock.today() - datetime.timedelta(days=5)).isoformat(),
                "value": "80",
                "sample_size": 10,
            }
        ],
    )
    goal_template_create(goal=world.record("goals"), actor=org.manager_a, name="CSAT for all")
    meeting = world.record("one-on-ones")
    agenda_item_add(one_on_one=meeting, actor=org.manager_a, text="Callbacks")
    return world


def _get_operations() -> list[str]:
    return sorted(path for path, operations in openapi()["paths"].items() if "get" in operations)


def _concrete(template: str, client, world) -> str | None:
    """``template`` filled from what ``client`` sees, preferring a record it answers 200 for; ``None``: nothing seen."""
    if "{" not in template:
        return template
    if template == "/api/v1/imports/{batch_id}/":
        return f"/api/v1/imports/{world.batch.pk}/"
    parent = template[: template.index(_PARENT_ID)]
    listing = client.get(parent, {"page_size": 500})
    if listing.status_code != 200 or not listing.json()["results"]:
        return None
    paths = [template.replace(_PARENT_ID, str(row["id"])) for row in listing.json()["results"]]
    return next((path for path in paths if client.get(path).status_code == 200), paths[0])


@pytest.mark.django_db
def test_every_list_and_detail_answers_as_the_schema_says_for_every_role(api, full_world):
    answered_ok = set()
    for role in ROLES_CHECKED:
        client = api(role)
        for template in _get_operations():
            path = _concrete(template, client, full_world)
            if path is None:
                continue
            response = client.get(path)
            assert_conforms(response, "get", template)
            if response.status_code == 200:
                answered_ok.add(template)
    assert set(_get_operations()) - answered_ok == set(), "never answered 200, so never checked"


@pytest.mark.django_db
def test_error_answers_are_documented_and_in_the_error_shape(api, full_world):
    anonymous, admin = api(), api("admin")
    for template in _get_operations():
        path = _concrete(template, admin, full_world) or template.replace(_PARENT_ID, "1")
        assert_conforms(anonymous.get(path), "get", template)
        if "{id}" in template:
            assert_conforms(admin.get(template.replace(_PARENT_ID, "999999")), "get", template)
        else:
            assert_conforms(admin.get(path, {"no_such_parameter": "1"}), "get", template)
    assert_conforms(admin.get("/api/v1/goals/", {"day_to": "31/12/2026"}), "get", "/api/v1/goals/")
    assert_conforms(admin.get("/api/v1/goals/", {"page": 99}), "get", "/api/v1/goals/")
