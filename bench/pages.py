"""Every page and every API address, timed for each role on the data set of ``bench/scale_data.py``.

A benchmark script (never run as a test). For each role (administrator, manager, coach,
agent) it opens every page of ``PAGES`` that role may open with Django's test client
(GET, ``DEBUG`` off): one warm-up, then five timed requests. It prints the median time,
the queries, the size of the answer and the ratio to the floor of the same run (the
signed-in password-change page, timed the same way for each role), and last
``N of M pages within 3× the floor and 15 queries``. Exit status 1 if any page misses that
goal or does not answer 200.

    .venv/bin/python bench/pages.py --database coaching_scale            # PostgreSQL, the scale data
    DATABASE_URL=sqlite:///db.sqlite3 .venv/bin/python bench/pages.py    # the demo, for a quick check
    .venv/bin/python bench/pages.py --database coaching_scale --role manager --only goal --runs 3
    .venv/bin/python bench/pages.py --database coaching_scale --probe    # who gets which status, untimed

Every named address of the URLconf (the pages, the API router, the account pages) is
either in ``PAGES`` or in ``EXCLUDED`` with the reason it is not timed;
``tests/test_bench_pages.py`` fails when a new one is in neither. Ids in addresses come
from the data, as each role would reach them: a goal of the manager's team, a meeting of
an agent of theirs, the agent's own records. A page whose record does not exist in the
database (no investigation was opened, say) is listed as not timed.

The people: the first administrator, the first manager and coach with a team, the first
agent in a team (by username: ``manager001``, ``coach01``, ``agent00001`` in the scale data).
"""

import argparse
import logging
import os
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ["DEBUG"] = "false"  # timed as served, whatever the shell says
warnings.filterwarnings("ignore", message="No directory at")  # no collected static files: none is requested

RUNS = 5
GOAL_RATIO = 3.0
GOAL_QUERIES = 15
LARGE_KB = 100  # pages larger than this at full size are to be split or paginated (issue 11, part 4)
FLOOR = "password_change"

ADMIN, MANAGER, COACH, AGENT = "admin", "manager", "coach", "agent"
ROLES = (ADMIN, MANAGER, COACH, AGENT)
STAFF = (ADMIN, MANAGER, COACH)
MANAGERS = (ADMIN, MANAGER)


@dataclass(frozen=True)
class Page:
    """A URL name to time: who opens it, the records its address takes (keys of ``samples``) and a query."""

    name: str
    roles: tuple[str, ...] = ROLES
    args: tuple[str, ...] = ()
    query: str = ""  # formatted with the samples, e.g. "start={week_ago}"


