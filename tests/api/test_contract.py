"""The API's contract as a fuzzer sees it: unset links are null, 404s are JSON, bad parameters are named 400s.

Each answer is also checked against the published schema (``schema_check.assert_conforms``).
"""

import datetime

import pytest

from coaching.models import ActionItem, Goal, ImportBatch, Observation

from .schema_check import assert_conforms


def _error(response, status_code: int) -> dict:
    assert response.status_code == status_code, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"] and {"code", "message"} <= set(body["error"])
    return body["error"]


# recording_url: null, never ""


def test_an_observation_without_a_recording_reads_null_in_lists_and_details(api, world):
    observation = world.record("observations")
    assert observation.recording_url == ""
    client = api("coach_a")
    detail = client.get(f"/api/v1/observations/{observation.pk}/")
    assert detail.json()["recording_url"] is None
    assert_conforms(detail)
    listing = client.get("/api/v1/observations/")
    assert {row["recording_url"] for row in listing.json()["results"]} == {None}
    assert_conforms(listing)


@pytest.mark.parametrize("given", [None, "", "https://recordings.example.com/call/7"])
def test_an_observation_is_recorded_with_a_link_null_or_nothing(api, world, given):
    body = {
        "agent": world.org.agent_a1.pk,
        "observed_at": "2026-01-05T10:00:00Z",
        "method": "recording",
        "recording_url": given,
        "ratings": [{"behaviour": world.behaviour.pk, "score": 4}],
    }
    response = api("coach_a").post("/api/v1/observations/", body, format="json")
    assert response.status_code == 201, response.content
    assert_conforms(response)
    assert response.json()["recording_url"] == (given or None)
    assert Observation.objects.get(pk=response.json()["id"]).recording_url == (given or "")


def test_a_recording_link_that_is_not_a_url_is_a_400_naming_it(api, world):
    body = {
        "agent": world.org.agent_a1.pk,
        "observed_at": "2026-01-05T10:00:00Z",
        "method": "recording",
        "recording_url": "call 7",
        "ratings": [{"behaviour": world.behaviour.pk, "score": 4}],
    }
    before = Observation.objects.count()
    error = _error(api("coach_a").post("/api/v1/observations/", body, format="json"), 400)
    assert list(error["fields"]) == ["recording_url"]
    assert Observation.objects.count() == before


def test_an_agent_without_an_email_address_reads_null(api, world):
    world.org.agent_a1.email = ""
    world.org.agent_a1.save(update_fields=["email"])
    response = api("agent_a1").get(f"/api/v1/agents/{world.org.agent_a1.pk}/")
    assert response.json()["email"] is None
    assert_conforms(response)


# Import 400s: every one matches the documented body


def test_an_import_body_without_rows_is_a_documented_400_without_a_batch(api, world):
    response = api("admin").post("/api/v1/metric-values/import/", {"rows": "all of them"}, format="json")
    error = _error(response, 400)
    assert error["fields"] == {"rows": ["Expected a list of rows."]}
    assert_conforms(response)
    assert not ImportBatch.objects.exists()


def test_an_import_with_bad_rows_is_a_documented_400_with_its_batch(api, world):
    rows = [{"employee_id": "nobody", "metric_code": "CSAT", "day": "2026-01-05", "value": "x", "sample_size": 1}]
    response = api("admin").post("/api/v1/metric-values/import/", {"rows": rows}, format="json")
    assert response.status_code == 400
    assert response.json()["batch"]["status"] == "failed"
    assert_conforms(response)


def test_an_unreadable_import_body_is_a_documented_400(api, world):
    response = api("admin").post("/api/v1/metric-values/import/", "{not json", content_type="application/json")
    assert _error(response, 400)["code"] == "parse_error"
    assert_conforms(response, "post", "/api/v1/metric-values/import/")


# Malformed ids: a JSON 404 in the error shape, whatever the path


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/goals/0.5/",
        "/api/v1/goals/abc/",
        "/api/v1/goals/-1/",
        "/api/v1/goals/1e3/",
        "/api/v1/goals/0.5/adjust/",
        "/api/v1/imports/abc/",
        "/api/v1/observations/1.0/ratings/x/dispute/",
        "/api/v1/no-such-resource/",
        "/api/v2/goals/",
        "/api/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_malformed_id_or_unknown_path_under_api_is_a_json_404(api, world, path, method):
    client = api("admin")
    client.handler.enforce_csrf_checks = True  # a JSON 404 even before any CSRF check
    assert _error(getattr(client, method)(path), 404)["code"] == "not_found"


def test_a_malformed_id_is_a_json_404_for_anonymous_callers_too(api, world):
    assert _error(api().get("/api/v1/goals/0.5/"), 404)["code"] == "not_found"


def test_an_id_too_large_for_the_database_is_a_json_404(api, world):
    response = api("admin").get("/api/v1/goals/99999999999999999999999/")
    assert _error(response, 404)["code"] == "not_found"
    assert_conforms(response)


def test_a_path_under_api_without_its_final_slash_is_still_redirected(api, world):
    response = api("admin").get("/api/v1/goals")
    assert response.status_code == 301 and response["Location"] == "/api/v1/goals/"


def test_pages_outside_the_api_keep_the_html_not_found_page(client, world):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


# Query parameters: nothing silently accepted


