"""The OpenAPI schema builds without a warning, and the interactive docs are served from the project."""

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command


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


def test_schema_is_served_at_api_schema(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/goals/{id}/adjust/" in response.json()["paths"]


def test_docs_page_loads_swagger_ui_from_the_projects_static_files_not_a_cdn(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    for asset in ("swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css"):
        assert f"/static/drf_spectacular_sidecar/{asset}" in page
        assert finders.find(f"drf_spectacular_sidecar/{asset}") is not None
    assert "cdn" not in page.lower()
    assert "/api/schema/" in page