PAGES = [
    # The pages
    Page("home"),
    Page("agent-list", STAFF),
    Page("agent-detail", ROLES, ("agent",)),
    Page("team-detail", STAFF, ("team",)),
    Page("system-status", (ADMIN,)),
    Page("goal-list"),
    Page("goal-create", MANAGERS),
    Page("goal-detail", ROLES, ("goal",)),
    Page("goal-template-list", MANAGERS),
    Page("goal-template-apply", MANAGERS, ("template",)),
    Page("one-on-one-list"),
    Page("one-on-one-create", MANAGERS),
    Page("one-on-one-detail", ROLES, ("one_on_one",)),
    Page("one-on-one-edit", MANAGERS, ("one_on_one",)),
    Page("expectation-list"),
    Page("expectation-goal-create", MANAGERS, ("goal",)),
    Page("observation-list"),
    Page("observation-create", STAFF),
    Page("observation-detail", ROLES, ("observation",)),
    Page("session-list"),
    Page("session-create", STAFF),
    Page("session-detail", ROLES, ("session",)),
    Page("behaviour-list"),
    Page("investigation-list", STAFF),
    Page("investigation-detail", MANAGERS, ("investigation",)),  # a coach is assigned none
    Page("proposal-list", STAFF),
    Page("pulse-index"),
    Page("pulse-survey-create", MANAGERS),
    Page("pulse-survey-results", STAFF, ("survey",)),
    Page("pulse-survey-results-export", STAFF, ("survey",)),
    Page("pulse-answer", (AGENT,), ("open_round",)),
    Page("recognition-wall"),
    Page("recognition-create"),
    Page("notification-list"),
    Page("notification-preferences"),
    Page("ex-organisation"),
    Page("ex-team", STAFF, ("team",)),
    Page("ex-compare", STAFF),
    Page("import-upload", (ADMIN,)),
    Page("import-detail", (ADMIN,), ("batch",)),
    Page("import-status", (ADMIN,), ("batch",)),
    Page("export-index"),
    Page("export-metric-values", ROLES, (), "start={week_ago}&end={yesterday}"),
    Page("export-goal-progress"),
    Page("password_change_done"),
    # The API: its lists, and one record of each
    Page("api-root"),
    Page("api-schema"),
    Page("api-docs"),
    Page("api-import-status", (ADMIN,), ("batch",)),
    Page("api-user-list", (ADMIN,)),
    Page("api-user-detail", (ADMIN,), ("agent",)),
    Page("api-team-membership-list", (ADMIN,)),
    Page("api-team-membership-detail", (ADMIN,), ("membership",)),
    Page("api-team-list"),
    Page("api-team-detail", STAFF, ("team",)),
    Page("api-agent-list"),
    Page("api-agent-detail", ROLES, ("agent",)),
    Page("api-metric-list"),
    Page("api-metric-detail", ROLES, ("metric",)),
    Page("api-metric-value-list"),
    Page("api-metric-value-detail", ROLES, ("metric_value",)),
    Page("api-team-metric-value-list"),
    Page("api-team-metric-value-detail", STAFF, ("team_metric_value",)),
    Page("api-goal-list"),
    Page("api-goal-detail", ROLES, ("goal",)),
    Page("api-goal-expectation-plan", MANAGERS, ("goal",)),
    Page("api-goal-template-list", MANAGERS),
    Page("api-goal-template-detail", MANAGERS, ("template",)),
    Page("api-expectation-list"),
    Page("api-expectation-detail", ROLES, ("expectation",)),
    Page("api-one-on-one-list"),
    Page("api-one-on-one-detail", ROLES, ("one_on_one",)),
    Page("api-one-on-one-agenda", ROLES, ("one_on_one",)),
    Page("api-action-item-list"),
    Page("api-action-item-detail", ROLES, ("action_item",)),
    Page("api-behaviour-list"),
    Page("api-behaviour-detail", ROLES, ("behaviour",)),
    Page("api-observation-list"),
    Page("api-observation-detail", ROLES, ("observation",)),
    Page("api-coaching-session-list"),
    Page("api-coaching-session-detail", ROLES, ("session",)),
    Page("api-alert-rule-list", (ADMIN,)),
    Page("api-alert-rule-detail", (ADMIN,), ("alert_rule",)),
    Page("api-investigation-list", STAFF),
    Page("api-investigation-detail", MANAGERS, ("investigation",)),
    Page("api-coaching-proposal-list", STAFF),
    Page("api-coaching-proposal-detail", STAFF, ("proposal",)),
    Page("api-pulse-round-list"),
    Page("api-pulse-round-detail", (AGENT,), ("open_round",)),  # only rounds one may answer
    Page("api-pulse-survey-list"),
    Page("api-pulse-survey-detail", STAFF, ("survey",)),
    Page("api-pulse-survey-results", STAFF, ("survey",)),
    Page("api-company-value-list"),
    Page("api-company-value-detail", ROLES, ("company_value",)),
    Page("api-recognition-list"),
    Page("api-recognition-detail", ROLES, ("recognition",)),
    Page("api-notification-list"),
    Page("api-notification-detail", (MANAGER, COACH, AGENT), ("notification",)),  # none for the admin
]

