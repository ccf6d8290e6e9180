"""Check a real API response against the OpenAPI schema the project publishes (drf-spectacular).

The schema is OpenAPI 3.0; its schemas are turned into JSON Schema (2020-12) once:
``nullable`` becomes a ``null`` alternative, and every object with listed properties gets
``additionalProperties: false``, so a key the schema does not document fails as surely as a
documented key of the wrong type. Formats are checked (``uri``, ``date``, ``date-time``,
``email``, ...), with the validators pinned in requirements.txt.
"""

import copy
import functools
import re

from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator

_PARAMETER = re.compile(r"\{[^}/]+\}")


@functools.cache
def openapi() -> dict:
    """The schema as ``/api/schema/`` serves it."""
    return SchemaGenerator().get_schema(request=None, public=True)


@functools.cache
def _components() -> dict:
    return {"components": {"schemas": _json_schema(openapi()["components"]["schemas"])}}


def _json_schema(node):
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        if "enum" in node and None not in node["enum"]:
            node["enum"] = [*node["enum"], None]
        if isinstance(node.get("type"), str) and "allOf" not in node and "oneOf" not in node:
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    for key in ("readOnly", "writeOnly", "example", "discriminator"):
        node.pop(key, None)
    return node


def path_template(path: str) -> str:
    """The schema's path for a concrete ``path`` (``/api/v1/goals/7/`` -> ``/api/v1/goals/{id}/``)."""
    for template in sorted(openapi()["paths"], key=lambda path: path.count("{")):
        pattern = "^" + _PARAMETER.sub("[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")) + "$"
        if re.match(pattern, path):
            return template
    raise AssertionError(f"{path} is not in the schema")


def assert_conforms(response, method: str | None = None, template: str | None = None) -> None:
    """``response`` (of a Django test client) is documented for its operation and status, body included."""
    request = response.wsgi_request
    method = (method or request.method).lower()
    template = template or path_template(request.path)
    operation = openapi()["paths"][template].get(method)
    assert operation is not None, f"{method.upper()} {template} is not in the schema"
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, (
        f"{method.upper()} {template} answered {response.status_code}, which the schema does not document "
        f"(documented: {sorted(operation['responses'])}): {response.content[:300]!r}"
    )
    content = documented.get("content")
    if not content:
        assert not response.content, f"{method.upper()} {template} {response.status_code} should have no body"
        return
    schema = content.get("application/json", {}).get("schema")
    assert schema is not None, f"{method.upper()} {template} {response.status_code} documents no JSON body"
    full = {**_json_schema(copy.deepcopy(schema)), **_components()}
    validator = Draft202012Validator(full, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(response.json()), key=lambda error: list(error.absolute_path))
    assert not errors, f"{method.upper()} {template} {response.status_code}:\n" + "\n".join(
        f"  at {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}" for error in errors[:20]
    )
