"""Each person's language: notifications and emails in the recipient's, remembered when switching, and set by hand."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext

from coaching.i18n import language_of
from coaching.models import AlertCondition, AlertRule, CompanyValue, Investigation, Notification, User
from coaching.services.alerts import _notify_assignee
from coaching.services.notifications import notify_expectations_created, weekly_digests_send
from coaching.services.recognition import recognition_give

from .factories import ExpectationFactory, GoalFactory, MetricFactory

pytestmark = pytest.mark.django_db

RECOGNISED = "%(person)s recognised you for “%(value)s”"
EXPECTATION = "A new expectation to acknowledge: %(goal)s"
OPEN_IT = "Open it in Coaching: %(url)s"


def translated(language, msgid, **values):
    with translation.override(language):
        return gettext(msgid) % values


def speaks(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def value(db):
    return CompanyValue.objects.create(name="Own it", order=1)


def test_the_german_catalogue_is_compiled():
    """Guards the tests below: without compiled messages every "German" text would be the English one."""
    assert translated("de", RECOGNISED, person="A", value="B") != RECOGNISED % {"person": "A", "value": "B"}


@pytest.mark.parametrize(("stored", "expected"), [("de", "de"), ("", "en"), ("fr", "en"), ("zh-hans", "zh-hans")])
def test_a_persons_language_is_theirs_if_offered_else_the_site_default(org, stored, expected):
    assert language_of(speaks(org.agent_a1, stored)) == expected


def test_a_recognition_from_an_english_speaker_reaches_a_german_speaker_in_german(
    org, value, django_capture_on_commit_callbacks, mailoutbox
):
    speaks(org.agent_a1, "de")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        recognition_give(actor=org.agent_a2, agent=org.agent_a1, value=value, message="Saved my shift!")
    german = translated("de", RECOGNISED, person=org.agent_a2, value=value)
    assert german != RECOGNISED % {"person": org.agent_a2, "value": value}
    assert Notification.objects.get(recipient=org.agent_a1).title == german
    [email] = mailoutbox
    assert email.to == [org.agent_a1.email] and email.subject == german
    assert translated("de", OPEN_IT, url="") in email.body
    assert OPEN_IT % {"url": ""} not in email.body


def test_a_recipient_without_a_language_gets_the_site_default_whatever_the_sender_reads(
    org, value, django_capture_on_commit_callbacks, mailoutbox
):
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        recognition_give(actor=org.agent_a2, agent=org.agent_a1, value=value, message="Saved my shift!")
    english = RECOGNISED % {"person": org.agent_a2, "value": value}
    assert english != translated("de", RECOGNISED, person=org.agent_a2, value=value)
    assert Notification.objects.get(recipient=org.agent_a1).title == english
    [email] = mailoutbox
    assert email.subject == english and OPEN_IT % {"url": ""} in email.body


def test_an_expectation_is_announced_in_the_agents_language_with_dates_in_its_format(org):
    speaks(org.agent_a1, "de")
    goal = GoalFactory(
        metric=MetricFactory(code="FCR"), agent=None, team=org.team_a, due_date=datetime.date(2031, 3, 4)
    )
    expectation = ExpectationFactory(goal=goal, agent=org.agent_a1, created_by=org.manager_a, target=Decimal("84"))
    with translation.override("en"):
        [notification] = notify_expectations_created([expectation])
    assert notification.title == translated("de", EXPECTATION, goal=goal.title) != EXPECTATION % {"goal": goal.title}
    with translation.override("de"):
        german_date = formats.date_format(goal.due_date, "SHORT_DATE_FORMAT")
    assert german_date != formats.date_format(goal.due_date, "SHORT_DATE_FORMAT")
    assert german_date in notification.body


def test_an_investigation_is_assigned_in_the_assignees_language(org):
    speaks(org.manager_a, "es")
    metric = MetricFactory(code="AHT")
    rule = AlertRule.objects.create(
        name="AHT up", metric=metric, condition=AlertCondition.THRESHOLD, threshold=Decimal(1)
    )
    investigation = Investigation.objects.create(
        rule=rule,
        metric=metric,
        team=org.team_a,
        assignee=org.manager_a,
        due_date=datetime.date(2031, 3, 4),
        period_end=datetime.date(2031, 3, 1),
    )
    with translation.override("en"):
        _notify_assignee(investigation)
    msgid = "Investigation: %(metric)s in %(scope)s"
    spanish = translated("es", msgid, metric=metric.name, scope=org.team_a)
    assert spanish != msgid % {"metric": metric.name, "scope": org.team_a}
    assert Notification.objects.get(recipient=org.manager_a).title == spanish


def test_the_weekly_digest_is_written_in_each_managers_language(org):
    speaks(org.manager_a, "de")
    today = datetime.date(2031, 3, 4)
    with translation.override("en"):
        weekly_digests_send(today=today)
    week = today.isocalendar()[1]
    german = Notification.objects.get(recipient=org.manager_a)
    english = Notification.objects.get(recipient=org.manager_b)
    assert german.title == translated("de", "Your teams this week (week %(week)s)", week=week) != english.title
    assert translated("de", "No active goals.") in german.body and "No active goals." in english.body


def test_switching_language_while_signed_in_is_remembered_on_the_next_sign_in(client, org):
    client.force_login(org.agent_a1)
    response = client.post(reverse("set_language"), {"language": "de", "next": reverse("home")})
    assert response.status_code == 302
    org.agent_a1.refresh_from_db()
    assert org.agent_a1.language == "de"

    fresh = Client()
    response = fresh.post(reverse("login"), {"username": "agent_a1", "password": "secret-pass-123"}, follow=True)
    html = response.content.decode()
    assert '<html lang="de">' in html and translated("de", "Sign out") in html != "Sign out"
    assert fresh.cookies["django_language"].value == "de"


def test_an_anonymous_language_switch_saves_nothing_and_an_unknown_language_is_not_remembered(client, org):
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    client.force_login(org.agent_a1)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    org.agent_a1.refresh_from_db()
    assert org.agent_a1.language == ""


def test_a_remembered_language_adds_no_query_to_a_page(client, org):
    client.force_login(org.agent_a1)
    with CaptureQueriesContext(connection) as default:
        assert '<html lang="en">' in client.get(reverse("notification-list")).content.decode()
    speaks(org.agent_a1, "it")
    with CaptureQueriesContext(connection) as remembered:
        assert '<html lang="it">' in client.get(reverse("notification-list")).content.decode()
    assert len(remembered) == len(default)


def test_the_preferences_page_offers_and_saves_the_language(client, org):
    client.force_login(org.agent_a1)
    page = client.get(reverse("notification-preferences")).content.decode()
    assert 'name="language"' in page and '<option value="en" lang="en" selected>' in page
    response = client.post(reverse("notification-preferences"), {"email": ["one_on_one_soon"], "language": "zh-hans"})
    assert response.status_code == 302
    org.agent_a1.refresh_from_db()
    assert org.agent_a1.language == "zh-hans"
    html = client.get(reverse("notification-preferences")).content.decode()
    assert '<html lang="zh-hans">' in html and '<option value="zh-hans" lang="zh-hans" selected>' in html


def test_the_preferences_page_refuses_a_language_not_offered_and_changes_nothing(client, org):
    speaks(org.agent_a1, "es")
    client.force_login(org.agent_a1)
    response = client.post(
        reverse("notification-preferences"), {"email": ["one_on_one_soon"], "language": "fr"}, follow=True
    )
    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]][0].startswith("“fr”")
    org.agent_a1.refresh_from_db()
    assert org.agent_a1.language == "es"
    assert not org.agent_a1.notification_preferences.exists()


def test_an_administrator_chooses_a_persons_language_from_the_languages_offered(client, org):
    org.admin.is_superuser = True
    org.admin.save(update_fields=["is_superuser"])
    client.force_login(org.admin)
    page = client.get(reverse("admin:coaching_user_change", args=[org.agent_a1.pk])).content.decode()
    assert '<select name="language"' in page
    request = RequestFactory().get("/")
    request.user = org.admin
    form_class = admin.site._registry[User].get_form(request, org.agent_a1)
    field = form_class.base_fields["language"]
    assert [code for code, _name in field.choices] == ["", "en", "es", "de", "it", "zh-hans"]
    assert field.valid_value("de") and not field.valid_value("fr")


def test_an_api_call_with_a_token_gets_no_language_cookie(client, org):
    from rest_framework.authtoken.models import Token

    org.manager_a.language = "de"
    org.manager_a.save()
    token = Token.objects.create(user=org.manager_a)
    response = client.get("/api/v1/teams/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_preferences_preselect_the_language_being_read_for_someone_who_never_chose_one(client, org):
    client.force_login(org.manager_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(reverse("notification-preferences"))
    assert page.context["chosen_language"] == "es"
    client.post(reverse("notification-preferences"), {"email": [], "language": page.context["chosen_language"]})
    org.manager_a.refresh_from_db()
    assert org.manager_a.language == "es"  # not switched to the site default by saving the email choices
