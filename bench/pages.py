"""Every page and every API list, timed for each role on the data set of ``bench/scale_data.py``.

A benchmark script (never run as a test). For each role (administrator, manager, coach,
agent) it opens every page the role may open (GET, Django's test client, ``DEBUG`` off):
one warm-up, then five timed requests; it prints the median time, the number of queries,
the size of the answer and the ratio to the cheapest signed-in page of the same run (the
password-change page), then ``N of M pages within 3× the floor and 15 queries``. Exit
status 1 if any page misses that goal.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching_scale .venv/bin/python bench/pages.py

Pages with an id in their address get one the role may see (the first by primary key);
addresses that only take a POST, and pages a role may not open (403/404 or a redirect to
sign in), are listed as skipped, not timed. The API is timed by its lists.
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coaching_scale")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

RUNS = 5
GOAL_RATIO = 3.0
GOAL_QUERIES = 15
FLOOR = "/accounts/password/"
# Addresses that only act (POST) or download a whole export are not pages to open.
SKIP = re.compile(
    r"/(activate|adjust|close|acknowledge|dispute|answer|done|read|read-all|notes|resolve|accept|dismiss)/$"
)


def routes():
    """(route template, name) of every address of the app, API included, admin excluded."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    for route, name in walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "static", "media", "i18n/", "accounts/log")) or "format" in route:
            continue
        if route.startswith("api/") and "(?P<pk>" in route:
            continue  # API lists are timed; one record by id is not a page
        yield route, name


def samples(user) -> dict:
    """For each id in an address, one record ``user`` may see."""
    from coaching import permissions
    from coaching.models import ImportBatch, PulseRound, PulseSurvey

    def first(queryset):
        return queryset.order_by("pk").values_list("pk", flat=True).first()

    agents = permissions.agents_visible_to(user)
    return {
        "agent_id": first(agents),
        "team_id": first(permissions.teams_visible_to(user)),
        "goal_id": first(permissions.goals_visible_to(user)),
        "one_on_one_id": first(permissions.one_on_ones_visible_to(user)),
        "observation_id": first(permissions.observations_visible_to(user)),
        "session_id": first(permissions.sessions_visible_to(user)),
        "investigation_id": first(permissions.investigations_visible_to(user)),
        "survey_id": first(PulseSurvey.objects.all()),
        "round_id": first(PulseRound.objects.all()),
        "batch_id": first(ImportBatch.objects.all()),
        "template_id": None,
        "expectation_id": None,
        "action_item_id": None,
        "rating_id": None,
        "notification_id": None,
        "proposal_id": None,
    }


def address(route: str, ids: dict) -> str | None:
    """The address of ``route`` with its ids filled in, or None when the role has no such record."""
    path = "/" + route.replace("^", "").replace("$", "")
    for name in re.findall(r"<(?:int:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", path):
        key = name[0] or name[1]
        if ids.get(key) is None:
            return None
        path = re.sub(rf"<(?:int:)?{key}>|\(\?P<{key}>[^)]*\)", str(ids[key]), path)
    return path


def measure(client, path: str):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)
    if response.status_code != 200:
        return response.status_code, None
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append(time.perf_counter() - started)
    return 200, (statistics.median(times), len(queries), len(body))


def main() -> int:
    import django

    django.setup()
    from django.test import Client

    from coaching.models import Role, User

    people = {
        "admin": User.objects.filter(role=Role.ADMIN).order_by("pk").first(),
        "manager": User.objects.filter(role=Role.MANAGER, managed_teams__isnull=False).order_by("pk").first(),
        "coach": User.objects.filter(role=Role.COACH, covered_teams__isnull=False).order_by("pk").first(),
        "agent": User.objects.filter(role=Role.AGENT, memberships__end_date__isnull=True).order_by("pk").first(),
    }
    results, skipped = [], []
    floors = {}
    for role, user in people.items():
        if user is None:
            print(f"no {role} in this database: run bench/scale_data.py first")
            return 2
        client = Client()
        client.force_login(user)
        _status, floor = measure(client, FLOOR)
        floors[role] = floor[0]
        ids = samples(user)
        for route, _name in routes():
            path = address(route, ids)
            if path is None or SKIP.search(path):
                skipped.append((role, route, "no record" if path is None else "action"))
                continue
            status, figures = measure(client, path)
            if figures is None:
                skipped.append((role, path, str(status)))
                continue
            results.append((role, path, *figures))
    print(f"{'role':<8} {'page':<58} {'median':>9} {'× floor':>8} {'queries':>8} {'KB':>8}")
    within = 0
    for role, path, seconds, queries, size in results:
        ratio = seconds / floors[role]
        ok = ratio <= GOAL_RATIO and queries <= GOAL_QUERIES
        within += ok
        print(
            f"{role:<8} {path[:58]:<58} {seconds * 1000:7.0f} ms {ratio:7.1f}× {queries:8d} {size / 1024:8.1f}"
            f"{'' if ok else '   MISS'}"
        )
    print(f"\nfloor ({FLOOR}): " + ", ".join(f"{role} {seconds * 1000:.0f} ms" for role, seconds in floors.items()))
    print(f"skipped (not a page for that role, or no such record): {len(skipped)}")
    print(f"{within} of {len(results)} pages within {GOAL_RATIO:.0f}× the floor and {GOAL_QUERIES} queries")
    return 0 if within == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
