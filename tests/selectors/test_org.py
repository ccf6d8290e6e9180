"""Who is in a team: on a given day, and today."""

import datetime

import pytest

from coaching.selectors.org import members_on
from coaching.services.org import agent_assign_team

from ..factories import AgentFactory, TeamFactory

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2026, 1, 1)
MAR_1 = datetime.date(2026, 3, 1)


def test_an_agent_who_moved_is_a_member_of_each_team_on_its_own_days():
    alpha, bravo = TeamFactory(), TeamFactory()
    mover, stayer = AgentFactory(), AgentFactory()
    agent_assign_team(agent=stayer, team=alpha, start_date=JAN_1)
    agent_assign_team(agent=mover, team=alpha, start_date=JAN_1)
    agent_assign_team(agent=mover, team=bravo, start_date=MAR_1)
    before_the_move = MAR_1 - datetime.timedelta(days=1)
    assert set(members_on(alpha, day=before_the_move)) == {mover, stayer}
    assert set(members_on(alpha, day=MAR_1)) == {stayer}
    assert set(members_on(bravo, day=MAR_1)) == {mover}
    assert not members_on(alpha, day=JAN_1 - datetime.timedelta(days=1)).exists()
