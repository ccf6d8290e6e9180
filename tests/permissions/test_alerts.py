"""The alerts policy: who configures alert rules and who decides a coaching proposal."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coaching.models import CoachingProposal
from coaching.permissions import can_decide_proposal, may_configure_alert_rules

from ..factories import CoachFactory

pytestmark = pytest.mark.django_db


def test_only_administrators_configure_alert_rules(org):
    assert may_configure_alert_rules(org.admin)
    for user in (org.manager_a, org.coach_a, org.agent_a1, AnonymousUser()):
        assert not may_configure_alert_rules(user)


def test_the_coach_a_proposal_is_made_to_and_those_who_coach_the_agent_decide_it(org):
    elsewhere = CoachFactory(username="coach_elsewhere")
    proposal = CoachingProposal(agent=org.agent_a1, coach=elsewhere)
    for user in (elsewhere, org.coach_a, org.manager_a, org.admin):
        assert can_decide_proposal(user, proposal)


def test_agents_and_those_who_do_not_coach_the_agent_cannot_decide_a_proposal(org):
    proposal = CoachingProposal(agent=org.agent_a1, coach=org.coach_a)
    for user in (org.agent_a1, org.agent_a2, org.manager_b):
        assert not can_decide_proposal(user, proposal)
