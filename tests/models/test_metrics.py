"""Database invariants of metrics and their daily values."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from coaching.models import Aggregation, MetricUnit

from ..factories import AgentFactory, MetricFactory, MetricValueFactory

pytestmark = pytest.mark.django_db


def test_one_value_per_agent_metric_and_day():
    value = MetricValueFactory()
    with pytest.raises(IntegrityError):
        MetricValueFactory(agent=value.agent, metric=value.metric, day=value.day)


def test_same_agent_and_metric_on_another_day_is_a_new_value():
    value = MetricValueFactory()
    MetricValueFactory(agent=value.agent, metric=value.metric, day=value.day - datetime.timedelta(days=1))
    MetricValueFactory(agent=AgentFactory(), metric=value.metric, day=value.day)


def test_a_rate_metric_must_be_in_percent():
    metric = MetricFactory.build(code="X", unit=MetricUnit.SECONDS, aggregation=Aggregation.RATE)
    with pytest.raises(ValidationError, match="rate metric must be expressed in percent"):
        metric.full_clean()
    with pytest.raises(IntegrityError):
        metric.save()


def test_valid_range_must_be_ordered():
    metric = MetricFactory.build(code="Y", min_value=Decimal(10), max_value=Decimal(5))
    with pytest.raises(ValidationError, match="highest valid value"):
        metric.full_clean()


def test_is_within_range_is_inclusive():
    metric = MetricFactory.build(min_value=Decimal(0), max_value=Decimal(100))
    assert metric.is_within_range(Decimal(0))
    assert metric.is_within_range(Decimal(100))
    assert not metric.is_within_range(Decimal("100.01"))
    assert not metric.is_within_range(Decimal("-0.01"))
