"""Pages that need particular metrics find them by kind and role, whatever the organisation's codes.

An organisation whose metrics are SAT, QSCORE and ABSENCE gets the same pages as one with
the demo's CSAT, QA and ABS; without a role set, the pages say what to configure.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.models import Aggregation, Direction, Metric, MetricKind, MetricRole, MetricUnit

from ..factories import MetricFactory, MetricValueFactory, ObservationFactory

pytestmark = pytest.mark.django_db

NO_QUALITY_SCORE = "No active metric is marked as the quality score"
NO_CUSTOMER_METRIC = "No active metric is of the customer kind"
NO_EMPLOYEE_METRIC = "No active metric is of the employee kind"

# The page's queries measured before metrics had roles; none may be added.
QUERIES = {"coach home": 15, "admin home": 13, "dashboard": 10, "compare": 10}


@pytest.fixture
def own_codes(org, today):
    """Satisfaction, a quality score and absence under the organisation's own codes, with weekly values."""
    satisfaction = MetricFactory(code="SAT", name="Satisfaction", display_order=20)
    effort = MetricFactory(code="EFFORT", name="Customer effort", display_order=10, direction=Direction.LOWER)
    score = MetricFactory(code="QSCORE", name="Quality evaluation", unit=MetricUnit.SCORE, display_order=30)
    absence = MetricFactory(
        code="ABSENCE",
        name="Absence",
        kind=MetricKind.EMPLOYEE,
        direction=Direction.LOWER,
        aggregation=Aggregation.RATE,
        display_order=40,
    )
    # Named so that the boards' alphabetical order is never the order a test expects by chance.
    for agent, first_name in ((org.agent_a1, "Aaron"), (org.agent_a2, "Zora")):
        agent.first_name = first_name
        agent.save(update_fields=["first_name"])
    scores = {org.agent_a1: 95, org.agent_a2: 62, org.agent_b1: 80}
    for week in range(8):
        day = today - datetime.timedelta(weeks=week, days=1)
        for agent, team in ((org.agent_a1, org.team_a), (org.agent_a2, org.team_a), (org.agent_b1, org.team_b)):
            for metric, value in ((satisfaction, 70 + week % 5), (effort, 30 + week % 3), (absence, week % 4)):
                MetricValueFactory(agent=agent, team=team, metric=metric, day=day, value=Decimal(value), sample_size=8)
            if week == 0:
                MetricValueFactory(agent=agent, team=team, metric=score, day=day, value=Decimal(scores[agent]))
    return satisfaction, effort, score, absence


def with_roles(satisfaction, score):
    Metric.objects.filter(pk=satisfaction.pk).update(role=MetricRole.CUSTOMER_SATISFACTION)
    Metric.objects.filter(pk=score.pk).update(role=MetricRole.QUALITY_SCORE)


def as_user(client, user):
    client.force_login(user)
    return client


def series_keys(page):
    return [(series["key"], series["kind"]) for series in page.context["chart"]["series"]]


# People and customers


def test_a_dashboard_of_other_codes_shows_both_sides_in_display_order(client, org, own_codes):
    page = as_user(client, org.manager_a).get(reverse("ex-team", args=[org.team_a.pk]))
    assert page.status_code == 200
    assert series_keys(page) == [
        ("ABSENCE", "employee"),
        ("ENG", "employee"),
        ("ENPS", "employee"),
        ("attrition", "employee"),
        ("mood", "employee"),
        ("EFFORT", "customer"),
        ("SAT", "customer"),
        ("QSCORE", "customer"),
    ]
    series = {item["key"]: item for item in page.context["chart"]["series"]}
    assert len(series["SAT"]["points"]) == 8 and len(series["ABSENCE"]["points"]) == 8
    html = page.content.decode()
    assert NO_CUSTOMER_METRIC not in html and NO_EMPLOYEE_METRIC not in html


def test_the_organisation_dashboard_leaves_out_operational_and_inactive_metrics(client, org, own_codes):
    MetricFactory(code="HANDLE", kind=MetricKind.OPERATIONAL)
    MetricFactory(code="OLDSAT", is_active=False)
    keys = [key for key, _kind in series_keys(as_user(client, org.admin).get(reverse("ex-organisation")))]
    assert "HANDLE" not in keys and "OLDSAT" not in keys
    assert {"SAT", "EFFORT", "QSCORE", "ABSENCE"} <= set(keys)