@pytest.mark.parametrize("value", ["null", "", "0", "-5", "1.5", "501", "abc", "10 "])
def test_a_page_size_that_is_not_1_to_500_is_a_400_naming_it(api, world, value):
    response = api("admin").get("/api/v1/goals/", {"page_size": value})
    error = _error(response, 400)
    assert list(error["fields"]) == ["page_size"]
    assert_conforms(response)


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", ""])
def test_a_malformed_page_number_is_a_400_and_a_page_past_the_end_a_404(api, world, value):
    client = api("admin")
    assert list(_error(client.get("/api/v1/goals/", {"page": value}), 400)["fields"]) == ["page"]
    assert _error(client.get("/api/v1/goals/", {"page": 2}), 404)["code"] == "not_found"
    assert client.get("/api/v1/goals/", {"page": 1, "page_size": 500}).status_code == 200
    assert client.get("/api/v1/goals/", {"page": "last"}).status_code == 200


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "31/12/2026", "12/31/2026", "2026-01-01T00:00", "today"])
@pytest.mark.parametrize(
    "endpoint", ["goals", "one-on-ones", "action-items", "observations", "coaching-sessions", "expectations"]
)
def test_a_malformed_day_is_a_400_naming_the_parameter(api, world, endpoint, value):
    response = api("admin").get(f"/api/v1/{endpoint}/", {"day_to": value})
    assert _error(response, 400)["fields"] == {"day_to": ["Enter a date as YYYY-MM-DD."]}
    assert_conforms(response)


def test_a_day_range_that_runs_backwards_is_a_400(api, world):
    response = api("admin").get("/api/v1/goals/", {"day_from": "2026-03-02", "day_to": "2026-03-01"})
    assert list(_error(response, 400)["fields"]) == ["day_to"]
    assert api("admin").get("/api/v1/goals/", {"day_from": "2026-03-01", "day_to": "2026-03-01"}).status_code == 200


@pytest.mark.parametrize(
    ("endpoint", "parameter"),
    [("teams", "is_active"), ("agents", "is_active"), ("notifications", "unread"), ("recognitions", "is_celebration")],
)
def test_a_boolean_filter_that_is_not_true_or_false_is_a_400(api, world, endpoint, parameter):
    client = api("admin")
    assert _error(client.get(f"/api/v1/{endpoint}/", {parameter: "maybe"}), 400)["fields"] == {
        parameter: ["Enter true or false."]
    }
    for value in ("true", "false", "True", "1", "0"):
        assert client.get(f"/api/v1/{endpoint}/", {parameter: value}).status_code == 200


def test_boolean_filters_still_filter(api, world):
    team_c = type(world.org.team_a).objects.create(name="Closed", is_active=False)
    client = api("admin")
    names = lambda value: {row["name"] for row in client.get("/api/v1/teams/", {"is_active": value}).json()["results"]}  # noqa: E731
    assert names("false") == {team_c.name}
    assert team_c.name not in names("true")


@pytest.mark.parametrize("value", ["0.5", "abc", "1e3"])
def test_a_malformed_id_filter_is_a_400(api, world, value):
    for endpoint in ("goals", "recognitions"):
        response = api("admin").get(f"/api/v1/{endpoint}/", {"agent": value})
        assert list(_error(response, 400)["fields"]) == ["agent"]


def test_an_unknown_query_parameter_is_a_400_naming_it_and_the_known_ones(api, world):
    response = api("admin").get("/api/v1/goals/", {"stauts": "active", "page_size": 10})
    error = _error(response, 400)
    assert list(error["fields"]) == ["stauts"]
    assert "status" in error["fields"]["stauts"][0] and "page_size" in error["fields"]["stauts"][0]
    assert_conforms(response)


def test_a_list_without_filters_refuses_unknown_parameters_too(api, world):
    assert list(_error(api("admin").get("/api/v1/company-values/", {"q": "x"}), 400)["fields"]) == ["q"]


def test_query_parameters_of_a_detail_are_not_judged(api, world):
    goal = world.record("goals")
    assert api("admin").get(f"/api/v1/goals/{goal.pk}/", {"anything": "1"}).status_code == 200


# Booleans of a body: missing means "not given", in every encoding


@pytest.mark.parametrize("encoding", ["json", "multipart"])
def test_marking_an_action_item_without_done_is_a_400_and_changes_nothing(api, world, encoding):
    item = world.record("action-items")
    ActionItem.objects.filter(pk=item.pk).update(done_at=datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC))
    response = api("manager_a").post(f"/api/v1/action-items/{item.pk}/done/", {}, format=encoding)
    assert _error(response, 400)["fields"] == {"done": ["This field is required."]}
    assert_conforms(response)
    item.refresh_from_db()
    assert item.done_at is not None


@pytest.mark.parametrize("encoding", ["json", "multipart"])
def test_done_false_reopens_an_item_in_every_encoding(api, world, encoding):
    item = world.record("action-items")
    ActionItem.objects.filter(pk=item.pk).update(done_at=datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC))
    response = api("manager_a").post(f"/api/v1/action-items/{item.pk}/done/", {"done": False}, format=encoding)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.done_at is None


def test_a_form_encoded_goal_left_without_activate_takes_the_documented_default(api, world, monkeypatch):
    from coaching.services import goals

    seen = {}
    real = goals.goal_create

    def spy(**kwargs):
        seen["activate"] = kwargs["activate"]
        return real(**kwargs)

    monkeypatch.setattr(goals, "goal_create", spy)
    body = {
        "metric": world.metric.pk,
        "agent": world.org.agent_a1.pk,
        "title": "CSAT up",
        "objective": "Fewer callbacks",
        "target": "90",
        "start_date": "2026-02-01",
        "due_date": "2026-05-01",
    }
    response = api("manager_a").post("/api/v1/goals/", body, format="multipart")
    assert response.status_code == 201, response.content
    assert seen["activate"] is True
    assert Goal.objects.filter(pk=response.json()["id"]).exists()
