"""Shared fixtures: a small organisation with every role, the clock, and a real Celery worker on Redis.

The clock: a test that needs a fixed day freezes it with time-machine's marker
(``pytestmark = pytest.mark.time_machine(...)``) and reads the day from the ``today``
fixture, so the code under test and the test agree on what "today" is. Setting
``COACHING_TEST_CLOCK`` (an ISO date-time, e.g. ``2028-02-29T23:30:00+00:00``) moves the
real clock of the whole run to that moment, to prove that no test mixes a fixed day with
the real clock: ``make test-clocks`` runs the suite at a few awkward moments.
"""

import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from celery import Celery, current_app
from celery.result import allow_join_result
from django.conf import settings
from django.db import connection

from coaching import clock
from coaching.models import User
from config.redis import redis_settings

from .demo_data import DemoSnapshot
from .factories import AdminFactory, AgentFactory, CoachFactory, ManagerFactory, MembershipFactory, TeamFactory


def pytest_configure(config):
    moment = os.environ.get("COACHING_TEST_CLOCK")
    if moment:
        # The clock keeps ticking from there; tests that freeze it travel again on top.
        time_machine.travel(moment, tick=True).start()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that commit after every test that rolls back, and the browser tests last of all.

    Committing tests (worker, browser) empty the database when they end, data migrations'
    rows included (the Engagement and eNPS metrics). pytest-django orders them last, but
    pytest then regroups tests by the browser parameter of the Playwright tests, which put
    them in the middle. The browser tests go after the worker tests: the live server's thread
    may still be running an in-process task when a test ends, and Celery's "inside a task"
    flag is process-wide, so a worker test after it could be refused ``result.get()``.
    """

    def order(item) -> int:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "live_server" in fixtures:
            return 2
        marker = item.get_closest_marker("django_db")
        if "transactional_db" in fixtures or (marker is not None and marker.kwargs.get("transaction")):
            return 1
        return 0

    items.sort(key=order)


def pytest_terminal_summary(terminalreporter):
    if DemoSnapshot.builds:
        terminalreporter.write_line(f"demo data built {DemoSnapshot.builds} time(s) in this run")


def pytest_report_header(config):
    moment = os.environ.get("COACHING_TEST_CLOCK")
    return f"clock moved to {moment} (COACHING_TEST_CLOCK)" if moment else None


@pytest.fixture
def today():
    """Today as the code under test sees it (frozen when the test froze the clock)."""
    return clock.today()


@dataclass
class Org:
    """Two teams, A and B; a manager for each; a coach covering A; agents in both."""

    team_a: object
    team_b: object
    manager_a: User
    manager_b: User
    coach_a: User
    agent_a1: User
    agent_a2: User
    agent_b1: User
    admin: User


@pytest.fixture
def org(db):
    team_a, team_b = TeamFactory(name="Alpha"), TeamFactory(name="Bravo")
    manager_a, manager_b = ManagerFactory(username="manager_a"), ManagerFactory(username="manager_b")
    coach_a = CoachFactory(username="coach_a")
    team_a.managers.add(manager_a)
    team_b.managers.add(manager_b)
    team_a.coaches.add(coach_a)
    agent_a1, agent_a2, agent_b1 = (AgentFactory(username=name) for name in ("agent_a1", "agent_a2", "agent_b1"))
    MembershipFactory(agent=agent_a1, team=team_a)
    MembershipFactory(agent=agent_a2, team=team_a)
    MembershipFactory(agent=agent_b1, team=team_b)
    return Org(
        team_a, team_b, manager_a, manager_b, coach_a, agent_a1, agent_a2, agent_b1, AdminFactory(username="admin_user")
    )


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker):
    """The demo, built once per run (see tests/demo_data.py)."""
    with django_db_blocker.unblock():
        return DemoSnapshot.build()


@pytest.fixture
def demo_data(db, _demo_snapshot):
    """The demo organisation in this test's database, as ``seed_demo`` leaves it; returns its counts.

    Freeze the clock at ``tests.demo_data.DEMO_MOMENT`` in tests that use it.
    """
    _demo_snapshot.restore()
    return _demo_snapshot.counts


ROOT = Path(__file__).resolve().parent.parent


def _needed(reason: str):
    """Skip for lack of a service; fail instead where CI promised it (REQUIRE_REDIS=1)."""
    if os.environ.get("REQUIRE_REDIS") == "1":
        pytest.fail(f"REQUIRE_REDIS=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_url():
    """The Redis that CI provides; the project's own Celery app stays eager in the test process."""
    if not settings.TEST_REDIS_URL:
        _needed("REDIS_URL is not set: no Redis to send a task through")
    return settings.TEST_REDIS_URL