def test_without_customer_metrics_the_dashboard_says_what_to_configure(client, org, own_codes):
    Metric.objects.filter(kind=MetricKind.CUSTOMER).update(kind=MetricKind.OPERATIONAL)
    page = as_user(client, org.admin).get(reverse("ex-organisation"))
    assert page.status_code == 200
    html = page.content.decode()
    assert NO_CUSTOMER_METRIC in html and NO_EMPLOYEE_METRIC not in html
    assert "Administration → Metrics" in html
    assert all(kind == "employee" for _key, kind in series_keys(page))


def test_without_employee_metrics_the_dashboard_says_so_and_keeps_attrition_and_mood(client, org, own_codes):
    Metric.objects.filter(kind=MetricKind.EMPLOYEE).update(is_active=False)
    page = as_user(client, org.manager_a).get(reverse("ex-team", args=[org.team_a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert NO_EMPLOYEE_METRIC in html and NO_CUSTOMER_METRIC not in html
    assert [key for key, kind in series_keys(page) if kind == "employee"] == ["attrition", "mood"]


def test_the_organisations_pulse_page_for_non_administrators_asks_nothing_of_them(client, org, own_codes):
    Metric.objects.filter(kind=MetricKind.CUSTOMER).update(kind=MetricKind.OPERATIONAL)
    html = as_user(client, org.manager_a).get(reverse("ex-organisation")).content.decode()
    assert NO_CUSTOMER_METRIC not in html


# The comparison


def test_the_comparison_starts_on_the_metric_playing_customer_satisfaction(client, org, own_codes):
    satisfaction, _effort, score, _absence = own_codes
    with_roles(satisfaction, score)
    page = as_user(client, org.manager_a).get(reverse("ex-compare"))
    assert (page.context["key_x"], page.context["key_y"]) == ("ENG", "SAT")


def test_without_the_role_the_comparison_starts_on_the_first_customer_metric(client, org, own_codes):
    page = as_user(client, org.manager_a).get(reverse("ex-compare"))
    assert page.status_code == 200
    assert page.context["key_y"] == "EFFORT"


def test_the_comparison_of_other_codes_pairs_their_weeks(client, org, own_codes):
    page = as_user(client, org.admin).get(reverse("ex-compare"), {"x": "ABSENCE", "y": "SAT", "weeks": 13})
    assert page.context["comparison"].correlation.points == 16  # two teams, eight weeks


# Agents to observe


def test_coaches_see_the_weakest_on_the_quality_score_first(client, org, own_codes):
    satisfaction, _effort, score, _absence = own_codes
    with_roles(satisfaction, score)
    html = as_user(client, org.coach_a).get(reverse("home")).content.decode()
    assert html.index(str(org.agent_a2)) < html.index(str(org.agent_a1))
    assert "weakest Quality evaluation" in html
    assert NO_QUALITY_SCORE not in html


def test_without_a_quality_score_coaches_see_who_was_observed_longest_ago_first(client, org, own_codes):
    ObservationFactory(agent=org.agent_a1, observer=org.coach_a)
    page = as_user(client, org.coach_a).get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert NO_QUALITY_SCORE in html and "Administration → Metrics" in html
    # Never observed before observed today.
    assert [line.agent for line in page.context["to_observe"]] == [org.agent_a2, org.agent_a1]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("es", "Ninguna métrica activa está marcada como puntuación de calidad"),
        ("de", "Keine aktive Kennzahl ist als Qualitätsbewertung markiert"),
        ("it", "Nessuna metrica attiva è indicata come punteggio di qualità"),
        ("zh-hans", "没有启用的指标被标记为质量评分"),
    ],
)
def test_the_missing_quality_score_is_told_in_the_coachs_language(client, org, own_codes, language, words):
    as_user(client, org.coach_a).post(reverse("set_language"), {"language": language, "next": reverse("home")})
    assert words in client.get(reverse("home")).content.decode()


def test_an_inactive_quality_score_counts_as_none(client, org, own_codes):
    satisfaction, _effort, score, _absence = own_codes
    with_roles(satisfaction, score)
    Metric.objects.filter(pk=score.pk).update(is_active=False)
    assert NO_QUALITY_SCORE in as_user(client, org.coach_a).get(reverse("home")).content.decode()


def test_the_administrators_home_lists_the_roles_no_metric_plays(client, org, own_codes):
    satisfaction, _effort, score, _absence = own_codes
    Metric.objects.filter(pk=satisfaction.pk).update(role=MetricRole.CUSTOMER_SATISFACTION)
    html = as_user(client, org.admin).get(reverse("home")).content.decode()
    assert "No active metric plays the role “Quality score”." in html
    assert "No active metric plays the role “Customer satisfaction”." not in html


# The admin and the API


def change_form_data(client, metric, **changes):
    form = client.get(reverse("admin:coaching_metric_change", args=[metric.pk])).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None and value is not False}


