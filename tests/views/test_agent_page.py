"""The agent page (step 4) and the managers' coaching board."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from coaching import clock
from coaching.models import GoalStatus, MetricValue

from ..factories import (
    ActionItemFactory,
    AgentFactory,
    BehaviourFactory,
    BehaviourRatingFactory,
    CoachingSessionFactory,
    ExpectationFactory,
    GoalFactory,
    MembershipFactory,
    MetricFactory,
    MetricValueFactory,
    ObservationFactory,
    OneOnOneFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(today, org):
    """One agent's lived-in cycle: daily CSAT, a team goal with a personal target, events of every kind."""
    csat = MetricFactory(code="CSAT", name="Customer satisfaction")
    for n in range(1, 61):
        MetricValueFactory(
            agent=org.agent_a1,
            metric=csat,
            day=today - datetime.timedelta(days=n),
            value=Decimal(70 if n > 30 else 85),
            sample_size=40,
            team=org.team_a,
        )
    goal = GoalFactory(
        agent=None,
        team=org.team_a,
        metric=csat,
        title="Alpha CSAT",
        target=Decimal(84),
        start_date=today - datetime.timedelta(days=40),
    )
    ExpectationFactory(goal=goal, agent=org.agent_a1, target=Decimal(86))
    listening = BehaviourFactory(name="Listening")
    listening.metrics.add(csat)
    shared = ObservationFactory(
        agent=org.agent_a1,
        observer=org.coach_a,
        summary="Shared one",
        observed_at=clock.now() - datetime.timedelta(days=20),
    )
    BehaviourRatingFactory(observation=shared, behaviour=listening, score=4)
    hidden = ObservationFactory(
        agent=org.agent_a1,
        observer=org.coach_a,
        shared_with_agent=False,
        observed_at=clock.now() - datetime.timedelta(days=10),
    )
    BehaviourRatingFactory(observation=hidden, behaviour=listening, score=1)
    session = CoachingSessionFactory(agent=org.agent_a1, coach=org.coach_a, held_on=today - datetime.timedelta(days=30))
    session.behaviours.add(listening)
    OneOnOneFactory(
        agent=org.agent_a1,
        manager=org.manager_a,
        meeting_on=clock.now() - datetime.timedelta(days=5),
        private_notes="PRIVATE-MARKER health issue",
    )
    return {"csat": csat, "goal": goal, "shared": shared, "hidden": hidden, "session": session}


def chart(response):
    html = response.content.decode()
    start = html.index('id="kpi-chart-data"')
    return json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])


def test_agent_page_draws_targets_events_and_behaviours_on_one_axis(client, org, cycle):
    client.force_login(org.manager_a)
    data = chart(client.get(reverse("agent-detail", args=[org.agent_a1.pk])))
    (csat,) = data["metrics"]
    assert len(csat["daily"]) == 60 and len(csat["weekly"]) >= 9
    assert {(t["value"], t["personal"]) for t in csat["targets"]} == {(84.0, False), (86.0, True)}
    kinds = sorted(event["kind"] for event in data["events"])
    assert kinds == ["observation", "observation", "one_on_one", "session"]
    assert all(event["url"].startswith("/") for event in data["events"])
    assert data["behaviours"][0]["name"] == "Listening"


def test_agent_sees_only_shared_observations_and_never_private_notes(client, org, cycle):
    client.force_login(org.agent_a1)
    response = client.get(reverse("agent-detail", args=[org.agent_a1.pk]))
    data = chart(response)
    observation_urls = [e["url"] for e in data["events"] if e["kind"] == "observation"]
    assert observation_urls == [reverse("observation-detail", args=[cycle["shared"].pk])]
    assert [p["y"] for p in data["behaviours"][0]["points"]] == [4]
    assert "PRIVATE-MARKER" not in response.content.decode()


