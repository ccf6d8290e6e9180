"""Every main page, as each role sees it on the demo data, in a real browser: no
Content-Security-Policy violation, and no critical or serious accessibility violation found by
axe-core (the engine the accessibility review used).

The pages are found, not listed: from the home page, every link of the navigation and of the
pages themselves is followed, one page per kind of address (``/goals/<id>/`` once, not once per
goal), so a page added later is checked without touching this file. The demo (built once per
run) is walked as each role in turn.
"""

import re
from urllib.parse import urlsplit

import pytest
from django_celery_beat.models import CrontabSchedule
from playwright.sync_api import expect

from coaching.demo import DEMO_PASSWORD

from ..demo_data import DEMO_MOMENT
from ..factories import AdminFactory
from .conftest import AXE_CORE, AXE_SCRIPT

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.time_machine(DEMO_MOMENT, tick=True),
]

ROLES = ("admin", "manager", "coach", "agent")
# Not pages of this app (the Django admin, the API and its docs), downloads, and signing out.
NOT_A_PAGE = re.compile(r"^/(admin|api|static|media|i18n|accounts/logout)/|\.(csv|ics|json)$")
# A safety net: the demo has about 30 kinds of page per role.
MAX_PAGES_PER_ROLE = 60
# The impacts the review asked to bring to zero; "moderate" and "minor" are reported, not failed.
BLOCKING_IMPACTS = ("critical", "serious")


@pytest.fixture
def demo(demo_data):
    """The demo, built once per run (tests/demo_data.py); the clock starts on its day and ticks."""
    return demo_data


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("nav")).to_contain_text("Sign out", use_inner_text=False)


def kind_of(path):
    """``/goals/12/`` and ``/goals/7/`` are the same kind of page."""
    return re.sub(r"/\d+(?=/)", "/<id>", path)


def links_on(page, origin):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or NOT_A_PAGE.search(parts.path):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def axe_findings(page):
    """axe-core's critical and serious violations on the page as it is now, one line each."""
    assert AXE_CORE.exists(), f"{AXE_CORE} is missing: run npm ci (make assets)"
    origin = urlsplit(page.url)
    page.add_script_tag(url=f"{origin.scheme}://{origin.netloc}{AXE_SCRIPT}")
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['impact']}: {violation['id']} ({violation['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        + (f" and {len(violation['nodes']) - 3} more" if len(violation["nodes"]) > 3 else "")
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def walk(page, live_server, username):
    """Visit one page of every kind ``username`` can reach by links; axe's findings per page."""
    sign_in(page, live_server, username)
    queue, kinds, findings, visited = ["/", "/accounts/password/"], set(), {}, []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        kind = kind_of(urlsplit(path).path)
        if kind in kinds:
            continue
        kinds.add(kind)
        response = page.goto(f"{live_server.url}{path}")
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.ok, f"{username} got {response.status} on {path}"
        visited.append(path)
        page.wait_for_load_state("load")
        found = axe_findings(page)
        if found:
            findings[path] = found
        queue.extend(links_on(page, live_server.url))
    return visited, findings


def test_every_page_of_every_role_keeps_the_csp_and_passes_axe(page, live_server, demo, csp_violations):
    walked, failures = {}, []
    for username in ROLES:
        visited, findings = walk(page, live_server, username)
        walked[username] = visited
        failures += [f"{username} {path}: {line}" for path, lines in findings.items() for line in lines]

    # The walk really went round: every role saw its home and a good part of the app.
    assert all(len(visited) >= 10 for visited in walked.values()), walked
    assert not csp_violations, "\n".join(csp_violations)
    assert not failures, f"{len(failures)} accessibility violations:\n" + "\n".join(failures)


def test_the_api_docs_and_the_django_admin_keep_the_policy(page, live_server, csp_violations):
    # Pages the app does not draw itself: only the policy is checked there, not axe.
    AdminFactory(username="root", password=DEMO_PASSWORD, is_superuser=True)
    CrontabSchedule.objects.create(minute="30", hour="6", day_of_week="1")
    sign_in(page, live_server, "root")
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Coaching API")
    for path in ("/admin/", "/admin/coaching/alertrule/add/", "/admin/coaching/metric/"):
        assert page.goto(f"{live_server.url}{path}").ok
    # django-celery-beat's periodic-task form says the chosen schedule in words (its script moved to a file).
    page.goto(f"{live_server.url}/admin/django_celery_beat/periodictask/add/")
    page.select_option("#id_crontab", index=1)
    expect(page.locator(".field-crontab .help")).to_contain_text("In words: At 06:30")
    assert not csp_violations


def test_the_sign_in_page_passes_axe(page, live_server, csp_violations):
    page.goto(f"{live_server.url}/accounts/login/")
    assert axe_findings(page) == []
    assert not csp_violations
