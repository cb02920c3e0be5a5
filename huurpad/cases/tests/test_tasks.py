"""Tasks are made by one factory per kind (cases/tasks.py), their titles and roles in one table;
assigning and dismissing them is on the timeline of each task's tenancy."""

import ast
from datetime import date
from pathlib import Path

import pytest

from huurpad.accounts.roles import Role
from huurpad.cases import actions, tasks
from huurpad.cases.models import CaseEvent, Task
from huurpad.testing.ledgers import make_tenancy

HUURPAD = Path(__file__).resolve().parents[2]
FACTORY = HUURPAD / "cases" / "tasks.py"
# The policy run stores its tasks in one statement per step, with the titles and roles of KINDS.
BULK = {HUURPAD / "collection" / "run.py"}


def task_rows_made(path: Path) -> list[str]:
    """Where this module makes Task rows by hand: Task(...), Task.objects.create and the like (also
    through a tenancy's `tasks`), or an SQL INSERT into the table."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = {"Task"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("huurpad.cases.models", "models"):
            names.update(a.asname or a.name for a in node.names if a.name == "Task")
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = ast.unparse(node.func)
            chain = func.split(".")
            makes = func in names or (
                chain[-1] in ("create", "get_or_create", "update_or_create")
                and (chain[0] in names or "tasks" in chain[1:-1])
            )
            if makes:
                found.append(f"{node.lineno}: {ast.unparse(node)[:80]}")
        elif isinstance(node, ast.Constant | ast.JoinedStr):
            text = ast.unparse(node)
            if "INSERT" in text.upper() and any(t in text for t in ("cases_task", *(f"{n}._meta" for n in names))):
                found.append(f"{node.lineno}: {text[:80]}")
    return found


def test_only_the_factories_make_tasks():
    offenders = {}
    for path in sorted(HUURPAD.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or path == FACTORY:
            continue
        found = task_rows_made(path)
        if found and path not in BULK:
            offenders[str(path.relative_to(HUURPAD))] = found
    assert offenders == {}


def test_the_check_sees_the_factory_and_the_run_make_them():
    assert task_rows_made(FACTORY) and all(task_rows_made(path) for path in BULK)


def test_the_check_sees_every_way_of_making_one(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from huurpad.cases.models import Task as T\n"
        "T(tenancy=t, title='Bellen')\n"
        "T.objects.create(tenancy=t, title='Bellen')\n"
        "tenancy.tasks.create(title='Bellen')\n"
        "cursor.execute(f'INSERT INTO {T._meta.db_table} (title) VALUES (%s)', ['Bellen'])\n"
        "T.objects.filter(pk=1).update(status='done')\n"  # not made: changed
        "T.objects.bulk_create(made)\n"  # made by a factory, stored at once
    )
    assert [line.split(":")[0] for line in task_rows_made(sample)] == ["2", "3", "4", "5"]


def test_every_kind_has_a_title_and_role_and_the_policy_steps_are_kinds():
    assert all(kind.title and isinstance(kind.role, Role) for kind in tasks.KINDS.values())
    assert all(step in tasks.KINDS for step in tasks.POLICY_STEPS)


@pytest.mark.django_db
def test_a_factory_gives_the_title_and_role_of_its_kind():
    tenancy = make_tenancy("TK1")
    task = tasks.promise_check(tenancy, date(2026, 3, 16), explanation="Beloofd", assigned_to=None)
    task.save()
    task.refresh_from_db()
    assert (task.action, task.title, task.role, task.due_date, task.status) == (
        "promise_check",
        "Betaalbelofte nakijken",
        Role.INCASSOMEDEWERKER.value,
        date(2026, 3, 16),
        Task.Status.OPEN,
    )
    callback = tasks.tenant_callback(tenancy, date(2026, 3, 16), explanation="Via Mijn Huurpad")
    assert (callback.action, callback.title) == ("call", "Terugbellen: de huurder vraagt erom")


def notes(tenancy) -> list[tuple[str, object]]:
    return [(e.params["text"], e.actor) for e in CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.NOTE)]


@pytest.mark.django_db
def test_assigning_tasks_puts_who_gave_which_to_whom_on_each_timeline(officer, teamleader, django_user_model):
    colleague = django_user_model.objects.create_user(username="kees", first_name="Kees", last_name="Bakker")
    first, second = make_tenancy("TK2"), make_tenancy("TK3")
    call = tasks.promise_check(first, date(2026, 3, 16), explanation="", assigned_to=None)
    visit = tasks.home_visit(second, date(2026, 3, 16), explanation="")
    done = tasks.deceased(second, date(2026, 3, 16), explanation="")
    done.status = Task.Status.DONE
    for task in (call, visit, done):
        task.save()

    assert actions.assign_tasks([call.id, visit.id, done.id], to_user=colleague, acting_user=teamleader) == 2
    assert notes(first) == [("Taak 'Betaalbelofte nakijken' toegewezen aan Kees Bakker.", teamleader)]
    assert notes(second) == [("Taak 'Huisbezoek' toegewezen aan Kees Bakker.", teamleader)]  # not the closed one

    assert actions.assign_tasks([call.id], to_user=None, acting_user=officer) == 1
    assert notes(first)[1:] == [("Taak 'Betaalbelofte nakijken' is aan niemand meer toegewezen.", officer)]
    assert Task.objects.get(pk=call.pk).assigned_to is None


@pytest.mark.django_db
def test_dismissing_tasks_is_on_the_timeline_once(officer):
    tenancy = make_tenancy("TK4")
    task = tasks.mandate_check(tenancy, date(2026, 3, 16), explanation="")
    task.save()
    assert actions.dismiss_tasks([task.id], acting_user=officer) == 1
    assert actions.dismiss_tasks([task.id], acting_user=officer) == 0  # a second click changes nothing
    assert Task.objects.get(pk=task.pk).status == Task.Status.DISMISSED
    assert notes(tenancy) == [("Taak 'Incassomachtiging nakijken' vervalt.", officer)]


@pytest.mark.django_db
def test_the_audit_line_and_the_change_are_one_transaction(officer, monkeypatch):
    tenancy = make_tenancy("TK5")
    task = tasks.mandate_check(tenancy, date(2026, 3, 16), explanation="")
    task.save()

    def broken(*args, **kwargs):
        raise RuntimeError("the timeline cannot be written")

    monkeypatch.setattr(CaseEvent.objects, "bulk_create", broken)
    for act in (
        lambda: actions.assign_tasks([task.id], to_user=officer, acting_user=officer),
        lambda: actions.dismiss_tasks([task.id], acting_user=officer),
    ):
        with pytest.raises(RuntimeError):
            act()
    assert (Task.objects.get(pk=task.pk).status, Task.objects.get(pk=task.pk).assigned_to) == (Task.Status.OPEN, None)