@pytest.fixture
def worker_database():
    """A test database another process can reach: PostgreSQL (SQLite's test database lives in memory)."""
    if connection.vendor != "postgresql":
        _needed("a worker process cannot reach the in-memory SQLite test database; use a PostgreSQL DATABASE_URL")
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(request, redis_url, tmp_path):
    """A worker process of the project's Celery app on a queue of its own.

    It uses the test database when the test asked for ``worker_database`` too, and
    ``tmp_path`` as its media folder. Yields the queue name.
    """
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    if "worker_database" in request.fixturenames:
        env["DATABASE_URL"] = request.getfixturevalue("worker_database")
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        queue,
        "--pool",
        "solo",
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "WARNING",
    ]
    with open(tmp_path / "worker.log", "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        # The test waits for the worker's answers. Celery keeps a process-wide "inside a task"
        # flag that in-process tasks run by two threads at once (the concurrent-import test)
        # can leave set, which would refuse result.get() here although no task is running.
        with allow_join_result():
            yield queue
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


# Nothing listens on port 1: a connection there is refused at once.
CLOSED_REDIS_URL = "redis://127.0.0.1:1/0"


def _celery_app(name: str, config: dict) -> Celery:
    """A Celery app configured like the project's from ``CELERY_*`` settings (not made current here).

    The project's own app stays eager in the test process (switching it to a broker mid-run
    hangs); the fixtures make this one ``celery.current_app``, which the outbox sends through.
    """
    app = Celery(name, set_as_current=False)
    app.conf.update({key.removeprefix("CELERY_").lower(): value for key, value in config.items()})
    app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    return app


@pytest.fixture
def lost_broker():
    """The settings ``REDIS_URL=redis://127.0.0.1:1/0`` gives (not eager, short timeouts): a broker that is gone."""
    config = {key: value for key, value in redis_settings(CLOSED_REDIS_URL).items() if key.startswith("CELERY_")}
    app = _celery_app("lost-broker", config)
    previous = current_app._get_current_object()
    app.set_current()
    yield app
    previous.set_current()


@pytest.fixture
def broker_back():
    """``broker_back()``: the broker answers again (an in-memory one); yields a function reading what it received."""
    app = _celery_app(
        "broker-back",
        {
            "CELERY_BROKER_URL": "memory://",
            "CELERY_RESULT_BACKEND": "cache+memory://",
            "CELERY_TASK_ALWAYS_EAGER": False,
        },
    )
    previous = current_app._get_current_object()

    def come_back() -> Callable[[], list[dict]]:
        app.set_current()
        _received(app)  # the in-memory broker is shared by the process: start from an empty queue
        return lambda: _received(app)

    yield come_back
    previous.set_current()


def _received(app: Celery) -> list[dict]:
    """The tasks waiting in the in-memory broker's default queue: ``{"task", "kwargs"}`` each, in order."""
    received = []
    with app.connection_for_read() as connection_, connection_.SimpleQueue("celery") as queue:
        while queue.qsize():
            message = queue.get(timeout=1)
            message.ack()
            _args, kwargs, _embed = message.payload
            received.append({"task": message.headers["task"], "kwargs": kwargs})
    return received
