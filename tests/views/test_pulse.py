"""Pulse pages: the agent's answer form, the survey form, anonymous results, each role."""

import csv
import datetime
import io

import pytest

from coaching import clock
from coaching.models import PulseResponse, PulseRound, PulseSurvey
from coaching.services.pulse import pulse_answer, pulse_rounds_open
from tests.factories import AgentFactory, MembershipFactory
from tests.services.test_pulse import answers_for, make_survey


@pytest.fixture
def open_round(org, monkeypatch):
    monkeypatch.setattr("coaching.services.pulse.notification_send", lambda **kwargs: None)
    survey = make_survey(org.admin, teams=[org.team_a, org.team_b])
    survey.starts_on = clock.today()
    survey.save()
    (pulse_round,) = pulse_rounds_open(today=clock.today())
    return survey, pulse_round


def test_agent_answers_with_buttons_once(client, org, open_round):
    survey, pulse_round = open_round
    client.force_login(org.agent_a1)
    page = client.get(f"/pulse/rounds/{pulse_round.pk}/answer/")
    assert page.status_code == 200
    assert b'class="btn-check"' in page.content
    form = {f"q{key}": value for key, value in answers_for(survey, text="Quieter room").items()}
    assert client.post(f"/pulse/rounds/{pulse_round.pk}/answer/", form).status_code == 302
    assert PulseResponse.objects.count() == 1
    again = client.post(f"/pulse/rounds/{pulse_round.pk}/answer/", form)
    assert b"already answered" in again.content
    assert PulseResponse.objects.count() == 1


def test_agent_of_another_team_cannot_open_the_answer_form(client, org, open_round, monkeypatch):
    survey, pulse_round = open_round
    survey.teams.set([org.team_a])
    client.force_login(org.agent_b1)
    form = {f"q{key}": value for key, value in answers_for(survey).items()}
    assert client.get(f"/pulse/rounds/{pulse_round.pk}/answer/").status_code == 404
    assert client.post(f"/pulse/rounds/{pulse_round.pk}/answer/", form).status_code == 404
    assert PulseResponse.objects.count() == 0


def test_managers_cannot_answer(client, org, open_round):
    _survey, pulse_round = open_round
    client.force_login(org.manager_a)
    assert client.get(f"/pulse/rounds/{pulse_round.pk}/answer/").status_code == 404


def test_banner_include_lists_the_open_round(org, open_round):
    from django.template.loader import render_to_string

    from coaching.selectors.pulse import pulse_open_rounds_for

    html = render_to_string(
        "coaching/pulse/open_banner.html", {"pulse_open_rounds": pulse_open_rounds_for(org.agent_a1)}
    )
    assert "A pulse survey is open" in html


def close(pulse_round):
    """Move the round into the past, as if its closing day had gone by."""
    today = clock.today()
    PulseRound.objects.filter(pk=pulse_round.pk).update(
        opens_on=today - datetime.timedelta(days=14), closes_on=today - datetime.timedelta(days=1)
    )


def test_results_hide_a_team_of_four_and_show_a_team_of_five(client, org, open_round):
    survey, pulse_round = open_round
    for agent in [org.agent_a1, org.agent_a2] + [
        MembershipFactory(agent=AgentFactory(), team=org.team_a).agent for _ in range(3)
    ]:
        pulse_answer(round=pulse_round, agent=agent, answers=answers_for(survey, text=f"A{agent.pk}"))
    for agent in [org.agent_b1] + [MembershipFactory(agent=AgentFactory(), team=org.team_b).agent for _ in range(3)]:
        pulse_answer(round=pulse_round, agent=agent, answers=answers_for(survey, text=f"SECRET{agent.pk}"))
    client.force_login(org.manager_a)
    while_open = client.get(f"/pulse/{survey.pk}/").content
    assert b"Results appear when the round closes" in while_open
    assert b"A" + str(org.agent_a1.pk).encode() not in while_open
    close(pulse_round)
    client.force_login(org.manager_b)
    page = client.get(f"/pulse/{survey.pk}/")
    assert page.status_code == 200
    assert b"Not enough answers to keep them anonymous (fewer than 5)" in page.content
    assert b"SECRET" not in page.content
    client.force_login(org.manager_a)
    assert b"A" + str(org.agent_a1.pk).encode() in client.get(f"/pulse/{survey.pk}/").content
    client.force_login(org.admin)
    admin_page = client.get(f"/pulse/{survey.pk}/").content
    assert b"SECRET" not in admin_page


