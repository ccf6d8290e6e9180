"""The OpenAPI schema builds without a warning; schema and docs are served by the project to those signed in."""

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from tests.factories import AgentFactory


@pytest.mark.django_db
def test_schema_generates_and_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    for resource in (
        "teams",
        "agents",
        "metrics",
        "metric-values",
        "goals",
        "expectations",
        "one-on-ones",
        "action-items",
        "behaviours",
        "observations",
        "coaching-sessions",
    ):
        assert f"/api/v1/{resource}/" in schema["paths"], resource
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    assert "private_notes" not in schema["components"]["schemas"]["OneOnOne"]["required"]


def test_schema_is_served_at_api_schema_to_anyone_signed_in(client, db):
    client.force_login(AgentFactory())
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/goals/{id}/adjust/" in response.json()["paths"]


def test_an_integration_reads_the_schema_with_its_token(client, db):
    key = Token.objects.create(user=AgentFactory()).key
    response = client.get("/api/schema/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert "/api/v1/goals/" in yaml.safe_load(response.content)["paths"]


def test_schema_and_docs_need_signing_in(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert "paths" not in response.json()
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/api/docs/"
    assert client.get("/api/schema/", HTTP_AUTHORIZATION="Token not-a-real-token").status_code == 401


def test_a_setting_makes_schema_and_docs_public(client, db, settings):
    settings.COACHING_PUBLIC_API_DOCS = True
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/goals/" in response.json()["paths"]
    assert client.get("/api/docs/").status_code == 200


def test_docs_page_loads_swagger_ui_from_the_projects_static_files_not_a_cdn(client, db):
    client.force_login(AgentFactory())
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    for asset in ("swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css"):
        assert f"/static/drf_spectacular_sidecar/{asset}" in page
        assert finders.find(f"drf_spectacular_sidecar/{asset}") is not None
    assert "cdn" not in page.lower()
    # The start-up script comes from the same address (?script), not inline (Content-Security-Policy).
    assert "/api/schema/" in client.get("/api/docs/?script=").content.decode()