def add_peers(org, csat, today, *, count=12, jump=0, scatter=0, team=None, name="peer"):
    """``count`` uncoached agents with daily CSAT around 70–81 %.

    Over the last 30 days ``jump`` is added to every peer, and ``scatter`` to half of them
    and taken from the other half.
    """
    agents = [AgentFactory(username=f"{name}{index}") for index in range(count)]
    for agent in agents:
        MembershipFactory(agent=agent, team=team or org.team_b)
    MetricValue.objects.bulk_create(
        MetricValue(
            agent=agent,
            metric=csat,
            day=today - datetime.timedelta(days=n),
            value=Decimal(
                70 + index % 12 + (n * 7 + index * 3) % 5 - 2 + (jump + scatter * (-1) ** index if n < 30 else 0)
            ),
            sample_size=40,
            team=team or org.team_b,
        )
        for index, agent in enumerate(agents)
        for n in range(1, 61)
    )
    return agents


def test_coaching_impact_compares_the_agent_with_uncoached_peers(today, client, org, cycle):
    peers = add_peers(org, cycle["csat"], today)
    client.force_login(org.coach_a)
    html = client.get(reverse("agent-detail", args=[org.agent_a1.pk])).content.decode()
    assert "Coaching impact" in html
    assert "28 days each side" in html
    assert "70.0 %" in html and "85.0 %" in html  # before and after the session
    assert "12 peers:" in html  # the matched peers, counted
    assert "Likely a real improvement" in html
    assert not any(peer.username in html for peer in peers)


def test_a_change_every_peer_shares_is_not_credited_to_coaching(today, client, org, cycle):
    add_peers(org, cycle["csat"], today, jump=15)
    client.force_login(org.manager_a)
    html = client.get(reverse("agent-detail", args=[org.agent_a1.pk])).content.decode()
    assert "Likely a real" not in html
    assert "No clear change" in html


def test_agents_coached_in_the_windows_are_not_peers(today, client, org, cycle):
    peers = add_peers(org, cycle["csat"], today)
    CoachingSessionFactory(agent=peers[0], coach=org.coach_a, held_on=today - datetime.timedelta(days=40))
    CoachingSessionFactory(agent=peers[1], coach=org.coach_a, held_on=today - datetime.timedelta(days=80))
    client.force_login(org.manager_a)
    page = client.get(reverse("agent-detail", args=[org.agent_a1.pk])).context["page"]
    ((_, impact, _),) = page.impacts[0].rows
    assert impact.peers == 11


def test_peers_that_scatter_widely_leave_only_large_changes_visible(today, client, org, cycle):
    add_peers(org, cycle["csat"], today, scatter=15)
    client.force_login(org.manager_a)
    html = client.get(reverse("agent-detail", args=[org.agent_a1.pk])).content.decode()
    assert "Likely a real" not in html
    assert "Not enough data to see a change smaller than" in html


def test_without_enough_peers_the_impact_says_not_enough_data(client, org, cycle):
    client.force_login(org.manager_a)
    html = client.get(reverse("agent-detail", args=[org.agent_a1.pk])).content.decode()
    assert "Not enough data" in html
    assert "Likely a real" not in html


def test_an_agent_sees_their_own_coaching_impact(today, client, org, cycle):
    add_peers(org, cycle["csat"], today)
    client.force_login(org.agent_a1)
    response = client.get(reverse("agent-detail", args=[org.agent_a1.pk]))
    assert response.status_code == 200
    assert "Likely a real improvement" in response.content.decode()


def test_a_session_of_a_few_days_ago_says_when_it_can_be_judged_instead_of_a_row_per_metric(today, client, org, cycle):
    add_peers(org, cycle["csat"], today)
    recent = CoachingSessionFactory(agent=org.agent_a1, coach=org.coach_a, held_on=today - datetime.timedelta(days=3))
    recent.behaviours.add(*cycle["session"].behaviours.all())
    client.force_login(org.manager_a)
    response = client.get(reverse("agent-detail", args=[org.agent_a1.pk]))
    newest, older = response.context["page"].impacts[:2]
    assert (newest.session, newest.too_recent, older.too_recent) == (recent, True, False)
    html = response.content.decode()
    first = date_format(recent.held_on + datetime.timedelta(days=5), "DATE_FORMAT")
    assert "Too recent to judge: 3 days since the session." in html
    assert f"A first indication from {first}" in html
    assert html.count("Too few days, or too few comparable agents") == 0
    assert "Likely a real improvement" in html  # the older session is still judged