@pytest.mark.parametrize("role", ["agent_a1", "agent_b1"])
def test_agents_asking_for_results_get_404(client, org, open_round, role):
    survey, _pulse_round = open_round
    client.force_login(getattr(org, role))
    assert client.get(f"/pulse/{survey.pk}/").status_code == 404


def test_manager_of_other_teams_does_not_see_a_team_only_survey(client, org, monkeypatch):
    survey = make_survey(org.manager_a, teams=[org.team_a])
    client.force_login(org.manager_b)
    assert client.get(f"/pulse/{survey.pk}/").status_code == 404
    client.force_login(org.coach_a)
    assert client.get(f"/pulse/{survey.pk}/").status_code == 200


@pytest.mark.parametrize("role", ["agent_a1", "manager_a", "coach_a", "admin"])
def test_pulse_index_answers_every_role(client, org, open_round, role):
    client.force_login(getattr(org, role))
    assert client.get("/pulse/").status_code == 200


def test_manager_creates_a_survey_for_their_team_and_agent_cannot(client, org):
    data = {
        "name": "Alpha pulse",
        "teams": [org.team_a.pk],
        "schedule": "weekly",
        "starts_on": "2025-03-03",
        "recommend_text": "Recommend?",
        "statements": "Tools\nRecognition",
        "free_text": "Anything else?",
    }
    client.force_login(org.agent_a1)
    assert client.post("/pulse/new/", data).status_code == 403
    assert PulseSurvey.objects.count() == 0
    client.force_login(org.manager_a)
    assert client.post("/pulse/new/", {**data, "teams": [org.team_b.pk]}).status_code == 200
    assert PulseSurvey.objects.count() == 0
    assert client.post("/pulse/new/", data).status_code == 302
    assert PulseSurvey.objects.get().questions.count() == 4


def export_rows(client, survey):
    response = client.get(f"/pulse/{survey.pk}/results.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_results_export_keeps_the_threshold_shows_no_open_round_and_neutralises_formulas(client, org, open_round):
    survey, pulse_round = open_round
    team_a = [org.agent_a1, org.agent_a2] + [
        MembershipFactory(agent=AgentFactory(), team=org.team_a).agent for _ in "123"
    ]
    for agent in team_a:
        pulse_answer(round=pulse_round, agent=agent, answers=answers_for(survey, text="=HYPERLINK(1)"))
    for agent in [org.agent_b1] + [MembershipFactory(agent=AgentFactory(), team=org.team_b).agent for _ in "123"]:
        pulse_answer(round=pulse_round, agent=agent, answers=answers_for(survey, text=f"SECRET{agent.pk}"))
    client.force_login(org.admin)
    header, *rows = export_rows(client, survey)
    assert header[:8] == [
        "scope",
        "group",
        "round_opens_on",
        "round_closes_on",
        "status",
        "responses",
        "enps",
        "engagement",
    ]
    assert [(row[0], row[1], row[4], row[5]) for row in rows] == [
        ("organisation", "Organisation", "open", ""),
        ("team", "Alpha", "open", ""),
        ("team", "Bravo", "open", ""),
    ]
    close(pulse_round)
    header, *rows = export_rows(client, survey)
    by_group = {row[1]: row for row in rows}
    assert by_group["Alpha"][4:8] == ["results", "5", "0.0", "75.0"]
    assert by_group["Alpha"][-1].startswith("'=HYPERLINK")  # a formula would run in a spreadsheet
    assert by_group["Bravo"][4:] == ["too_few_answers", "", "", "", "", "", ""]
    assert by_group["Organisation"][5] == "5"  # Bravo's four are not added in, so they cannot be subtracted out
    everything = "".join(",".join(row) for row in rows)
    assert "SECRET" not in everything
    client.force_login(org.manager_b)
    assert [row[1] for row in export_rows(client, survey)[1:]] == ["Bravo"]


@pytest.mark.parametrize("role", ["agent_a1", "agent_b1"])
def test_agents_asking_for_the_results_export_get_404(client, org, open_round, role):
    survey, _pulse_round = open_round
    client.force_login(getattr(org, role))
    assert client.get(f"/pulse/{survey.pk}/results.csv").status_code == 404
