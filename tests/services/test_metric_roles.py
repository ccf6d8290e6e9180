"""Which metric plays which role: set by an administrator through one service, one metric per role."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from coaching.models import Metric, MetricRole, MetricSource
from coaching.services.metrics import metric_set_role

from ..factories import MetricFactory

pytestmark = pytest.mark.django_db


def roles():
    return dict(Metric.objects.exclude(role="").values_list("code", "role"))


def test_an_administrator_marks_a_metric_as_the_quality_score(org):
    score = MetricFactory(code="QSCORE")
    metric_set_role(actor=org.admin, metric=score, role=MetricRole.QUALITY_SCORE)
    assert roles() == {"QSCORE": MetricRole.QUALITY_SCORE}
    assert score.history.latest().history_user == org.admin


def test_a_role_another_metric_plays_is_refused_with_the_metric_named(org):
    satisfaction = MetricFactory(code="SAT", name="Satisfaction survey", role=MetricRole.CUSTOMER_SATISFACTION)
    other = MetricFactory(code="TNPS")
    with pytest.raises(ValidationError) as refused:
        metric_set_role(actor=org.admin, metric=other, role=MetricRole.CUSTOMER_SATISFACTION)
    assert refused.value.message_dict["role"] == [
        "Satisfaction survey (SAT) already plays the role “Customer satisfaction”. "
        "Clear it there first: at most one metric plays each role."
    ]
    assert roles() == {satisfaction.code: MetricRole.CUSTOMER_SATISFACTION}


def test_a_role_moves_once_cleared_where_it_was(org):
    first = MetricFactory(code="SAT", role=MetricRole.CUSTOMER_SATISFACTION)
    second = MetricFactory(code="CES")
    metric_set_role(actor=org.admin, metric=first, role="")
    metric_set_role(actor=org.admin, metric=second, role=MetricRole.CUSTOMER_SATISFACTION)
    assert roles() == {"CES": MetricRole.CUSTOMER_SATISFACTION}


def test_setting_the_role_a_metric_already_plays_changes_nothing(org):
    score = MetricFactory(code="QSCORE", role=MetricRole.QUALITY_SCORE)
    metric_set_role(actor=org.admin, metric=score, role=MetricRole.QUALITY_SCORE)
    assert roles() == {"QSCORE": MetricRole.QUALITY_SCORE}


def test_the_database_holds_one_metric_per_role(db):
    MetricFactory(code="SAT", role=MetricRole.CUSTOMER_SATISFACTION)
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricFactory(code="CES", role=MetricRole.CUSTOMER_SATISFACTION)
    # Any number of metrics play no role.
    MetricFactory(code="AHT")
    MetricFactory(code="FCR")


def test_the_quality_score_must_have_a_value_per_agent(org):
    engagement = Metric.objects.get(source=MetricSource.PULSE_ENGAGEMENT)
    with pytest.raises(ValidationError, match="must be a metric with a value per agent"):
        metric_set_role(actor=org.admin, metric=engagement, role=MetricRole.QUALITY_SCORE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Metric.objects.filter(pk=engagement.pk).update(role=MetricRole.QUALITY_SCORE)
    assert roles() == {}


def test_an_unknown_role_is_refused(org):
    score = MetricFactory(code="QSCORE")
    with pytest.raises(ValidationError):
        metric_set_role(actor=org.admin, metric=score, role="absenteeism")
    with pytest.raises(IntegrityError), transaction.atomic():
        Metric.objects.filter(pk=score.pk).update(role="absenteeism")


@pytest.mark.parametrize("actor", ["manager_a", "coach_a", "agent_a1"])
def test_only_administrators_choose_roles(org, actor):
    score = MetricFactory(code="QSCORE")
    with pytest.raises(PermissionDenied):
        metric_set_role(actor=getattr(org, actor), metric=score, role=MetricRole.QUALITY_SCORE)
    assert roles() == {}


def test_an_upgraded_installation_keeps_its_csat_and_qa_in_their_roles(db):
    migration = importlib.import_module("coaching.migrations.0009_metric_role")
    MetricFactory(code="CSAT")
    MetricFactory(code="QA")
    MetricFactory(code="NPS")
    migration.set_roles_of_earlier_codes(apps, None)
    assert roles() == {"CSAT": MetricRole.CUSTOMER_SATISFACTION, "QA": MetricRole.QUALITY_SCORE}


def test_the_upgrade_leaves_other_codes_and_taken_roles_alone(db):
    migration = importlib.import_module("coaching.migrations.0009_metric_role")
    MetricFactory(code="SAT", role=MetricRole.CUSTOMER_SATISFACTION)
    MetricFactory(code="CSAT")
    MetricFactory(code="QSCORE")
    migration.set_roles_of_earlier_codes(apps, None)
    assert roles() == {"SAT": MetricRole.CUSTOMER_SATISFACTION}
