"""The token throttle: a fixed window per token, and a Retry-After that is the real wait."""

import datetime

import pytest

from coaching.api.throttling import parse_rate

# 20 seconds into a minute: the window ends 40 seconds later.
START = datetime.datetime(2026, 11, 25, 12, 0, 20, tzinfo=datetime.UTC)


@pytest.fixture
def three_per_minute(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/min"}}


def test_retry_after_says_when_the_allowance_comes_back_and_it_does(api, world, three_per_minute, time_machine):
    time_machine.move_to(START, tick=False)
    client = api("manager_a", token=True)
    assert [client.get("/api/v1/goals/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/goals/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert refused.json()["error"] == {
        "code": "throttled",
        "message": "Request was throttled. Expected available in 40 seconds.",
    }

    time_machine.move_to(START + datetime.timedelta(seconds=39.5), tick=False)
    still = client.get("/api/v1/goals/")
    assert still.status_code == 429 and still["Retry-After"] == "1"  # half a second, rounded up

    time_machine.move_to(START + datetime.timedelta(seconds=40), tick=False)
    assert [client.get("/api/v1/goals/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_daily_rate_waits_until_the_day_ends(api, world, settings, time_machine):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "1/day"}}
    time_machine.move_to(datetime.datetime(2026, 11, 25, 18, 0, tzinfo=datetime.UTC), tick=False)
    client = api("admin", token=True)
    assert client.get("/api/v1/teams/").status_code == 200
    assert client.get("/api/v1/teams/")["Retry-After"] == str(6 * 60 * 60)


def test_rates_are_read_as_the_readme_writes_them():
    assert parse_rate("1000/min") == (1000, 60)
    assert parse_rate("5/s") == (5, 1)
    assert parse_rate("100/hour") == (100, 3600)
    assert parse_rate("10000/day") == (10000, 86400)
