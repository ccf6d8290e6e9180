"""A real task through Redis to a separate worker process, and its result back."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def redis_url():
    url = settings.TEST_REDIS_URL
    if not url:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but REDIS_URL is not set")
        pytest.skip("REDIS_URL is not set: no Redis to send a task through")
    return url


@pytest.fixture
def worker(redis_url):
    """A worker process of the project's Celery app listening on a queue of its own."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    process = subprocess.Popen(
        [
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
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield queue
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_task_sent_through_redis_is_answered_by_a_worker(redis_url, worker):
    # A client app of its own: switching the project's eager app to Redis mid-run hangs.
    client = Celery("probe", broker=redis_url, backend=redis_url)
    result = client.send_task("coaching.worker_ping", queue=worker)
    answer = result.get(timeout=60)
    assert answer["hostname"]
    assert answer["answered_at"]
