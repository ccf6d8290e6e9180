"""What a lost broker costs a request (a script that prints figures, not a test).

Runs the project as deployed with Redis gone: ``REDIS_URL`` points at a closed port, Celery
is not eager, the cache is that Redis too. Through Django's test client it times

1. recognising an agent (the page; its email task is queued),
2. uploading a large import file (the page; its run is queued),
3. importing one row through the API with a token (its alert check is queued; the token
   throttle cannot count),
4. a token API read (the throttle again),

and prints each with the goal beside it, then what the outbox holds. With ``--defaults`` it
also times one ``send_task`` with Celery's default retries, the ≈ 20 s every action took
before.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching_bench .venv/bin/python bench/lost_broker.py
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLOSED = "redis://127.0.0.1:1/0"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coaching_bench")
os.environ["REDIS_URL"] = CLOSED
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
GOAL_SECONDS = 2.0


def ensure_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(label: str, action) -> object:
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    verdict = "ok" if seconds < GOAL_SECONDS else "OVER"
    print(f"{label:<48} {seconds:6.2f} s   goal < {GOAL_SECONDS:.0f} s   {verdict}   ({result})")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--defaults", action="store_true", help="also time one send with Celery's default retries")
    args = parser.parse_args()
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from coaching.models import CompanyValue, OutboxTask, Recognition
    from tests.factories import (
        AdminFactory,
        AgentFactory,
        ManagerFactory,
        MembershipFactory,
        MetricFactory,
        TeamFactory,
    )

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.MEDIA_ROOT = Path("/tmp/coaching_lost_broker_media")
    settings.COACHING_IMPORT_ASYNC_BYTES = 10
    call_command("migrate", verbosity=0)
    OutboxTask.objects.all().delete()
    assert not settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_BROKER_URL == CLOSED

    stamp = int(time.time())
    team = TeamFactory(name=f"Bench {stamp}")
    manager = ManagerFactory(username=f"bench-manager-{stamp}")
    team.managers.add(manager)
    agent = AgentFactory(username=f"bench-agent-{stamp}", employee_id=f"B{stamp}")
    MembershipFactory(agent=agent, team=team)
    admin = AdminFactory(username=f"bench-admin-{stamp}")
    metric = MetricFactory(code=f"B{stamp}")
    value = CompanyValue.objects.create(name=f"Bench value {stamp}", order=99)
    day = "2026-01-05"
    row = f"{agent.employee_id},{metric.code},{day},80,10"

    print(f"REDIS_URL={CLOSED} (closed port), Celery eager: {settings.CELERY_TASK_ALWAYS_EAGER}")
    pages = Client()
    pages.force_login(manager)
    pages.get("/recognition/new/")  # warm up: templates, URL resolver
    timed(
        "recognition (page POST)",
        lambda: pages.post("/recognition/new/", {"agent": agent.pk, "value": value.pk, "message": "Great"}).status_code,
    )
    pages.force_login(admin)
    upload = SimpleUploadedFile("big.csv", f"employee_id,metric_code,day,value,sample_size\n{row}\n".encode())
    timed("large import upload (page POST)", lambda: pages.post("/imports/", {"file": upload}).status_code)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=admin)[0].key}")
    fields = dict(zip(["employee_id", "metric_code", "day", "value", "sample_size"], row.split(","), strict=True))
    fields["day"] = "2026-01-06"
    timed(
        "one-row import (API, token)",
        lambda: api.post("/api/v1/metric-values/import/", {"rows": [fields]}, format="json").status_code,
    )
    timed("token read (API)", lambda: api.get("/api/v1/teams/").status_code)
    print(f"recognitions saved: {Recognition.objects.filter(agent=agent).count()} (goal: exactly 1)")
    print("outbox waiting:", sorted(OutboxTask.objects.waiting().values_list("task", flat=True)))

    if args.defaults:
        from celery import Celery

        defaults = Celery("defaults", broker=CLOSED, backend=CLOSED, set_as_current=False)

        def send():
            try:
                defaults.send_task("coaching.worker_ping")
            except Exception as error:  # the point is how long it takes to fail
                return type(error).__name__
            return "sent"

        timed("one send_task with Celery's defaults (before)", send)


if __name__ == "__main__":
    main()
