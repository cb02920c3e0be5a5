"""No module uses another app's private (`_`) names: not by importing them (`from huurpad.tenancies.views
import _back_to`) nor through a module it imported (`arrears._fetch(...)`). Within an app they are
free. The layers themselves are held by import-linter (pyproject.toml)."""

import ast
from pathlib import Path

HUURPAD = Path(__file__).resolve().parents[2]


def app_of(module: str) -> str:
    """'huurpad.tenancies.views' -> 'tenancies'; a top-level module is its own: 'huurpad.urls' -> 'urls'."""
    return module.split(".")[1]


def is_module(dotted: str, root: Path = HUURPAD) -> bool:
    parts = dotted.split(".")[1:]
    path = root.joinpath(*parts)
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def module_name(path: Path, root: Path = HUURPAD) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def dotted(node: ast.AST) -> list[str] | None:
    """`a.b.c` as ['a', 'b', 'c'], or None when it does not start with a name."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(names)]


def foreign_private_names(path: Path, root: Path = HUURPAD) -> list[str]:
    """The other apps' private names that the module at `path` uses, as 'huurpad.app.module._name'."""
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bound: dict[str, str] = {}  # a name in this module -> the other app's module it stands for
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                # `from huurpad import forms` names a top-level module, its own app.
                target = f"{source}.{alias.name}" if source == "huurpad" else source
                if not target.startswith("huurpad.") or app_of(target) == app_of(here):
                    continue
                if private(alias.name):
                    found.append(f"{source}.{alias.name}")
                elif is_module(f"{source}.{alias.name}", root):
                    bound[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("huurpad.") and app_of(alias.name) != app_of(here):
                    if private(alias.name.rpartition(".")[2]):
                        found.append(alias.name)
                    bound[alias.asname or "huurpad"] = alias.name if alias.asname else "huurpad"
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        chain = dotted(node)
        if not chain or chain[0] not in bound:
            continue
        names = bound[chain[0]].split(".") + chain[1:]
        # Walk down the modules; the first name after them is one the module defines.
        depth = len(bound[chain[0]].split("."))
        while depth < len(names) and is_module(".".join(names[: depth + 1]), root):
            depth += 1
        if depth < len(names) and depth > 1 and app_of(".".join(names[:depth])) != app_of(here):
            if private(names[depth]):
                found.append(".".join(names[: depth + 1]))
    return sorted(set(found))


def test_no_module_uses_another_apps_private_names():
    offenders = {}
    for path in sorted(HUURPAD.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or "static" in path.parts:
            continue
        if found := foreign_private_names(path):
            offenders[str(path.relative_to(HUURPAD))] = found
    assert offenders == {}


def test_the_check_sees_a_private_name_imported_or_used(tmp_path):
    root = tmp_path / "huurpad"
    for package in ("", "tenancies", "bank", "bank/sub"):
        (root / package).mkdir(exist_ok=True)
        (root / package / "__init__.py").write_text("")
    (root / "tenancies" / "views.py").write_text("def _back_to(): pass\n")
    (root / "tenancies" / "arrears.py").write_text("def _fetch(): pass\n")
    sample = root / "bank" / "sub" / "views.py"
    sample.write_text(
        "from huurpad.tenancies.views import _back_to\n"
        "from ...tenancies import arrears\n"
        "import huurpad.tenancies.views\n"
        "from . import _own\n"
        "from ..sub import _also_own\n"
        "arrears._fetch()\n"
        "huurpad.tenancies.views._back_to()\n"
        "arrears.Tenancy._meta\n"
    )
    assert foreign_private_names(sample, root) == [
        "huurpad.tenancies.arrears._fetch",
        "huurpad.tenancies.views._back_to",
    ]