# Why a named address is not timed. "POST only" ones are checked to refuse a GET (405) by
# tests/test_bench_pages.py; any other reason says where the address is covered instead.
POST_ONLY = "POST only: an action, not a page"
EXCLUDED = {
    FLOOR: "the floor every page is compared with",
    "login": "the sign-in page: a signed-in person is sent home",
    "logout": POST_ONLY,
    "set_language": "changes the language (POST); a GET only redirects back",
    "api-not-found": "the API's JSON 404 for an address it does not have",
    "import-retry": POST_ONLY,
    "api-import-retry": POST_ONLY,
    "api-goal-expectations": POST_ONLY,
    "api-goal-template-apply": POST_ONLY,
    "api-observation-rating-dispute": POST_ONLY,
    "api-observation-rating-answer": POST_ONLY,
    "api-team-membership-end": POST_ONLY,
    "goal-smart-check": POST_ONLY,
    "goal-activate": POST_ONLY,
    "goal-adjust": POST_ONLY,
    "goal-close": POST_ONLY,
    "goal-save-template": POST_ONLY,
    "one-on-one-agenda-add": POST_ONLY,
    "action-item-create": POST_ONLY,
    "action-item-toggle": POST_ONLY,
    "expectation-acknowledge": POST_ONLY,
    "observation-acknowledge": POST_ONLY,
    "rating-dispute": POST_ONLY,
    "rating-resolve": POST_ONLY,
    "investigation-note-add": POST_ONLY,
    "investigation-resolve": POST_ONLY,
    "proposal-accept": POST_ONLY,
    "proposal-dismiss": POST_ONLY,
    "notification-read": POST_ONLY,
    "notification-read-all": POST_ONLY,
    "api-metric-value-import": POST_ONLY,
    "api-goal-activate": POST_ONLY,
    "api-goal-adjust": POST_ONLY,
    "api-goal-close": POST_ONLY,
    "api-expectation-acknowledge": POST_ONLY,
    "api-action-item-done": POST_ONLY,
    "api-observation-acknowledge": POST_ONLY,
    "api-alert-rule-budget": POST_ONLY,
    "api-alert-rule-budget-change": POST_ONLY,
    "api-investigation-notes": POST_ONLY,
    "api-investigation-resolve": POST_ONLY,
    "api-coaching-proposal-accept": POST_ONLY,
    "api-coaching-proposal-dismiss": POST_ONLY,
    "api-pulse-round-answer": POST_ONLY,
    "api-notification-read": POST_ONLY,
    "api-notification-read-all": POST_ONLY,
}
# Not the app's own: Django's admin, static and media files.
FOREIGN_PREFIXES = ("admin/", "static/", "media/")


