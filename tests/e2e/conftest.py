"""Browser tests in headless Chromium (Debian's build) through pytest-playwright.

Without a Chromium binary these tests skip with a clear message, unless REQUIRE_E2E=1
(set by CI), which turns a missing browser into a failure.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls of these tests
# (fixtures, live_server's database flush) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


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
