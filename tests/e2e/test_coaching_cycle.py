"""The whole coaching cycle in a real browser: goal → expectation in a one-on-one → acknowledgement
→ observation → the agent page shows it on the chart."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from coaching import clock
from coaching.models import Expectation, Goal, GoalStatus, Observation, OneOnOne

from ..factories import (
    AgentFactory,
    BehaviourFactory,
    CoachFactory,
    ManagerFactory,
    MembershipFactory,
    MetricFactory,
    MetricValueFactory,
    TeamFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "cycle-pass-123"


@pytest.fixture
def centre():
    """A team with history: the agent at about 76 % CSAT, peers higher, so an 80 % goal is achievable."""
    team = TeamFactory(name="Alpha")
    manager = ManagerFactory(username="mira", first_name="Mira", last_name="Manager", password=PASSWORD)
    coach = CoachFactory(username="colin", first_name="Colin", last_name="Coach", password=PASSWORD)
    team.managers.add(manager)
    team.coaches.add(coach)
    agent = AgentFactory(username="ana", first_name="Ana", last_name="Agent", password=PASSWORD)
    peers = [AgentFactory() for _ in range(3)]
    csat = MetricFactory(code="CSAT", name="Customer satisfaction")
    BehaviourFactory(name="Listening").metrics.add(csat)
    today = clock.today()
    for person, level in [(agent, 76), *zip(peers, (82, 85, 88), strict=True)]:
        MembershipFactory(agent=person, team=team, start_date=today - datetime.timedelta(days=200))
        for days_ago in range(1, 91):
            MetricValueFactory(
                agent=person,
                metric=csat,
                day=today - datetime.timedelta(days=days_ago),
                value=Decimal(level + (days_ago % 3) - 1),
                sample_size=8,
                team=team,
            )
    return {"team": team, "manager": manager, "coach": coach, "agent": agent, "csat": csat}


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("nav")).to_contain_text("Sign out", use_inner_text=False)


def test_the_whole_cycle(page, live_server, centre):
    agent = centre["agent"]
    today = clock.today()

    # Step 1: the manager defines a team goal; the SMART check answers as they type.
    sign_in(page, live_server, "mira")
    page.goto(f"{live_server.url}/goals/new/")
    page.check("input[name=scope][value=team]")
    page.select_option("#id_team", label="Alpha")
    page.select_option("#id_metric", label=str(centre["csat"]))
    page.fill("#id_title", "Warmer calls")
    page.fill("#id_description", "Customer satisfaction of inbound calls, from the survey export.")
    page.fill("#id_target", "80")
    page.fill("#id_due_date", (today + datetime.timedelta(days=60)).isoformat())
    expect(page.locator("[data-criterion=relevant]")).to_have_attribute("data-status", "fail")
    page.fill("#id_objective", "Satisfied customers renew their contracts.")
    expect(page.locator("[data-criterion=relevant]")).to_have_attribute("data-status", "pass")
    expect(page.locator("#smart-panel")).to_contain_text("Baseline (computed)")
    page.click("form#goal-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Goal created and active.")
    goal = Goal.objects.get(title="Warmer calls")
    assert goal.status == GoalStatus.ACTIVE and goal.team == centre["team"]

    # Step 2: a one-on-one, and the personal expectation agreed in it.
    page.goto(f"{live_server.url}/one-on-ones/new/?agent={agent.pk}")
    page.fill("#id_meeting_on", clock.local_now().strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_shared_notes", "Agreed to work on summarising the customer's need.")
    page.fill("#id_private_notes", "Mentioned a difficult month at home.")
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/one-on-ones/\d+/$"))
    meeting = OneOnOne.objects.get(agent=agent)

    page.goto(f"{live_server.url}/goals/{goal.pk}/")
    page.click("text=Set personal expectations")
    page.check(f"#id_agent_{agent.pk}_include")
    page.fill(f"#id_agent_{agent.pk}_target", "79")
    page.fill(f"#id_agent_{agent.pk}_reason", "Starts lower than the team; a step of three points.")
    page.select_option(f"#id_agent_{agent.pk}_one_on_one", value=str(meeting.pk))
    page.fill("#id_individual_motivator", "Half a day off")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".alert-success")).to_be_visible()
    expectation = Expectation.objects.get(agent=agent, goal=goal)
    assert expectation.target == Decimal(79) and expectation.one_on_one == meeting

    # The agent acknowledges it in their own view, with a comment.
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/one-on-ones/expectations/")
    page.fill(f"#comment-{expectation.pk}", "Fair. I'd like to listen to two good calls first.")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expectation.refresh_from_db()
    assert expectation.acknowledged_at and "two good calls" in expectation.agent_comment

    # Step 3: the coach records an observation of a real call.
    sign_in(page, live_server, "colin")
    page.goto(f"{live_server.url}/observations/new/?agent={agent.pk}")
    page.fill("#id_observed_at", (clock.local_now() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=method][value=side_by_side]")
    page.locator("label", has_text=re.compile(r"^4$")).first.click()
    page.fill("#id_summary", "Warm greeting, summarised the need before solving.")
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/observations/\d+/$"))
    observation = Observation.objects.get(agent=agent)
    assert observation.ratings.get().score == 4

    # Step 4: the agent page draws the observation on the KPI chart's time axis.
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/agents/{agent.pk}/")
    canvas = page.locator("canvas[data-metric=CSAT]")
    expect(canvas).to_be_visible()
    markers = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.querySelector("canvas[data-metric=CSAT]"));
            return Object.values(chart.options.plugins.annotation.annotations)
                .filter(a => a.xMin === a.xMax).map(a => a.label.content);
        }"""
    )
    assert any("Colin Coach" in " ".join(label) for label in markers)
    targets = page.evaluate(
        """() => Object.values(Chart.getChart(document.querySelector("canvas[data-metric=CSAT]"))
              .options.plugins.annotation.annotations).filter(a => a.yMin !== undefined).map(a => a.yMin)"""
    )
    assert sorted(targets) == [79, 80]
    expect(page.locator("main")).not_to_contain_text("difficult month")
    expect(page.locator("#behaviour-chart")).to_be_visible()