def url_names() -> dict[str, list[str]]:
    """{name: its routes} of every named address in the URLconf, the Django admin's excepted."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith(FOREIGN_PREFIXES):
                    yield from walk(pattern.url_patterns, route)
            elif pattern.name and not route.startswith(FOREIGN_PREFIXES):
                yield route, pattern.name

    names: dict[str, list[str]] = {}
    for route, name in walk(get_resolver().url_patterns):
        names.setdefault(name, []).append(route)
    return names


def people() -> dict:
    from coaching.models import Role, TeamMembership, User

    agents_in_teams = TeamMembership.objects.current().values("agent")
    return {
        ADMIN: User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first(),
        MANAGER: User.objects.filter(role=Role.MANAGER, managed_teams__isnull=False).order_by("username").first(),
        COACH: User.objects.filter(role=Role.COACH, covered_teams__isnull=False).order_by("username").first(),
        AGENT: User.objects.filter(role=Role.AGENT, pk__in=agents_in_teams).order_by("username").first(),
    }


def samples(user) -> dict:
    """The records ``user``'s addresses take: their first team, an agent of it (or themself), that agent's records."""
    import datetime

    from coaching import clock, permissions
    from coaching.models import (
        ActionItem,
        AlertRule,
        Behaviour,
        CompanyValue,
        GoalStatus,
        GoalTemplate,
        Metric,
        MetricValue,
        Notification,
        PulseParticipation,
        TeamMembership,
        TeamMetricValue,
    )

    def pk(queryset):
        return queryset.values_list("pk", flat=True).first()

    now = clock.now()
    today = clock.today()
    if permissions.may_see_only_own_records(user):
        agent_id = user.pk
        team_id = TeamMembership.objects.current().filter(agent=user).values_list("team_id", flat=True).first()
    else:
        team_id = pk(permissions.teams_visible_to(user).order_by("name"))
        members = TeamMembership.objects.current().filter(team_id=team_id).values("agent")
        agent_id = pk(permissions.agents_visible_to(user).filter(pk__in=members).order_by("username"))
    goals = permissions.goals_visible_to(user).filter(status=GoalStatus.ACTIVE)
    meetings = permissions.one_on_ones_visible_to(user)
    open_rounds = PulseParticipation.objects.filter(
        agent=user, answered_at__isnull=True, round__opens_on__lte=today, round__closes_on__gte=today
    )
    return {
        "agent": agent_id,
        "team": team_id,
        "goal": pk(goals.filter(team_id=team_id).order_by("pk")) or pk(goals.order_by("pk")),
        "one_on_one": pk(meetings.filter(agent_id=agent_id, meeting_on__lte=now).order_by("-meeting_on")),
        "expectation": pk(permissions.expectations_visible_to(user).filter(agent_id=agent_id)),
        "action_item": pk(ActionItem.objects.filter(one_on_one__agent_id=agent_id).order_by("-pk")),
        "observation": pk(permissions.observations_visible_to(user).filter(agent_id=agent_id).order_by("-observed_at")),
        "session": pk(permissions.sessions_visible_to(user).filter(agent_id=agent_id).order_by("-held_on")),
        "investigation": pk(permissions.investigations_visible_to(user).order_by("-pk")),
        "proposal": pk(permissions.proposals_visible_to(user).order_by("-pk")),
        "survey": pk(permissions.surveys_visible_to(user).order_by("pk")),
        "open_round": open_rounds.values_list("round_id", flat=True).first(),
        "batch": pk(permissions.import_batches_visible_to(user).order_by("-pk")),
        "template": pk(GoalTemplate.objects.order_by("pk")),
        "notification": pk(Notification.objects.filter(recipient=user).order_by("-pk")),
        "membership": pk(TeamMembership.objects.current().filter(agent_id=agent_id)),
        "metric": pk(Metric.objects.per_agent().order_by("display_order", "pk")),
        "metric_value": pk(MetricValue.objects.filter(agent_id=agent_id).order_by("-day", "metric_id")),
        "team_metric_value": pk(TeamMetricValue.objects.filter(team_id=team_id).order_by("-day", "metric_id")),
        "behaviour": pk(Behaviour.objects.order_by("display_order", "pk")),
        "alert_rule": pk(AlertRule.objects.order_by("pk")),
        "company_value": pk(CompanyValue.objects.order_by("pk")),
        "recognition": pk(permissions.recognitions_visible_to(user).order_by("-pk")),
        "yesterday": (today - datetime.timedelta(days=1)).isoformat(),
        "week_ago": (today - datetime.timedelta(days=7)).isoformat(),
    }


def address(page: Page, ids: dict) -> str | None:
    """The page's address with its records filled in; None when the role has no such record."""
    from django.urls import reverse

    values = [ids.get(key) for key in page.args]
    if any(value is None for value in values):
        return None
    path = reverse(page.name, args=values)
    return f"{path}?{page.query.format(**ids)}" if page.query else path


@dataclass(frozen=True)
class Timing:
    seconds: float  # the page's median
    floor: float  # the floor's median, timed just before each of the page's runs
    queries: int
    size: int

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor

    @property
    def within(self) -> bool:
        return self.ratio <= GOAL_RATIO and self.queries <= GOAL_QUERIES