@pytest.mark.parametrize("viewer", ["agent_a2", "agent_b1", "manager_b"])
def test_others_cannot_open_the_agent_page(client, org, cycle, viewer):
    client.force_login(getattr(org, viewer))
    assert client.get(reverse("agent-detail", args=[org.agent_a1.pk])).status_code == 404


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_agent_page_queries_do_not_grow_with_days_goals_events_or_peers(today, client, org, cycle):
    add_peers(org, cycle["csat"], today, count=6)
    GoalFactory(agent=org.agent_a1, metric=cycle["csat"], title="personal")  # both kinds of goal from the start
    client.force_login(org.manager_a)
    url = reverse("agent-detail", args=[org.agent_a1.pk])
    before = _count(client, url)
    for n in range(61, 150):
        MetricValueFactory(
            agent=org.agent_a1,
            metric=cycle["csat"],
            day=today - datetime.timedelta(days=n),
            value=Decimal(75),
            sample_size=30,
            team=org.team_a,
        )
    for n in range(5):
        GoalFactory(agent=org.agent_a1, metric=cycle["csat"], title=f"more {n}")
        observation = ObservationFactory(agent=org.agent_a1, observer=org.coach_a)
        BehaviourRatingFactory(observation=observation, behaviour=BehaviourFactory(name=f"B{n}"))
        session = CoachingSessionFactory(
            agent=org.agent_a1, coach=org.coach_a, held_on=today - datetime.timedelta(days=n)
        )
        session.behaviours.add(BehaviourFactory(name="Listening"))
        OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a)
    add_peers(org, cycle["csat"], today, count=8, team=org.team_a, name="later")
    assert _count(client, url) == before


def test_coaching_board_shows_the_cycle_per_agent(client, org, cycle):
    personal = GoalFactory(agent=org.agent_a1, metric=cycle["csat"], title="Personal CSAT")
    ActionItemFactory(one_on_one=OneOnOneFactory(agent=org.agent_a1, manager=org.manager_a))
    client.force_login(org.manager_a)
    response = client.get(reverse("home"))
    board = response.context["boards"][0]
    line = next(line for line in board.agents if line.agent == org.agent_a1)
    assert [goal for goal, _ in line.coaching.goals] == [personal]
    assert line.coaching.open_actions == 1
    assert line.coaching.unacknowledged == 1
    assert line.coaching.last_observation is not None and not line.coaching.stale
    other = next(line for line in board.agents if line.agent == org.agent_a2)
    assert other.coaching.stale  # never observed
    assert [goal.title for goal, _ in board.team_goals] == ["Alpha CSAT"]
    assert "Not acknowledged" in response.content.decode()


def test_coaching_board_queries_do_not_grow_with_agents_or_goals(client, org, cycle):
    GoalFactory(agent=org.agent_a2, metric=cycle["csat"])  # team and personal goals from the start
    client.force_login(org.manager_a)
    before = _count(client, reverse("home"))
    for _ in range(8):
        agent = AgentFactory()
        MembershipFactory(agent=agent, team=org.team_a)
        GoalFactory(agent=agent, metric=cycle["csat"], status=GoalStatus.ACTIVE)
        ObservationFactory(agent=agent, observer=org.coach_a)
        ActionItemFactory(one_on_one=OneOnOneFactory(agent=agent, manager=org.manager_a))
        ExpectationFactory(goal=cycle["goal"], agent=agent)
    assert _count(client, reverse("home")) == before
