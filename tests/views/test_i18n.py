"""The language switcher: every page follows the language the person chose."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "nav_label", "sign_out"),
    [
        ("es", "Inicio", "Cerrar sesión"),
        ("de", "Startseite", "Abmelden"),
        ("it", "Cambia password", "Esci"),
        ("zh-hans", "首页", "退出登录"),
    ],
)
def test_choosing_a_language_translates_the_navigation(client, org, language, nav_label, sign_out):
    client.force_login(org.manager_a)
    response = client.post(reverse("set_language"), {"language": language, "next": reverse("home")}, follow=True)
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert nav_label in html and sign_out in html


def test_english_is_the_default(client, org):
    client.force_login(org.agent_a1)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html and "Sign out" in html
