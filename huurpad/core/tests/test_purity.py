"""The core stays pure: no module under huurpad/core imports Django or another Huurpad app."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_django_and_no_app():
    offenders = {}
    for path in CORE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        bad = {
            name
            for name in imported_modules(path)
            if name.split(".")[0] == "django" or (name.startswith("huurpad.") and not name.startswith("huurpad.core"))
        }
        if bad:
            offenders[str(path.relative_to(CORE))] = sorted(bad)
    assert offenders == {}


def test_the_check_would_see_a_django_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from django.db import models\nimport huurpad.tenancies.models\n")
    assert imported_modules(sample) == {"django.db", "huurpad.tenancies.models"}
