"""A manager who clicks Save twice while the page loads sends the one-on-one once."""

import pytest

from ..factories import AgentFactory, ManagerFactory, MembershipFactory, TeamFactory
from .test_coaching_cycle import PASSWORD, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Counts the submissions the page lets through (and stops each one, so the count is all that happens).
COUNT_SENT_SUBMISSIONS = """
() => {
  window.sentSubmissions = 0;
  document.addEventListener("submit", (event) => {
    if (!event.defaultPrevented) window.sentSubmissions += 1;
    event.preventDefault();
  });
}
"""


def test_a_second_save_while_the_first_is_on_its_way_is_not_sent(page, live_server):
    team = TeamFactory(name="Alpha")
    team.managers.add(ManagerFactory(username="mira", password=PASSWORD))
    agent = AgentFactory(first_name="Ana", last_name="Agent")
    MembershipFactory(agent=agent, team=team)

    sign_in(page, live_server, "mira")
    page.goto(f"{live_server.url}/one-on-ones/new/?agent={agent.pk}")
    page.evaluate(COUNT_SENT_SUBMISSIONS)
    save = page.locator("main form button[type=submit]").last
    save.click()
    save.click()
    assert page.evaluate("window.sentSubmissions") == 1
    # A read-only form (GET) is never held back.
    page.goto(f"{live_server.url}/observations/")
    page.evaluate(COUNT_SENT_SUBMISSIONS)
    page.evaluate(
        "() => { const f = document.querySelector('main form[method=get]'); f.requestSubmit(); f.requestSubmit(); }"
    )
    assert page.evaluate("window.sentSubmissions") == 2
