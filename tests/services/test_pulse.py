"""Pulse-survey services: defining surveys, opening rounds, answering once and anonymously, reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coaching.models import (
    PulseAnswer,
    PulseParticipation,
    PulseQuestion,
    PulseQuestionKind,
    PulseResponse,
    PulseRound,
    PulseSchedule,
    PulseSurvey,
)
from coaching.selectors.pulse import (
    pulse_open_rounds_for,
    survey_results,
)
from coaching.services.pulse import (
    pulse_answer,
    pulse_reminders_send,
    pulse_rounds_open,
    pulse_survey_create,
    round_dates,
)
from tests.factories import AgentFactory, MembershipFactory

START = datetime.date(2025, 1, 6)  # a Monday


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr("coaching.services.pulse.notification_send", lambda **kwargs: calls.append(kwargs))
    return calls


def make_survey(actor, teams=(), schedule=PulseSchedule.BIWEEKLY):
    return pulse_survey_create(
        actor=actor,
        name="Team pulse",
        teams=list(teams),
        schedule=schedule,
        starts_on=START,
        recommend_text="Would you recommend working here?",
        statements=["I have the tools I need.", "My work is recognised."],
        free_text="What would make work better?",
    )


def answers_for(survey, recommend=8, statement=4, text=""):
    answers = {}
    for question in survey.questions.all():
        if question.kind == PulseQuestionKind.RECOMMEND:
            answers[question.pk] = recommend
        elif question.kind == PulseQuestionKind.STATEMENT:
            answers[question.pk] = statement
        else:
            answers[question.pk] = text
    return answers


def add_agents(team, count):
    return [MembershipFactory(agent=AgentFactory(), team=team).agent for _ in range(count)]


def test_survey_has_one_recommend_statements_and_one_free_text_question(org):
    survey = make_survey(org.admin)
    kinds = list(survey.questions.values_list("kind", flat=True))
    assert kinds == ["recommend", "statement", "statement", "text"]


def test_database_refuses_a_second_recommend_question(org):
    survey = make_survey(org.admin)
    with pytest.raises(ValidationError):
        PulseQuestion(survey=survey, kind=PulseQuestionKind.RECOMMEND, text="Again?", order=9).validate_constraints()


def test_manager_defines_surveys_only_for_their_teams(org):
    make_survey(org.manager_a, teams=[org.team_a])
    with pytest.raises(PermissionDenied):
        make_survey(org.manager_a, teams=[org.team_b])
    with pytest.raises(PermissionDenied):
        make_survey(org.manager_a, teams=[])  # every team: administrators only
    with pytest.raises(PermissionDenied):
        make_survey(org.agent_a1, teams=[org.team_a])
    assert PulseSurvey.objects.count() == 1


def test_round_dates_follow_the_schedule():
    assert round_dates(PulseSchedule.WEEKLY, START, START + datetime.timedelta(days=9)) == (
        datetime.date(2025, 1, 13),
        datetime.date(2025, 1, 19),
    )
    assert round_dates(PulseSchedule.BIWEEKLY, START, datetime.date(2025, 1, 20)) == (
        datetime.date(2025, 1, 20),
        datetime.date(2025, 2, 2),
    )
    assert round_dates(PulseSchedule.MONTHLY, datetime.date(2025, 1, 31), datetime.date(2025, 3, 5)) == (
        datetime.date(2025, 2, 28),
        datetime.date(2025, 3, 30),
    )


def test_rounds_open_idempotently_and_notify_each_agent_once(org, sent, django_capture_on_commit_callbacks):
    make_survey(org.admin, teams=[org.team_a])
    with django_capture_on_commit_callbacks(execute=True):
        first = pulse_rounds_open(today=START + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        again = pulse_rounds_open(today=START + datetime.timedelta(days=2))
    assert len(first) == 1 and again == []
    assert PulseRound.objects.count() == 1
    assert sorted(call["recipient"].username for call in sent) == ["agent_a1", "agent_a2"]
    assert {call["kind"] for call in sent} == {"pulse_survey_open"}
    assert sent[0]["url"] == f"/pulse/rounds/{first[0].pk}/answer/"


def test_a_round_recorded_after_it_closed_opens_for_one_survey_and_tells_nobody(
    org, sent, django_capture_on_commit_callbacks
):
    survey = make_survey(org.admin, teams=[org.team_a])
    make_survey(org.admin, teams=[org.team_b])
    with django_capture_on_commit_callbacks(execute=True):
        opened = pulse_rounds_open(today=START, surveys=[survey], notify=False)
    assert [pulse_round.survey for pulse_round in opened] == [survey]
    assert PulseRound.objects.count() == 1
    assert set(PulseParticipation.objects.values_list("agent", flat=True)) == {org.agent_a1.pk, org.agent_a2.pk}
    assert sent == []


def test_answering_writes_participation_and_an_unlinked_response(org, sent):
    survey = make_survey(org.admin, teams=[org.team_a])
    (pulse_round,) = pulse_rounds_open(today=START)
    pulse_answer(round=pulse_round, agent=org.agent_a1, answers=answers_for(survey, text="More breaks"), today=START)
    participation = PulseParticipation.objects.get(round=pulse_round, agent=org.agent_a1)
    assert participation.answered_at is not None
    response = PulseResponse.objects.get()
    assert response.team == org.team_a
    assert {field.name for field in PulseResponse._meta.get_fields()} == {"id", "round", "team", "answers"}
    assert PulseAnswer.objects.filter(response=response).count() == 4


def test_answers_given_earlier_keep_their_time_and_need_the_round_open_on_that_day(org, sent):
    survey = make_survey(org.admin, teams=[org.team_a])
    (pulse_round,) = pulse_rounds_open(today=START)
    earlier = timezone.make_aware(datetime.datetime.combine(START, datetime.time(10)))
    pulse_answer(round=pulse_round, agent=org.agent_a1, answers=answers_for(survey), answered_at=earlier)
    assert PulseParticipation.objects.get(agent=org.agent_a1).answered_at == earlier
    too_late = earlier + datetime.timedelta(days=14)
    with pytest.raises(ValidationError, match="closed"):
        pulse_answer(round=pulse_round, agent=org.agent_a2, answers=answers_for(survey), answered_at=too_late)
    assert PulseResponse.objects.count() == 1


def test_an_agent_answers_a_round_only_once(org, sent):
    survey = make_survey(org.admin, teams=[org.team_a])
    (pulse_round,) = pulse_rounds_open(today=START)
    pulse_answer(round=pulse_round, agent=org.agent_a1, answers=answers_for(survey), today=START)
    with pytest.raises(ValidationError):
        pulse_answer(round=pulse_round, agent=org.agent_a1, answers=answers_for(survey), today=START)
    assert PulseResponse.objects.count() == 1


def test_only_agents_of_the_surveys_teams_answer_and_only_while_open(org, sent):
    survey = make_survey(org.admin, teams=[org.team_a])
    (pulse_round,) = pulse_rounds_open(today=START)
    with pytest.raises(PermissionDenied):
        pulse_answer(round=pulse_round, agent=org.agent_b1, answers=answers_for(survey), today=START)
    with pytest.raises(PermissionDenied):
        pulse_answer(round=pulse_round, agent=org.manager_a, answers=answers_for(survey), today=START)
    with pytest.raises(ValidationError):
        pulse_answer(
            round=pulse_round,
            agent=org.agent_a1,
            answers=answers_for(survey),
            today=pulse_round.closes_on.replace(day=28),
        )
    assert PulseResponse.objects.count() == 0
    assert not PulseParticipation.objects.filter(answered_at__isnull=False).exists()


def test_scores_out_of_range_are_refused(org, sent):
    survey = make_survey(org.admin, teams=[org.team_a])
    (pulse_round,) = pulse_rounds_open(today=START)
    with pytest.raises(ValidationError):
        pulse_answer(round=pulse_round, agent=org.agent_a1, answers=answers_for(survey, statement=7), today=START)
    with pytest.raises(ValidationError):
        pulse_answer(round=pulse_round, agent=org.agent_a1, answers=answers_for(survey, recommend=11), today=START)
    assert PulseResponse.objects.count() == 0


def test_reminders_go_once_to_those_who_have_not_answered(org, sent, django_capture_on_commit_callbacks):
    survey = make_survey(org.admin, teams=[org.team_a])
    (pulse_round,) = pulse_rounds_open(today=START)
    pulse_answer(round=pulse_round, agent=org.agent_a1, answers=answers_for(survey), today=START)
    sent.clear()
    assert pulse_reminders_send(today=START) == 0  # closes in 13 days: too early
    near_close = pulse_round.closes_on - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert pulse_reminders_send(today=near_close) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert pulse_reminders_send(today=near_close) == 0
    assert [call["recipient"] for call in sent] == [org.agent_a2]


def test_open_rounds_for_an_agent_in_one_query(org, sent, django_assert_num_queries):
    survey = make_survey(org.admin)
    pulse_rounds_open(today=START)
    with django_assert_num_queries(1):
        assert len(pulse_open_rounds_for(org.agent_a1, today=START)) == 1
    pulse_answer(round=PulseRound.objects.get(), agent=org.agent_a1, answers=answers_for(survey), today=START)
    assert pulse_open_rounds_for(org.agent_a1, today=START) == []


def test_a_team_of_four_shows_nothing_and_five_shows_results(org, sent):
    survey = make_survey(org.admin, teams=[org.team_a, org.team_b])
    (pulse_round,) = pulse_rounds_open(today=START)
    team_a_agents = [org.agent_a1, org.agent_a2, *add_agents(org.team_a, 3)]  # five
    team_b_agents = [org.agent_b1, *add_agents(org.team_b, 3)]  # four
    for agent in team_a_agents + team_b_agents:
        pulse_answer(round=pulse_round, agent=agent, answers=answers_for(survey, text=f"from {agent.pk}"), today=START)
    still_open, _overall = survey_results(survey, [org.team_a], today=pulse_round.closes_on)
    assert still_open[org.team_a.pk][0].still_open and still_open[org.team_a.pk][0].engagement is None
    after_close = pulse_round.closes_on + datetime.timedelta(days=1)
    by_team, overall = survey_results(survey, [org.team_a, org.team_b], organisation=True, today=after_close)
    (team_a_result,) = by_team[org.team_a.pk]
    (team_b_result,) = by_team[org.team_b.pk]
    assert team_a_result.enough and team_a_result.responses == 5
    assert team_a_result.enps == 0  # 8 is passive
    assert team_a_result.engagement == 75  # 4 on 1–5
    assert team_a_result.comments == sorted(team_a_result.comments)
    assert not team_b_result.enough
    assert team_b_result.responses is None and team_b_result.comments == [] and team_b_result.engagement is None
    # The organisation adds only the teams above the threshold: no subtracting to reveal Bravo.
    assert overall[0].responses == 5


def test_threshold_setting_is_never_below_three(settings):
    from coaching.selectors.pulse import min_responses

    settings.COACHING_PULSE_MIN_RESPONSES = 1
    assert min_responses() == 3
    settings.COACHING_PULSE_MIN_RESPONSES = 8
    assert min_responses() == 8


def test_a_repeated_comment_is_counted_once_in_alphabetical_order():
    from coaching.selectors.pulse import RoundResult

    result = RoundResult(round=None, enough=True, comments=["Shift swaps", "Huddles help", "Shift swaps"])
    assert result.comment_counts == [("Huddles help", 1), ("Shift swaps", 2)]
