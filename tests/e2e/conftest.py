"""Browser tests in headless Chromium (Debian's build) through pytest-playwright.

Without a Chromium binary these tests skip with a clear message, unless REQUIRE_E2E=1
(set by CI), which turns a missing browser into a failure.

Every browser test also fails when the page breaks the Content-Security-Policy (a blocked
inline script or style, an eval, a file from elsewhere): the ``csp_violations`` fixture
collects the browser's ``securitypolicyviolation`` events of every page the test opens.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls of these tests
# (fixtures, live_server's database flush) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# axe-core comes from package.json's devDependencies (npm ci); the tests serve it to the page
# at an address of the app's own origin, so the page's policy lets it run.
AXE_CORE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_SCRIPT = "/__e2e__/axe.min.js"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("REQUIRE_E2E") == "1":
        raise pytest.UsageError("REQUIRE_E2E=1 but no chromium binary was found (apt-get install chromium)")
    skip = pytest.mark.skip(reason="no chromium binary found: install Debian's chromium to run browser tests")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def csp_violations(page):
    """The policy violations of every page the test opens, one line each; none allowed at the end."""
    violations = []
    page.expose_function("reportCspViolation", lambda line: violations.append(line))
    page.add_init_script(
        """document.addEventListener("securitypolicyviolation", (event) => window.reportCspViolation(
            `${event.documentURI}: ${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
            + ` (${event.sourceFile || "page"}:${event.lineNumber}) ${event.sample}`));"""
    )
    if AXE_CORE.exists():
        page.route(f"**{AXE_SCRIPT}", lambda route: route.fulfill(path=AXE_CORE, content_type="text/javascript"))
    yield violations
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
