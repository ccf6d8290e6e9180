"""The layering of docs/architecture.md, checked on the source: which package may import which.

A module's imports are read with ``ast`` (nothing is executed). An import inside a function
counts too, except that a service may enqueue a task from inside the function that does it.
"""

import ast
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "coaching"

# What each layer may import from the app, besides itself.
ALLOWED = {
    "rules": set(),
    "models": {"rules", "clock"},
    "permissions": {"models", "clock"},
    "selectors": {"permissions", "models", "rules", "clock", "formatting"},
    "services": {"selectors", "permissions", "models", "rules", "clock", "formatting", "i18n"},
    # Forms build the inputs of a service (its small dataclasses) but never call one.
    "forms": {"services", "selectors", "permissions", "models", "rules", "clock", "formatting"},
    "tasks": {"services", "clock"},
    "demo": {"services", "selectors", "permissions", "models", "rules", "clock"},
    # Commands parse their arguments, then call a service (writes), a selector (reads) or the demo.
    "management": {"services", "selectors", "demo", "models", "rules", "clock"},
}
# The one exception: a service enqueues a task from inside a function (the task module imports the service).
LATE_ALLOWED = {"services": {"tasks"}}


def _layer_of(module: Path) -> str:
    return module.relative_to(APP).parts[0].removesuffix(".py")


def _package_of(module: Path) -> list[str]:
    parts = ["coaching", *module.relative_to(APP).with_suffix("").parts]
    return parts[:-1] if parts[-1] != "__init__" else parts[:-1]


def _imported_layers(module: Path):
    """(layer, at top level?) for every import of a ``coaching`` module in ``module``."""
    tree = ast.parse(module.read_text(), filename=str(module))
    top_level = {id(node) for node in tree.body}
    package = _package_of(module)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
                names = [target] if node.module else [[*target, alias.name] for alias in node.names]
            else:
                names = [node.module.split(".")]
        elif isinstance(node, ast.Import):
            names = [alias.name.split(".") for alias in node.names]
        else:
            continue
        for name in names:
            if name[0] == "coaching" and len(name) > 1:
                yield name[1], id(node) in top_level


def _modules(layer: str):
    path = APP / layer
    return sorted(path.rglob("*.py")) if path.is_dir() else [APP / f"{layer}.py"]


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer):
    wrong = []
    for module in _modules(layer):
        for imported, at_top in _imported_layers(module):
            if imported == layer or imported in ALLOWED[layer]:
                continue
            if not at_top and imported in LATE_ALLOWED.get(layer, set()):
                continue
            wrong.append(f"{module.relative_to(APP.parent)} imports coaching.{imported}")
    assert wrong == []


def test_the_clock_is_read_in_one_place():
    wrong = []
    for module in sorted(APP.rglob("*.py")):
        if module.name == "clock.py" or "migrations" in module.parts:
            continue
        source = module.read_text()
        for call in ("timezone.now()", "timezone.localdate()", "timezone.localtime()", "date.today()", "datetime.now("):
            if call in source:
                wrong.append(f"{module.relative_to(APP.parent)}: {call}")
    assert wrong == []


def test_product_code_names_no_metric_by_its_code():
    """Which metric plays which part comes from data (kind, role); only the demo and migrations name codes."""
    codes = {"CSAT", "NPS", "FCR", "AHT", "ABS", "QA", "ADH", "ENG", "ENPS"}
    literal = re.compile("[\"'](" + "|".join(sorted(codes)) + ")[\"']")
    wrong = []
    for module in sorted(APP.rglob("*.py")):
        if {"demo", "migrations"} & set(module.relative_to(APP).parts):
            continue
        for number, line in enumerate(module.read_text().splitlines(), start=1):
            if literal.search(line):
                wrong.append(f"{module.relative_to(APP.parent)}:{number}: {line.strip()}")
    assert wrong == []


def test_role_checks_live_in_the_policy():
    """Who may see or do what is asked of coaching.permissions, never decided by a role test elsewhere.

    Checking that the *subject* of a record is an agent (``agent.role != Role.AGENT``) is
    validation, not a permission, and stays in the services.
    """
    decision = re.compile(r"\b(user|actor|viewer|request\.user)\.(is_administrator\b|is_agent\b|role\s*(==|!=|in)\s)")
    wrong = []
    for module in sorted(APP.rglob("*.py")):
        parts = set(module.relative_to(APP).parts)
        if {"permissions", "models", "migrations", "demo"} & parts:
            continue
        for number, line in enumerate(module.read_text().splitlines(), start=1):
            if decision.search(line):
                wrong.append(f"{module.relative_to(APP.parent)}:{number}: {line.strip()}")
    assert wrong == []