@pytest.fixture
def superuser_admin(org):
    org.admin.is_superuser = True  # the Django admin runs on Django's permissions; the demo admin is a superuser
    org.admin.save(update_fields=["is_superuser"])
    return org.admin


def test_an_administrator_sets_a_role_in_the_django_admin(client, org, own_codes, superuser_admin):
    score = own_codes[2]
    as_user(client, superuser_admin)
    response = client.post(
        reverse("admin:coaching_metric_change", args=[score.pk]),
        change_form_data(client, score, role=MetricRole.QUALITY_SCORE),
    )
    assert response.status_code == 302
    assert Metric.objects.get(pk=score.pk).role == MetricRole.QUALITY_SCORE


def test_the_django_admin_refuses_a_second_metric_for_a_role_naming_the_first(client, org, own_codes, superuser_admin):
    satisfaction, effort, score, _absence = own_codes
    with_roles(satisfaction, score)
    as_user(client, superuser_admin)
    response = client.post(
        reverse("admin:coaching_metric_change", args=[effort.pk]),
        change_form_data(client, effort, role=MetricRole.CUSTOMER_SATISFACTION),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"] == [
        "Satisfaction (SAT) already plays the role “Customer satisfaction”. "
        "Clear it there first: at most one metric plays each role."
    ]
    assert Metric.objects.get(pk=effort.pk).role == ""


@pytest.mark.parametrize("who", ["manager_a", "coach_a", "agent_a1"])
def test_others_cannot_set_a_role_in_the_django_admin(client, org, own_codes, superuser_admin, who):
    score = own_codes[2]
    data = change_form_data(as_user(client, superuser_admin), score, role=MetricRole.QUALITY_SCORE)
    before = list(Metric.objects.order_by("pk").values())
    response = as_user(client, getattr(org, who)).post(reverse("admin:coaching_metric_change", args=[score.pk]), data)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert list(Metric.objects.order_by("pk").values()) == before


def test_staff_without_the_permission_to_change_metrics_get_403(client, org, own_codes, superuser_admin):
    score = own_codes[2]
    data = change_form_data(as_user(client, superuser_admin), score, role=MetricRole.QUALITY_SCORE)
    org.manager_a.is_staff = True
    org.manager_a.save(update_fields=["is_staff"])
    before = list(Metric.objects.order_by("pk").values())
    response = as_user(client, org.manager_a).post(reverse("admin:coaching_metric_change", args=[score.pk]), data)
    assert response.status_code == 403
    assert list(Metric.objects.order_by("pk").values()) == before


def test_the_api_shows_each_metrics_role_and_filters_by_it(client, org, own_codes):
    satisfaction, _effort, score, _absence = own_codes
    with_roles(satisfaction, score)
    as_user(client, org.agent_a1)
    listed = client.get("/api/v1/metrics/", {"role": MetricRole.QUALITY_SCORE}).json()["results"]
    assert [(metric["code"], metric["role"]) for metric in listed] == [("QSCORE", "quality_score")]
    everyone = {metric["code"]: metric["role"] for metric in client.get("/api/v1/metrics/").json()["results"]}
    assert everyone["SAT"] == "customer_satisfaction" and everyone["EFFORT"] == ""


@pytest.mark.parametrize("who", ["manager_a", "admin"])
def test_metrics_are_read_only_in_the_api(client, org, own_codes, who):
    score = own_codes[2]
    before = list(Metric.objects.order_by("pk").values())
    response = as_user(client, getattr(org, who)).patch(
        f"/api/v1/metrics/{score.pk}/", {"role": MetricRole.QUALITY_SCORE}, content_type="application/json"
    )
    assert response.status_code == 405
    assert list(Metric.objects.order_by("pk").values()) == before


# Query counts


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("page", "who", "url"),
    [
        ("coach home", "coach_a", lambda org: reverse("home")),
        ("admin home", "admin", lambda org: reverse("home")),
        ("dashboard", "manager_a", lambda org: reverse("ex-team", args=[org.team_a.pk])),
        ("compare", "manager_a", lambda org: reverse("ex-compare")),
    ],
)
def test_roles_and_more_metrics_add_no_query(client, org, own_codes, page, who, url):
    as_user(client, getattr(org, who))
    without_roles = count_queries(client, url(org))
    with_roles(own_codes[0], own_codes[2])
    for number in range(5):
        MetricFactory(code=f"EXTRA{number}", kind=(MetricKind.CUSTOMER, MetricKind.EMPLOYEE)[number % 2])
    assert without_roles == count_queries(client, url(org)) <= QUERIES[page]
