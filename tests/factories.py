"""factory_boy factories for the domain model."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from coaching.models import (
    ActionItem,
    Aggregation,
    Behaviour,
    BehaviourRating,
    CoachingSession,
    Direction,
    Expectation,
    Goal,
    GoalStatus,
    Metric,
    MetricKind,
    MetricUnit,
    MetricValue,
    Observation,
    ObservationMethod,
    OneOnOne,
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


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    metric = factory.SubFactory(MetricFactory)
    agent = factory.SubFactory(AgentFactory)
    team = None
    title = factory.Sequence(lambda n: f"Goal {n}")
    objective = "Fewer repeat calls"
    target = Decimal("85")
    start_date = factory.LazyFunction(datetime.date.today)
    due_date = factory.LazyAttribute(lambda g: g.start_date + datetime.timedelta(days=90))
    status = GoalStatus.ACTIVE
    created_by = factory.SubFactory(ManagerFactory)


class OneOnOneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OneOnOne

    agent = factory.SubFactory(AgentFactory)
    manager = factory.SubFactory(ManagerFactory)
    meeting_on = factory.LazyFunction(timezone.now)
    shared_notes = "We talked about call openings."
    private_notes = "Manager-only: family situation, go gently."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    one_on_one = factory.SubFactory(OneOnOneFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.LazyAttribute(lambda a: a.one_on_one.agent)


class ExpectationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expectation

    goal = factory.SubFactory(GoalFactory)
    agent = factory.SubFactory(AgentFactory)
    target = Decimal("84")
    created_by = factory.SubFactory(ManagerFactory)


class BehaviourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Behaviour
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Behaviour {n}")
    good_looks_like = "Lets the customer finish; summarises the need back."


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    agent = factory.SubFactory(AgentFactory)
    observer = factory.SubFactory(CoachFactory)
    observed_at = factory.LazyFunction(timezone.now)
    method = ObservationMethod.SIDE_BY_SIDE
    summary = "Warm opening, rushed close."
    shared_with_agent = True


class BehaviourRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BehaviourRating

    observation = factory.SubFactory(ObservationFactory)
    behaviour = factory.SubFactory(BehaviourFactory)
    score = 3


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingSession

    agent = factory.SubFactory(AgentFactory)
    coach = factory.SubFactory(CoachFactory)
    held_on = factory.LazyFunction(datetime.date.today)
    notes = "Practised summarising the customer's need."
