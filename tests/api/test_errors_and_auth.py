"""The one error shape, token authentication and the token throttle."""

import pytest
from rest_framework.authtoken.models import Token

from coaching.models import Goal


def _error(response, status_code: int) -> dict:
    assert response.status_code == status_code, response.content
    body = response.json()
    assert list(body) == ["error"]
    assert {"code", "message"} <= set(body["error"]) <= {"code", "message", "fields"}
    return body["error"]


def test_missing_and_malformed_fields_are_a_400_with_every_field_named(api, world):
    error = _error(api("manager_a").post("/api/v1/goals/", {"metric": world.metric.pk, "target": "lots"}), 400)
    assert error["code"] == "invalid"
    assert error["message"] == "The request is not valid; see the fields for details."
    assert error["fields"]["title"] == ["This field is required."]
    assert error["fields"]["target"] == ["A valid number is required."]
    assert {"start_date", "due_date", "objective"} <= set(error["fields"])


def test_nested_input_errors_keep_their_position(api, world):
    body = {
        "agent": world.org.agent_a1.pk,
        "observed_at": "2020-01-01T10:00:00Z",
        "method": "telepathy",
        "ratings": [{"behaviour": world.behaviour.pk, "score": 3}, {"behaviour": 999999, "score": "high"}],
    }
    error = _error(api("coach_a").post("/api/v1/observations/", body, format="json"), 400)
    assert error["fields"]["method"] == ['"telepathy" is not a valid choice.']
    assert list(error["fields"]["ratings"]) == ["1"]
    assert set(error["fields"]["ratings"]["1"]) == {"behaviour", "score"}


def test_a_service_rule_without_a_field_is_the_message_and_has_no_fields(api, world):
    goal = world.record("goals")
    error = _error(api("manager_a").post(f"/api/v1/goals/{goal.pk}/adjust/", {"reason": "Nothing new"}), 400)
    assert error == {"code": "invalid", "message": "Nothing to change: give a new target or a new due date."}


def test_a_service_rule_on_a_field_names_the_field(api, world):
    goal = world.record("goals")
    error = _error(api("manager_a").post(f"/api/v1/goals/{goal.pk}/adjust/", {"reason": " ", "target": "70"}), 400)
    assert error["fields"] == {"reason": ["Say why the goal changes; the reason stays in its history."]}


def test_unparseable_json_is_a_parse_error(api, world):
    response = api("manager_a").post("/api/v1/goals/", "{not json", content_type="application/json")
    assert _error(response, 400)["code"] == "parse_error"


def test_forbidden_not_found_and_wrong_method_share_the_shape(api, world):
    client = api("agent_a1")
    assert _error(client.post("/api/v1/goals/", {}), 403)["code"] == "permission_denied"
    assert _error(client.get("/api/v1/goals/999999/"), 404)["code"] == "not_found"
    goal = world.record("goals")
    assert _error(api("admin").delete(f"/api/v1/goals/{goal.pk}/"), 405)["code"] == "method_not_allowed"


def test_an_invalid_filter_value_is_a_400_naming_the_parameter(api, world):
    error = _error(api("admin").get("/api/v1/metric-values/", {"day_from": "yesterday"}), 400)
    assert error["fields"] == {"day_from": ["Enter a date as YYYY-MM-DD."]}


def test_a_page_past_the_end_is_a_404_in_the_same_shape(api, world):
    assert _error(api("admin").get("/api/v1/goals/", {"page": 99}), 404)["code"] == "not_found"


def test_an_unknown_token_is_refused_with_authentication_failed(api, world):
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert _error(client.get("/api/v1/goals/"), 401)["code"] == "authentication_failed"


def test_the_token_of_a_deactivated_service_account_stops_working(api, world):
    client = api("manager_a", token=True)
    assert client.get("/api/v1/goals/").status_code == 200
    world.org.manager_a.is_active = False
    world.org.manager_a.save()
    assert _error(client.get("/api/v1/goals/"), 401)["code"] == "authentication_failed"


def test_a_service_account_sees_what_its_role_allows(api, world):
    key = Token.objects.create(user=world.org.coach_a).key
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    agents = {row["id"] for row in client.get("/api/v1/agents/").json()["results"]}
    assert agents == {world.org.agent_a1.pk, world.org.agent_a2.pk}


def test_session_writes_need_the_csrf_token(world):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.org.manager_a)
    response = client.post(f"/api/v1/goals/{world.record('goals').pk}/adjust/", {"reason": "x", "target": "70"})
    error = _error(response, 403)
    assert "CSRF" in error["message"]


@pytest.fixture
def three_per_minute(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/min"}}


def test_a_token_client_over_the_limit_gets_429_with_retry_after(api, world, three_per_minute):
    client = api("admin", token=True)
    for _ in range(3):
        assert client.get("/api/v1/metrics/").status_code == 200
    before = Goal.objects.count()
    response = client.post("/api/v1/goals/", {})
    error = _error(response, 429)
    assert error["code"] == "throttled"
    assert "throttled" in error["message"]
    assert int(response["Retry-After"]) > 0
    assert Goal.objects.count() == before


def test_each_token_has_its_own_allowance(api, world, three_per_minute):
    first, second = api("admin", token=True), api("manager_a", token=True)
    for _ in range(3):
        first.get("/api/v1/metrics/")
    assert first.get("/api/v1/metrics/").status_code == 429
    assert second.get("/api/v1/metrics/").status_code == 200


def test_browser_sessions_are_not_throttled(api, world, three_per_minute):
    client = api("admin")
    assert all(client.get("/api/v1/metrics/").status_code == 200 for _ in range(6))
