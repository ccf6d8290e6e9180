"""Pulse surveys over the API: agents answer their own open rounds; results only above the threshold."""

import pytest

from coaching import clock
from coaching.models import PulseResponse
from coaching.services.pulse import pulse_answer, pulse_rounds_open
from tests.factories import AgentFactory, MembershipFactory
from tests.services.test_pulse import answers_for, make_survey
from tests.views.test_pulse import close


@pytest.fixture
def pulse(world, monkeypatch):
    monkeypatch.setattr("coaching.services.pulse.notification_send", lambda **kwargs: None)
    org = world.org
    survey = make_survey(org.admin, teams=[org.team_a, org.team_b])
    survey.starts_on = clock.today()
    survey.save()
    (pulse_round,) = pulse_rounds_open(today=clock.today())
    return survey, pulse_round


def body(survey, **kwargs):
    return {
        "answers": [
            {"question": key, **({"text": v} if isinstance(v, str) else {"score": v})}
            for key, v in answers_for(survey, **kwargs).items()
        ]
    }


def test_agent_lists_open_rounds_and_answers_once(api, pulse):
    survey, pulse_round = pulse
    client = api("agent_a1")
    listed = client.get("/api/v1/pulse-rounds/").json()["results"]
    assert [item["id"] for item in listed] == [pulse_round.pk]
    assert len(listed[0]["questions"]) == 4
    assert client.post(f"/api/v1/pulse-rounds/{pulse_round.pk}/answer/", body(survey), format="json").status_code == 204
    again = client.post(f"/api/v1/pulse-rounds/{pulse_round.pk}/answer/", body(survey), format="json")
    assert again.status_code == 400
    assert PulseResponse.objects.count() == 1
    assert client.get("/api/v1/pulse-rounds/").json()["results"] == []


@pytest.mark.parametrize("role", ["manager_a", "coach_a", "admin"])
def test_non_agents_cannot_answer(api, pulse, role):
    survey, pulse_round = pulse
    response = api(role).post(f"/api/v1/pulse-rounds/{pulse_round.pk}/answer/", body(survey), format="json")
    assert response.status_code == 404
    assert PulseResponse.objects.count() == 0


def test_bad_scores_are_a_400(api, pulse):
    survey, pulse_round = pulse
    response = api("agent_a1").post(
        f"/api/v1/pulse-rounds/{pulse_round.pk}/answer/", body(survey, statement=9), format="json"
    )
    assert response.status_code == 400
    assert PulseResponse.objects.count() == 0


@pytest.mark.parametrize("role", ["agent_a1", "agent_b1"])
def test_agent_asking_for_results_gets_404(api, pulse, role):
    survey, _pulse_round = pulse
    assert api(role).get(f"/api/v1/pulse-surveys/{survey.pk}/results/").status_code == 404
    assert api(role).get("/api/v1/pulse-surveys/").json()["results"] == []


def test_results_show_nothing_for_a_team_of_four_even_to_admins(api, world, pulse):
    survey, pulse_round = pulse
    org = world.org
    team_a = [org.agent_a1, org.agent_a2] + [
        MembershipFactory(agent=AgentFactory(), team=org.team_a).agent for _ in range(3)
    ]
    team_b = [org.agent_b1] + [MembershipFactory(agent=AgentFactory(), team=org.team_b).agent for _ in range(3)]
    for agent in team_a + team_b:
        pulse_answer(round=pulse_round, agent=agent, answers=answers_for(survey, text=f"note {agent.pk}"))
    while_open = api("admin").get(f"/api/v1/pulse-surveys/{survey.pk}/results/").json()
    assert all(
        team["rounds"][0]["still_open"] and team["rounds"][0]["responses"] is None for team in while_open["teams"]
    )
    close(pulse_round)
    data = api("admin").get(f"/api/v1/pulse-surveys/{survey.pk}/results/").json()
    by_name = {team["name"]: team["rounds"][0] for team in data["teams"]}
    assert by_name["Alpha"]["enough_answers"] is True and by_name["Alpha"]["responses"] == 5
    bravo = by_name["Bravo"]
    assert bravo["enough_answers"] is False
    assert (
        bravo["responses"] is None and bravo["enps"] is None and bravo["comments"] == [] and bravo["statements"] == []
    )
    assert data["organisation"][0]["responses"] == 5
    manager_b = api("manager_b").get(f"/api/v1/pulse-surveys/{survey.pk}/results/").json()
    assert [team["name"] for team in manager_b["teams"]] == ["Bravo"]
    assert manager_b["organisation"] == []
    assert "note" not in str(manager_b)
