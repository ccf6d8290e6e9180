"""A real task through Redis to a separate worker process, and its result back."""

from celery import Celery


def test_a_task_sent_through_redis_is_answered_by_a_worker(redis_url, worker):
    # A client app of its own: switching the project's eager app to Redis mid-run hangs.
    client = Celery("probe", broker=redis_url, backend=redis_url)
    result = client.send_task("coaching.worker_ping", queue=worker)
    answer = result.get(timeout=60)
    assert answer["hostname"]
    assert answer["answered_at"]
