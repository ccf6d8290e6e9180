"""The demo organisation: three teams, their managers and coaches, an administrator and 33 agents.

People and teams are matched by their natural keys (username, team name), so seeding twice
changes nothing; an agent's team memberships are made once, through ``agent_assign_team``.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from ..models import Role, Team, User
from ..services.org import agent_assign_team
from .story import BILLING, HISTORY_DAYS, IMPROVING, SALES, TECH

DEMO_PASSWORD = "demo"

TEAMS = {
    BILLING: "Invoices, payments and refunds for consumer customers.",
    TECH: "Connectivity, devices and set-up for consumer and small-business customers.",
    SALES: "Upgrades, renewals and customers who want to leave.",
}

# username, first name, last name, role, teams managed or covered
LEADS = [
    ("admin", "Olivia", "Hart", Role.ADMIN, []),
    ("manager", "Laura", "Gómez", Role.MANAGER, [BILLING]),
    ("manager2", "Jonas", "Weber", Role.MANAGER, [TECH]),
    ("manager3", "Wei", "Li", Role.MANAGER, [SALES]),
    ("coach", "Marco", "Bianchi", Role.COACH, [BILLING, TECH]),
    ("coach2", "Sofía", "Navarro", Role.COACH, [SALES]),
]

AGENT_NAMES = [
    "Ana Silva",
    "Lukas Fischer",
    "Giulia Romano",
    "Chen Jing",
    "Mateo Díaz",
    "Emma Wilson",
    "Hannah Becker",
    "Luca Ferrari",
    "Zhang Min",
    "Valentina Cruz",
    "Noah Brown",
    "Sara Conti",
    "Felix Wagner",
    "Liu Yang",
    "Carmen Ruiz",
    "Oliver Smith",
    "Lea Hoffmann",
    "Alessandro Greco",
    "Wang Fang",
    "Lucía Morales",
    "Jack Taylor",
    "Mia Schulz",
    "Francesca Marino",
    "Huang Lei",
    "Diego Herrera",
    "Amelia Jones",
    "Paul Koch",
    "Chiara Galli",
    "Zhao Xin",
    "Elena Vargas",
    "Thomas Evans",
    "Marie Richter",
    "Pablo Ortiz",
]
TEAM_OF_AGENT = [BILLING] * 11 + [TECH] * 11 + [SALES] * 11
MOVED = {"E1011": (SALES, 60)}  # joined their team this many days ago, from Sales
DAY_OFF_PATTERNS = [(5, 6), (5, 6), (5, 6), (6, 0), (4, 5)]  # weekday numbers, Monday = 0


@dataclass(frozen=True)
class AgentProfile:
    """How one demo agent performs: skill, whether they improve, when they work, in which team."""

    employee_id: str
    team_name: str
    skill: float
    improving: bool
    days_off: tuple[int, int]
    absence_rate: float


@dataclass(frozen=True)
class Organisation:
    """The demo teams by name, and the agents with how each performs."""

    teams: dict[str, Team]
    agents: list[tuple[User, AgentProfile]]


def seed_org(*, today: datetime.date) -> Organisation:
    """Create or refresh the teams, the leads and the agents; everyone signs in with ``DEMO_PASSWORD``."""
    password = make_password(DEMO_PASSWORD)
    teams = _seed_teams()
    _seed_leads(teams, password)
    return Organisation(teams=teams, agents=_seed_agents(teams, password, today))


def _seed_teams() -> dict[str, Team]:
    return {
        name: Team.objects.update_or_create(name=name, defaults={"description": text})[0]
        for name, text in TEAMS.items()
    }


def _seed_leads(teams: dict[str, Team], password: str) -> None:
    """The administrator, the managers and the coaches, each linked to the teams they manage or cover."""
    for username, first_name, last_name, role, team_names in LEADS:
        user = _person(username, first_name, last_name, role, password)
        if role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        for name in team_names:
            (teams[name].managers if role == Role.MANAGER else teams[name].coaches).add(user)


def _seed_agents(teams: dict[str, Team], password: str, today: datetime.date) -> list[tuple[User, AgentProfile]]:
    """The agents, in their teams since the history starts (one moved team 60 days ago), with their profiles."""
    agents = []
    first_day = today - datetime.timedelta(days=HISTORY_DAYS)
    for number, (full_name, team_name) in enumerate(zip(AGENT_NAMES, TEAM_OF_AGENT, strict=True), start=1):
        employee_id = f"E{1000 + number}"
        username = "agent" if number == 1 else f"agent{number:02d}"
        first_name, last_name = full_name.split(" ", 1)
        agent = _person(username, first_name, last_name, Role.AGENT, password, employee_id)
        if not agent.memberships.exists():
            if employee_id in MOVED:
                previous_team, days_ago = MOVED[employee_id]
                agent_assign_team(agent=agent, team=teams[previous_team], start_date=first_day)
                agent_assign_team(
                    agent=agent, team=teams[team_name], start_date=today - datetime.timedelta(days=days_ago)
                )
            else:
                agent_assign_team(agent=agent, team=teams[team_name], start_date=first_day)
        rng = random.Random(employee_id)
        agents.append(
            (
                agent,
                AgentProfile(
                    employee_id=employee_id,
                    team_name=team_name,
                    skill=rng.gauss(0, 1),
                    improving=employee_id in IMPROVING,
                    days_off=DAY_OFF_PATTERNS[number % len(DAY_OFF_PATTERNS)],
                    absence_rate=0.025 + rng.random() * 0.03,
                ),
            )
        )
    return agents


def _person(username, first_name, last_name, role, password, employee_id="") -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "role": role,
            "employee_id": employee_id,
            "email": f"{username}@example.com",
            "password": password,
        },
    )
    if not created:
        user.first_name, user.last_name, user.role, user.employee_id = first_name, last_name, role, employee_id
        user.password = password
        user.save(update_fields=["first_name", "last_name", "role", "employee_id", "password"])
    return user
