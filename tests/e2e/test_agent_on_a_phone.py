"""An agent on a phone between calls: the home page fits the screen and the pulse survey takes a few taps."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from coaching import clock
from coaching.models import PulseParticipation, PulseResponse
from coaching.services.pulse import pulse_rounds_open, pulse_survey_create

from ..factories import AdminFactory, AgentFactory, MembershipFactory, MetricFactory, MetricValueFactory, TeamFactory
from .test_coaching_cycle import PASSWORD, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def open_survey():
    today = clock.today()
    team = TeamFactory(name="Alpha")
    agent = AgentFactory(username="ana", first_name="Ana", password=PASSWORD)
    MembershipFactory(agent=agent, team=team, start_date=today - datetime.timedelta(days=100))
    for code in ("AHT", "CSAT", "FCR", "NPS", "QA", "ADH", "ABS"):
        metric = MetricFactory(code=code, name=f"A rather long metric name for {code}")
        for days_ago in range(1, 40):
            day = today - datetime.timedelta(days=days_ago)
            MetricValueFactory(agent=agent, metric=metric, day=day, value=Decimal(70), sample_size=5, team=team)
    survey = pulse_survey_create(
        actor=AdminFactory(),
        name="Fortnightly pulse",
        teams=[team],
        schedule="biweekly",
        starts_on=today,
        recommend_text="Would you recommend working here?",
        statements=["I have the tools I need.", "My work is recognised."],
        free_text="What would make work better?",
    )
    (pulse_round,) = pulse_rounds_open(today=today)
    return agent, survey, pulse_round


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_agent_answers_the_pulse_on_a_phone_without_sideways_scrolling(page, live_server, open_survey):
    agent, _survey, pulse_round = open_survey
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "ana")
    expect(page.locator(f"[data-pulse-round='{pulse_round.pk}']")).to_be_visible()
    assert fits_the_screen(page), "the home page scrolls sideways on a phone"

    page.click(f"[data-pulse-round='{pulse_round.pk}'] a")
    # The 0–10 scale sits on one line: eleven targets side by side, none pushed to a second row.
    tops = {
        round(box["y"])
        for box in (label.bounding_box() for label in page.locator(".pulse-scale").first.locator("label").all())
    }
    assert len(tops) == 1
    assert fits_the_screen(page)
    page.locator(".pulse-scale").nth(0).get_by_text("9", exact=True).click()
    page.locator(".pulse-scale").nth(1).get_by_text("4", exact=True).click()
    page.locator(".pulse-scale").nth(2).get_by_text("5", exact=True).click()
    page.fill("textarea", "Shorter wrap-up after hard calls.")
    page.get_by_role("button", name="Send anonymously").click()

    expect(page.locator(".alert-success")).to_be_visible()
    assert PulseResponse.objects.filter(round=pulse_round).count() == 1
    assert PulseParticipation.objects.get(round=pulse_round, agent=agent).answered_at is not None
    expect(page.locator(f"[data-pulse-round='{pulse_round.pk}']")).to_have_count(0)
