"""docs/architecture.md names every import that still points upwards, and there are at most five:
the layer contract's exceptions in pyproject.toml are the list, the doc says why for each."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def upward_imports() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    [layers] = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [line for line in layers.get("ignore_imports", []) if ".tests." not in line]


def test_at_most_five_imports_point_upwards():
    assert len(upward_imports()) <= 5, upward_imports()


def test_the_map_names_each_of_them():
    doc = (ROOT / "docs" / "architecture.md").read_text()
    missing = [line for line in upward_imports() if f"`{line}`" not in doc]
    assert not missing, f"docs/architecture.md does not name: {missing}"
