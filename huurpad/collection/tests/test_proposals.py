"""A proposal's status changes in one module, collection/proposals.py: no other module writes it,
so the verbs there (a conditional update, and the timeline event of the one that wins) are the
only way. The check reads every module outside the tests."""

import ast
from pathlib import Path

HUURPAD = Path(__file__).resolve().parents[2]
OWNER = HUURPAD / "collection" / "proposals.py"


def _dotted(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _dotted(node.func) + "()"
    if isinstance(node, ast.Subscript):
        return _dotted(node.value) + "[]"
    return "?"


def _model_names(tree: ast.Module, path: Path) -> set[str]:
    """The names under which this module has collection's Proposal model."""
    in_collection = path.parent.name == "collection" or path.parent.parent.name == "collection"
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            ours = module == "huurpad.collection.models" or (node.level and module == "models" and in_collection)
            names.update(a.asname or a.name for a in node.names if ours and a.name == "Proposal")
            if module == "huurpad.collection" or (node.level and not module and in_collection):
                names.update(f"{a.asname or a.name}.Proposal" for a in node.names if a.name == "models")
    return names


def _about_proposals(expr: str, roots: set[str]) -> bool:
    """A chain that starts at the model (or a queryset of it kept in a name), or passes through a
    relation to proposals (tenancy.proposals, task.proposal)."""
    parts = expr.replace("()", "").replace("[]", "").split(".")
    return any(expr == r or expr.startswith(r + ".") for r in roots) or any(
        p in ("proposal", "proposals") for p in parts[1:]
    )


def status_writes(path: Path) -> list[str]:
    """Where this module writes a Proposal's status: `.update(status=...)`, `bulk_update` or
    `save(update_fields=...)` naming status, `proposal.status = ...`, or an SQL UPDATE of the table."""
    tree = ast.parse(path.read_text(), filename=str(path))
    roots = _model_names(tree, path)
    found = []
    for _ in range(3):  # a queryset kept in a name: qs = Proposal.objects.filter(...)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and _about_proposals(_dotted(node.value), roots):
                roots.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            on, verb = _dotted(node.func.value), node.func.attr
            keywords = {k.arg: k.value for k in node.keywords}
            names = [ast.unparse(a) for a in node.args[1:]] + [ast.unparse(v) for v in keywords.values()]
            updates = (verb == "update" and ("status" in keywords or None in keywords)) or (
                verb == "bulk_update" and any("status" in n for n in names)
            )
            saves = verb == "save" and "status" in ast.unparse(keywords.get("update_fields", ast.Constant("")))
            if (updates and _about_proposals(on, roots)) or (saves and "proposal" in on.lower()):
                found.append(f"{node.lineno}: {ast.unparse(node)[:80]}")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Attribute) and t.attr == "status" and "proposal" in _dotted(t.value).lower():
                    found.append(f"{node.lineno}: {ast.unparse(node)[:80]}")
        elif isinstance(node, ast.Constant | ast.JoinedStr):
            text = ast.unparse(node)
            tables = ["collection_proposal", *(f"{r}._meta" for r in roots)]
            if "UPDATE" in text.upper() and any(t in text for t in tables):
                found.append(f"{node.lineno}: {text[:80]}")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def test_only_collection_proposals_writes_a_proposals_status():
    offenders = {}
    for path in sorted(HUURPAD.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or path == OWNER:
            continue
        if found := status_writes(path):
            offenders[str(path.relative_to(HUURPAD))] = found
    assert offenders == {}


def test_the_owner_is_seen_to_write_it():
    assert len(status_writes(OWNER)) >= 1  # the check reads the module that does it


def test_the_check_sees_every_way_of_writing_it(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from huurpad.collection.models import Proposal as P\n"
        "from huurpad.collection import models\n"
        "P.objects.filter(pk=1, status='queued').update(status='done')\n"
        "models.Proposal.objects.filter(pk=1).update(status='dismissed')\n"
        "waiting = P.objects.filter(status='queued')\n"
        "waiting.update(status='done')\n"
        "tenancy.proposals.filter(action='call').update(status='done')\n"
        "task.proposal.status = 'done'\n"
        "proposal.save(update_fields=['status'])\n"
        "P.objects.bulk_update(found, ['status'])\n"
        "cursor.execute(f'UPDATE {P._meta.db_table} SET status = %s', ['done'])\n"
    )
    assert [line.split(":")[0] for line in status_writes(sample)] == [str(n) for n in (3, 4, 6, 7, 8, 9, 10, 11)]


def test_the_check_leaves_other_models_alone(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from huurpad.rents.models import RentIncreaseProposal as P\n"
        "P.objects.filter(pk=1).update(status='approved')\n"
        "proposals.filter(status='proposed').update(status='rejected')\n"  # a parameter: rents' own
        "Task.objects.filter(proposal=proposal).update(status='done')\n"
        "OutboxMessage.objects.filter(proposal=proposal).update(status='sent')\n"
    )
    assert status_writes(sample) == []
