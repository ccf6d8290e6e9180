"""Shared fixtures: a small organisation with every role."""

from dataclasses import dataclass

import pytest

from coaching.models import User

from .factories import AdminFactory, AgentFactory, CoachFactory, ManagerFactory, MembershipFactory, TeamFactory


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
