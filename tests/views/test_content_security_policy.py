"""The Content-Security-Policy: sent with every page, strict, and kept by the templates.

The browser tests (tests/e2e) catch what a page actually does under the policy; these fast
checks catch an inline script, a style attribute or an event-handler attribute as soon as a
template gets one.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
# <script> without src (a <script type="application/json"> from json_script is data, not code).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT_OR_ATTRIBUTE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_every_page_gets_a_policy_without_unsafe_inline_or_eval(client, org):
    client.force_login(org.manager_a)
    response = client.get(reverse("home"))
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_the_sign_in_page_gets_the_policy_too(client, db):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT / "templates")))
def test_no_template_needs_inline_script_or_style(template):
    html = template.read_text()
    assert not INLINE_SCRIPT.search(html), "inline <script>: move it to a file under static/coaching/"
    assert not STYLE_ELEMENT_OR_ATTRIBUTE.search(html), "style element or attribute: use a class in app.css"
    assert not HANDLER_ATTRIBUTE.search(html), "on...= handler: use data-autosubmit / data-confirm (forms.js)"
    assert not JAVASCRIPT_URL.search(html), "javascript: address"


def test_the_api_docs_page_loads_its_script_from_a_file(admin_client):
    response = admin_client.get(reverse("api-docs"))
    html = response.content.decode()
    assert response.status_code == 200
    assert not INLINE_SCRIPT.search(html) and "<style" not in html
    script = admin_client.get(reverse("api-docs") + "?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
