"""The keyboard and the printer: a skip link first, a visible focus on everything the Tab key
reaches, and the agent page and the goal page printed for a review without the screen's
navigation, buttons and forms, charts included."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from coaching import clock

from ..factories import (
    AgentFactory,
    GoalFactory,
    ManagerFactory,
    MembershipFactory,
    MetricFactory,
    MetricValueFactory,
    TeamFactory,
)
from .test_coaching_cycle import PASSWORD, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reviewed():
    """An agent with two months of CSAT and a personal goal, and their manager."""
    today = clock.today()
    team = TeamFactory(name="Alpha")
    manager = ManagerFactory(username="mira", first_name="Mira", password=PASSWORD)
    team.managers.add(manager)
    agent = AgentFactory(username="ana", first_name="Ana", last_name="Agent")
    MembershipFactory(agent=agent, team=team, start_date=today - datetime.timedelta(days=200))
    csat = MetricFactory(code="CSAT", name="Customer satisfaction")
    for days_ago in range(1, 61):
        MetricValueFactory(
            agent=agent,
            metric=csat,
            day=today - datetime.timedelta(days=days_ago),
            value=Decimal(76 + days_ago % 4),
            sample_size=8,
            team=team,
        )
    goal = GoalFactory(agent=agent, metric=csat, title="Warmer calls", target=Decimal(82), created_by=manager)
    return agent, goal


def test_the_first_tab_reaches_the_skip_link_which_leads_to_the_content(page, live_server, reviewed):
    _agent, goal = reviewed
    sign_in(page, live_server, "mira")
    page.goto(f"{live_server.url}/goals/{goal.pk}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab goes on inside the page's content, not back to the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_everything_the_tab_key_reaches_shows_that_it_has_the_focus(page, live_server, reviewed):
    agent, goal = reviewed
    sign_in(page, live_server, "mira")
    for url in (f"/goals/{goal.pk}/", f"/agents/{agent.pk}/"):
        page.goto(f"{live_server.url}{url}")
        page.locator("body").focus()
        unmarked, seen = [], 0
        for _ in range(60):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                    const element = document.activeElement;
                    if (!element || element === document.body) return null;
                    // The focus is inside the browser's own parts of a field (a date field's calendar
                    // button), which the browser marks itself.
                    if (!element.matches(":focus")) return {inner: true};
                    const style = getComputedStyle(element);
                    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
                    return {name: element.outerHTML.slice(0, 120), marked: outline || style.boxShadow !== "none"};
                }"""
            )
            if focused is None:
                break
            if focused.get("inner"):
                continue
            seen += 1
            if not focused["marked"]:
                unmarked.append(focused["name"])
        assert seen > 10, f"the Tab key went round only {seen} elements on {url}"
        assert not unmarked, f"no visible focus on {url}: {unmarked}"


def test_the_agent_page_and_the_goal_page_print_for_a_review(page, live_server, reviewed):
    agent, goal = reviewed
    sign_in(page, live_server, "mira")
    for url in (f"/agents/{agent.pk}/", f"/goals/{goal.pk}/"):
        page.goto(f"{live_server.url}{url}")
        expect(page.locator("canvas").first).to_be_visible()
        page.emulate_media(media="print")

        expect(page.locator("nav.navbar")).to_be_hidden()
        for interactive in ("main form", "main .btn", "main button", ".breadcrumb"):
            assert page.locator(interactive).filter(visible=True).count() == 0, f"{interactive} printed on {url}"
        expect(page.locator("canvas").first).to_be_visible()
        page_width = page.evaluate("document.documentElement.clientWidth")
        assert all(box["x"] + box["width"] <= page_width + 1 for box in _boxes(page, "canvas")), "a chart runs off"
        assert page.evaluate("getComputedStyle(document.querySelector('main .card')).breakInside") == "avoid"
        link = page.locator("main a").first
        assert link.evaluate("link => getComputedStyle(link).textDecorationLine") == "none"
        assert page.pdf(format="A4").startswith(b"%PDF")
        page.emulate_media(media="screen")


def _boxes(page, selector):
    return [box for box in (element.bounding_box() for element in page.locator(selector).all()) if box]
