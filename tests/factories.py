"""factory_boy factories for the domain model."""

import datetime
from decimal import Decimal

import factory

from coaching.models import (
    Aggregation,
    Direction,
    Metric,
    MetricKind,
    MetricUnit,
    MetricValue,
    Role,
    Team,
    TeamMembership,
    User,
)

LONG_AGO = datetime.date(2020, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("secret-pass-123")
    role = Role.AGENT


class AgentFactory(UserFactory):
    role = Role.AGENT
    employee_id = factory.Sequence(lambda n: f"EMP{n:05d}")


class ManagerFactory(UserFactory):
    role = Role.MANAGER


class CoachFactory(UserFactory):
    role = Role.COACH


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    agent = factory.SubFactory(AgentFactory)
    team = factory.SubFactory(TeamFactory)
    start_date = LONG_AGO


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Metric
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"M{n}")
    name = factory.LazyAttribute(lambda m: f"Metric {m.code}")
    unit = MetricUnit.PERCENT
    direction = Direction.HIGHER
    kind = MetricKind.CUSTOMER
    aggregation = Aggregation.WEIGHTED_MEAN
    min_value = Decimal(0)
    max_value = Decimal(100)


class MetricValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetricValue

    agent = factory.SubFactory(AgentFactory)
    metric = factory.SubFactory(MetricFactory)
    day = factory.LazyFunction(datetime.date.today)
    value = Decimal("80")
    sample_size = 10