def measure(client, path: str, floor_path: str, runs: int) -> tuple[int, Timing | None]:
    """(status, None) if the warm-up does not answer 200, else (200, its timing).

    Each timed request of the page follows one of the floor page, so a machine busier
    for a moment slows both: the ratio compares moments alike.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def read(response) -> bytes:
        return b"".join(response.streaming_content) if response.streaming else response.content

    response = client.get(path)
    read(response)
    if response.status_code != 200:
        return response.status_code, None
    times, floors, queries, size = [], [], 0, 0
    for _ in range(runs):
        started = time.perf_counter()
        read(client.get(floor_path))
        floors.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            body = read(client.get(path))
            times.append(time.perf_counter() - started)
        queries, size = len(captured), len(body)
    return 200, Timing(statistics.median(times), statistics.median(floors), queries, size)


def use_database(name: str | None) -> None:
    """Point ``DATABASE_URL`` at the PostgreSQL database ``name`` (with scale_data's default server)."""
    if name:
        from scale_data import database_url

        os.environ["DATABASE_URL"] = database_url(name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="a PostgreSQL database name (default: DATABASE_URL)")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"timed requests per page after the warm-up ({RUNS})")
    parser.add_argument("--role", action="append", choices=ROLES, help="only this role (repeatable)")
    parser.add_argument("--only", help="only pages whose URL name contains this")
    parser.add_argument("--probe", action="store_true", help="one untimed GET of every page for every role")
    args = parser.parse_args()
    use_database(args.database)
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 403s and 404s of --probe are expected
    from django.db import connection
    from django.test import Client

    roles = args.role or list(ROLES)
    users = people()
    missing = [role for role in roles if users[role] is None]
    if missing:
        print(f"no {', '.join(missing)} in this database: build it with bench/scale_data.py or seed_demo")
        return 2
    pages = [page for page in PAGES if not args.only or args.only in page.name]
    from django.conf import settings

    assert not settings.DEBUG
    print(
        f"database {connection.settings_dict['NAME']} ({connection.vendor}), DEBUG off, "
        f"{args.runs} runs after a warm-up"
    )
    if args.probe:
        return probe(pages, roles, users)

    floor_path = address(Page(FLOOR), {})
    columns = f"{'median':>9} {'floor':>8} {'× floor':>8} {'queries':>7} {'KB':>7}"
    print(f"\n{'role':<8} {'page':<30} {'address':<46} {columns}", flush=True)
    results, not_timed, failed = [], [], []
    for role in roles:
        client = Client()
        client.force_login(users[role])
        measure(client, floor_path, floor_path, 1)  # the session and the caches warm
        ids = samples(users[role])
        for page in pages:
            if role not in page.roles:
                continue
            path = address(page, ids)
            if path is None:
                not_timed.append((role, page.name, "no such record for this role: " + ", ".join(page.args)))
                continue
            status, timing = measure(client, path, floor_path, args.runs)
            if timing is None:
                failed.append((role, path, status))
                continue
            results.append((role, timing))
            print(
                f"{role:<8} {page.name[:30]:<30} {path[:46]:<46} {timing.seconds * 1000:6.0f} ms "
                f"{timing.floor * 1000:5.1f} ms {timing.ratio:7.1f}× {timing.queries:7d} {timing.size / 1024:7.1f}"
                f"{'' if timing.within else '  MISS'}",
                flush=True,
            )

    floors = {}
    for role, timing in results:
        floors.setdefault(role, []).append(timing.floor)
    print(
        f"\nfloor ({floor_path}), median over the run: "
        + ", ".join(f"{role} {statistics.median(times) * 1000:.1f} ms" for role, times in floors.items())
    )
    for role, name, reason in not_timed:
        print(f"not timed: {role} {name}: {reason}")
    for role, path, status in failed:
        print(f"FAILED: {role} {path} answered {status}")
    large = sum(timing.size > LARGE_KB * 1024 for _role, timing in results)
    print(f"pages over {LARGE_KB} KB: {large}")
    within = sum(timing.within for _role, timing in results)
    total = len(results) + len(failed)
    print(f"{within} of {total} pages within {GOAL_RATIO:.0f}× the floor and {GOAL_QUERIES} queries")
    return 0 if within == total else 1


def probe(pages, roles, users) -> int:
    """Print each page's status for each role, without timing: to check ``PAGES``' roles against the views."""
    from django.test import Client

    clients, ids = {}, {}
    for role in roles:
        clients[role] = Client()
        clients[role].force_login(users[role])
        ids[role] = samples(users[role])
    print(f"{'page':<32} " + " ".join(f"{role:>8}" for role in roles) + "   (* = listed for the role)")
    for page in pages:
        cells = []
        for role in roles:
            path = address(page, ids[role])
            status = "no rec" if path is None else str(clients[role].get(path).status_code)
            cells.append(f"{status + ('*' if role in page.roles else ' '):>8}")
        print(f"{page.name:<32} " + " ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
