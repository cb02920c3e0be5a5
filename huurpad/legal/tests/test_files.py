"""The legal track from files: the events of spec/CLI.md through `import-events` (each type, bad
lines, a second import, a step held by debt help), and the exchange with the bailiff's office (the
hand-over file with the evidence pack out, the status file back: round trip, idempotent, errors
naming file, line and field, nothing changed)."""

import json
from datetime import date

import pytest

from huurpad.cases.imports import import_events
from huurpad.cases.models import CaseEvent, Task
from huurpad.imports import ImportFailed
from huurpad.legal import bailiff, track
from huurpad.legal.models import LegalCase, LegalStep

from .scenario import DAY, approve, debt_help, ready_for_court

pytestmark = pytest.mark.django_db


def jsonl(tmp_path, rows, name="events.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def history(ref):
    return [
        {"tenancy_ref": ref, "date": "2025-03-01", "type": "bailiff_handover"},
        {"tenancy_ref": ref, "date": "2025-03-20", "type": "summons_served", "court_date": "2025-04-10"},
        {
            "tenancy_ref": ref,
            "date": "2025-04-24",
            "type": "judgment",
            "outcome": "ontbinding_ontruiming",
            "conditions": "tenzij betaald",
        },
        {"tenancy_ref": ref, "date": "2025-05-10", "type": "eviction_scheduled", "eviction_date": "2025-06-12"},
        {"tenancy_ref": ref, "date": "2025-06-01", "type": "eviction_cancelled", "reason": "municipality_guarantee"},
    ]


def test_each_legal_event_type_becomes_the_record_and_a_second_import_adds_nothing(tmp_path):
    tenancy = ready_for_court("HC-HIST")
    path = jsonl(tmp_path, history(tenancy.ref))
    result = import_events(path)
    assert result.created == 5
    found = LegalCase.objects.get(tenancy=tenancy)
    assert (found.handed_over_on, found.summons_served_on, found.court_date) == (
        date(2025, 3, 1),
        date(2025, 3, 20),
        date(2025, 4, 10),
    )
    assert (found.outcome, found.conditions, found.eviction_date) == (
        "ontbinding_ontruiming",
        "tenzij betaald",
        date(2025, 6, 12),
    )
    assert (found.stage, found.cancel_reason) == ("eviction_cancelled", "municipality_guarantee")
    assert set(found.steps.values_list("source", flat=True)) == {"import"}
    # One timeline event per line: the import's own, not a second one made by the track.
    assert tenancy.events.filter(source="import").count() == 5
    assert tenancy.events.count() == 5 + 3  # and the scenario's three
    again = import_events(path)
    assert (again.created, again.unchanged) == (0, 5)
    assert LegalStep.objects.count() == 5


def test_an_executed_eviction_ends_the_track(tmp_path):
    tenancy = ready_for_court()
    rows = history(tenancy.ref)[:4] + [{"tenancy_ref": tenancy.ref, "date": "2025-06-12", "type": "eviction_executed"}]
    import_events(jsonl(tmp_path, rows))
    assert LegalCase.objects.get(tenancy=tenancy).ended_on == date(2025, 6, 12)
    assert track.scheduled_eviction(tenancy) is None


@pytest.mark.parametrize(
    "row, line_field",
    [
        ({"type": "summons_served"}, "court_date"),
        ({"type": "summons_served", "court_date": "10-04-2025"}, "court_date"),
        ({"type": "judgment", "outcome": "ontruiming"}, "outcome"),
        ({"type": "eviction_scheduled", "eviction_date": "9999-12-31"}, "eviction_date"),
        ({"type": "eviction_cancelled", "reason": "luck"}, "reason"),
        ({"type": "eviction_cancelled"}, "reason"),
    ],
)
def test_a_bad_line_names_line_and_field_and_nothing_is_imported(tmp_path, row, line_field):
    tenancy = ready_for_court()
    rows = history(tenancy.ref)[:2] + [{"tenancy_ref": tenancy.ref, "date": "2025-05-01", **row}]
    path = jsonl(tmp_path, rows)
    with pytest.raises(ImportFailed) as failed:
        import_events(path)
    assert f"{path}:3: {line_field}:" in str(failed.value)
    assert not LegalCase.objects.exists() and not CaseEvent.objects.filter(source="import").exists()


def test_a_cancellation_without_a_track_refuses_the_file(tmp_path):
    tenancy = ready_for_court()
    path = jsonl(
        tmp_path, [{"tenancy_ref": tenancy.ref, "date": "2025-06-01", "type": "eviction_cancelled", "reason": "paid"}]
    )
    with pytest.raises(ImportFailed, match=r":1: type: eviction_cancelled on 2025-06-01: no legal track runs"):
        import_events(path)
    assert not CaseEvent.objects.filter(source="import").exists()


def test_an_imported_eviction_during_debt_help_is_held_with_a_task(tmp_path):
    tenancy = ready_for_court()
    debt_help(tenancy, date(2025, 5, 1))
    import_events(jsonl(tmp_path, history(tenancy.ref)[:4]))
    step = LegalStep.objects.get(stage="eviction_scheduled")
    assert step.held
    found = LegalCase.objects.get(tenancy=tenancy)
    assert found.held_since == date(2025, 5, 10) and "schuldhulptraject" in found.hold_reason
    assert Task.objects.filter(tenancy=tenancy, kind="legal_hold", status="open").count() == 1
    assert tenancy.events.filter(type=CaseEvent.Type.LEGAL_HOLD).exists()


# --- The bailiff's office ------------------------------------------------------------------------


STATUS_HEADER = "tenancy_ref,date,stage,court_date,outcome,conditions,eviction_date,reason,document,bailiff,costs\n"


def test_the_handover_file_carries_the_case_and_the_evidence_pack(tmp_path, teamleader):
    tenancy = ready_for_court()
    approve(tenancy)
    track.record(tenancy, "bailiff_handover", DAY, acting_user=teamleader)
    path = tmp_path / "overdracht.json"
    assert bailiff.write_handover(path, DAY) == 1
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == bailiff.FORMAT and data["created_on"] == DAY.isoformat()
    case = data["cases"][0]
    assert case["tenancy_ref"] == tenancy.ref and case["claim"]["arrears"] == "4200.00"
    assert case["evidence"]["signal_date"] == "2026-02-10"
    headings = [s["heading"] for s in case["evidence"]["sections"]]
    assert "Vroegsignaal aan de gemeente" in headings and "Juridisch traject" in headings
    legal = next(s for s in case["evidence"]["sections"] if s["heading"] == "Juridisch traject")
    assert [i["title"] for i in legal["items"]] == ["Overgedragen aan deurwaarder"]
    assert bailiff.write_handover(tmp_path / "leeg.json", date(2026, 6, 16)) == 0


def test_the_status_file_round_trip(tmp_path, teamleader):
    tenancy = ready_for_court()
    approve(tenancy)
    track.record(tenancy, "bailiff_handover", DAY, acting_user=teamleader)
    path = tmp_path / "status.csv"
    path.write_text(
        STATUS_HEADER
        + f"{tenancy.ref},2026-06-20,summons_served,2026-07-08,,,,,DGV-42,Deurwaarders Oost,95.00\n"
        + f"{tenancy.ref},2026-07-22,judgment,,betalingsregeling,Twaalf maanden 100 euro extra,,,V-77,Rb Lindestad,\n",
        encoding="utf-8",
    )
    result = bailiff.read_status(path)
    assert (result.created, result.unchanged) == (2, 0)
    found = LegalCase.objects.get(tenancy=tenancy)
    assert (found.court_date, found.outcome, found.conditions) == (
        date(2026, 7, 8),
        "betalingsregeling",
        "Twaalf maanden 100 euro extra",
    )
    summons = found.steps.get(stage="summons_served")
    assert (summons.source, summons.document, summons.decided_by_name, summons.costs_cents) == (
        "bailiff",
        "DGV-42",
        "Deurwaarders Oost",
        9500,
    )
    events_before = tenancy.events.count()
    again = bailiff.read_status(path)
    assert (again.created, again.unchanged) == (0, 2)
    assert tenancy.events.count() == events_before and found.steps.count() == 3


@pytest.mark.parametrize(
    "line, where",
    [
        ("{ref},2026-06-20,summons_served,,,,,,,,", "3: court_date: is missing"),
        ("{ref},2026-06-20,dagvaarding,2026-07-08,,,,,,,", "3: stage:"),
        ("{ref},20-06-2026,hearing,,,,,,,,", "3: date:"),
        ("XX-404,2026-06-20,hearing,,,,,,,,", "3: tenancy_ref:"),
        ("{ref},2026-06-20,hearing,,,,,,,,-5", "3: costs:"),
        ("{ref},2026-06-20,judgment,,ontruiming,,,,,,", "3: outcome:"),
        ("{ref},2026-06-20,hearing,,,,,,,,,extra", "3: has more cells"),
    ],
)
def test_a_bad_status_line_names_file_line_and_field_and_changes_nothing(tmp_path, teamleader, line, where):
    tenancy = ready_for_court()
    approve(tenancy)
    track.record(tenancy, "bailiff_handover", DAY, acting_user=teamleader)
    path = tmp_path / "status.csv"
    path.write_text(
        STATUS_HEADER
        + f"{tenancy.ref},2026-06-20,summons_served,2026-07-08,,,,,,,\n"
        + line.format(ref=tenancy.ref)
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        bailiff.read_status(path)
    assert f"{path}:{where}" in str(failed.value)
    assert LegalStep.objects.count() == 1


def test_a_status_line_that_cannot_follow_undoes_the_file(tmp_path):
    tenancy = ready_for_court()
    path = tmp_path / "status.csv"
    path.write_text(
        STATUS_HEADER
        + f"{tenancy.ref},2026-06-01,bailiff_handover,,,,,,,,\n"
        + f"{ready_for_court().ref},2026-06-20,struck_out,,,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed, match=r"status.csv:3: stage: no legal track runs"):
        bailiff.read_status(path)
    assert not LegalCase.objects.exists() and not LegalStep.objects.exists()


def test_the_command_writes_the_handover_and_reads_a_status_file(tmp_path, teamleader):
    from django.core.management import CommandError, call_command

    tenancy = ready_for_court()
    approve(tenancy)
    track.record(tenancy, "bailiff_handover", DAY, acting_user=teamleader)
    out = tmp_path / "overdracht.json"
    call_command("legal", "handover", "--date", DAY.isoformat(), "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["cases"][0]["tenancy_ref"] == tenancy.ref
    status = tmp_path / "status.csv"
    status.write_text(STATUS_HEADER + f"{tenancy.ref},2026-06-20,summons_served,,,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"status.csv:2: court_date: is missing"):
        call_command("legal", "status", str(status))
    status.write_text(STATUS_HEADER + f"{tenancy.ref},2026-06-20,summons_served,2026-07-08,,,,,,,\n", encoding="utf-8")
    call_command("legal", "status", str(status))
    assert LegalCase.objects.get(tenancy=tenancy).court_date == date(2026, 7, 8)
