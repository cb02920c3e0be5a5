"""Eviction prevention from files, as an operator runs it: the households and their history through
`import-tenancies`, `import-ledger` and `import-events`, then `huurpad run --json` and
`huurpad signals export`. An `eviction_scheduled` event brings, the same day, an
`eviction_prevention` proposal (a call, a visit and the team leader's last chance, each due its
number of days before the eviction) and a crisis signal in the municipality's export, although an
earlier signal went out. An eviction during a debt-help trajectory is held, with the reason and a
task. A cancelled eviction records why and closes what the prevention opened."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.models import Proposal
from huurpad.legal.models import LegalCase
from huurpad.signals.models import EarlySignal
from huurpad.tenancies.tests.files import ledger_csv, tenancies_csv, tenancy_line

pytestmark = pytest.mark.django_db

SCHEDULED_ON = date(2026, 10, 5)  # a Monday
EVICTION_ON = date(2026, 11, 3)


def rents(ref: str) -> str:
    """Rent from January to October 2026, nothing paid."""
    return "\n".join(f"{ref} 2026-{m:02d}-01 rent 700.00 {ref}-r{m}" for m in range(1, 11))


def history(ref: str) -> list[dict]:
    """What the earlier system did: the four Bgs conditions, an early signal in February, and the
    legal track up to the judgment."""
    return [
        {"tenancy_ref": ref, "date": "2026-01-12", "type": "contact_attempt", "channel": "phone", "reached": False},
        {
            "tenancy_ref": ref,
            "date": "2026-01-15",
            "type": "reminder_letter",
            "offers_data_sharing": True,
            "points_to_debt_help": True,
        },
        {
            "tenancy_ref": ref,
            "date": "2026-02-16",
            "type": "early_signal_sent",
            "municipality_code": "GM0363",
            "amount": "1400.00",
        },
        {"tenancy_ref": ref, "date": "2026-05-04", "type": "bailiff_handover"},
        {"tenancy_ref": ref, "date": "2026-06-01", "type": "summons_served", "court_date": "2026-06-22"},
        {"tenancy_ref": ref, "date": "2026-07-06", "type": "judgment", "outcome": "ontbinding_ontruiming"},
    ]


def scheduled(ref: str) -> dict:
    return {
        "tenancy_ref": ref,
        "date": SCHEDULED_ON.isoformat(),
        "type": "eviction_scheduled",
        "eviction_date": EVICTION_ON.isoformat(),
    }


def events_file(tmp_path, rows, name):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(capsys, day: date) -> list[dict]:
    capsys.readouterr()  # what the imports said
    call_command("run", "--date", day.isoformat(), "--json")
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.fixture
def households(tmp_path, capsys):
    """EVICT: on its way to eviction. HELPED: the same, and since September in debt help (the
    counsellor's notification paused collection). The policy ran the day before."""
    call_command(
        "import-tenancies",
        str(tenancies_csv(tmp_path, tenancy_line("EVICT"), tenancy_line("HELPED"))),
        "--date",
        "2025-01-01",
    )
    call_command("import-ledger", str(ledger_csv(tmp_path, rents("EVICT") + "\n" + rents("HELPED"))))
    helped = history("HELPED") + [
        {"tenancy_ref": "HELPED", "date": "2026-09-14", "type": "pause_started", "reason": "kennisgeving"}
    ]
    call_command("import-events", str(events_file(tmp_path, history("EVICT") + helped, "history.jsonl")))
    before = run(capsys, SCHEDULED_ON.replace(day=4))
    assert not [line for line in before if line["action"] == "eviction_prevention"]
    # The arrears grew since February: the policy signalled EVICT again, and the signal went out.
    assert [line["tenancy_ref"] for line in before if line["action"] == "early_signal"] == ["EVICT"]
    call_command("signals", "export", "--municipality", "GM0363", "--date", SCHEDULED_ON.replace(day=4).isoformat())
    return tmp_path


def test_a_scheduled_eviction_brings_prevention_and_a_crisis_signal_the_same_day(households, capsys):
    call_command("import-events", str(events_file(households, [scheduled("EVICT")], "scheduled.jsonl")))
    lines = run(capsys, SCHEDULED_ON)

    [prevention] = [
        line for line in lines if line["tenancy_ref"] == "EVICT" and line["action"] == "eviction_prevention"
    ]
    assert prevention["due_date"] == SCHEDULED_ON.isoformat() and prevention["status"] == "proposed"
    assert "3 november 2026" in prevention["explanation"] and "crisissignaal" in prevention["explanation"]
    [signal] = [line for line in lines if line["tenancy_ref"] == "EVICT" and line["action"] == "early_signal"]
    assert signal["rule"] == "crisis_signal" and signal["legal_basis"] == "Bgs art. 2; Wgs art. 4"

    # Each step counts back from the eviction: 28, 21 and 14 days before it.
    tasks = {t.kind: t for t in Task.objects.filter(tenancy__ref="EVICT", status=Task.Status.OPEN)}
    assert tasks["eviction_call"].due_date == date(2026, 10, 6)
    assert (tasks["eviction_call"].action, tasks["eviction_call"].role) == ("call", "incassomedewerker")
    assert (tasks["eviction_visit"].due_date, tasks["eviction_visit"].role) == (date(2026, 10, 13), "woonconsulent")
    assert (tasks["eviction_offer"].due_date, tasks["eviction_offer"].role) == (date(2026, 10, 20), "teamleider")

    # In the municipality's export the same day, as a crisis signal, although one went yesterday.
    capsys.readouterr()
    call_command(
        "signals", "export", "--municipality", "GM0363", "--format", "json", "--date", SCHEDULED_ON.isoformat()
    )
    exported = json.loads(capsys.readouterr().out)
    assert [(r["bedrag"], r["crisissignaal"], r["signaaldatum"]) for r in exported] == [
        ("7000.00", True, SCHEDULED_ON.isoformat())
    ]
    # Once per eviction date: the next days propose neither again.
    later = run(capsys, SCHEDULED_ON.replace(day=6))
    assert not [
        line
        for line in later
        if line["tenancy_ref"] == "EVICT"
        and line["action"] in ("eviction_prevention", "early_signal")
        and line["due_date"] != SCHEDULED_ON.isoformat()
    ]


def test_an_eviction_during_debt_help_is_held_with_the_reason_and_still_prevented(households, capsys):
    call_command("import-events", str(events_file(households, [scheduled("HELPED")], "scheduled.jsonl")))
    track = LegalCase.objects.get(tenancy__ref="HELPED")
    assert track.held_since == SCHEDULED_ON and "schuldhulptraject" in track.hold_reason
    hold = CaseEvent.objects.get(tenancy__ref="HELPED", type=CaseEvent.Type.LEGAL_HOLD)
    assert "schuldhulptraject" in hold.params["reason"]
    assert Task.objects.filter(tenancy__ref="HELPED", kind="legal_hold", status=Task.Status.OPEN).exists()

    lines = run(capsys, SCHEDULED_ON)
    [prevention] = [
        line for line in lines if line["tenancy_ref"] == "HELPED" and line["action"] == "eviction_prevention"
    ]
    # No crisis signal: the counsellor helps already, and the pause holds signals back; it says so.
    assert "Geen crisissignaal aan de gemeente: het dossier staat op pauze" in prevention["explanation"]
    assert not [line for line in lines if line["tenancy_ref"] == "HELPED" and line["action"] == "early_signal"]


def test_a_cancelled_eviction_records_why_and_closes_the_prevention(households, capsys):
    call_command("import-events", str(events_file(households, [scheduled("EVICT")], "scheduled.jsonl")))
    run(capsys, SCHEDULED_ON)
    cancelled = {"tenancy_ref": "EVICT", "date": "2026-10-15", "type": "eviction_cancelled", "reason": "arrangement"}
    call_command("import-events", str(events_file(households, [cancelled], "cancelled.jsonl")))

    track = LegalCase.objects.get(tenancy__ref="EVICT")
    assert (track.stage, track.cancel_reason) == ("eviction_cancelled", "arrangement")
    assert not Task.objects.filter(tenancy__ref="EVICT", kind__startswith="eviction_", status=Task.Status.OPEN)
    closed = CaseEvent.objects.get(tenancy__ref="EVICT", type=CaseEvent.Type.TASKS_CLOSED, date=date(2026, 10, 15))
    assert "er is geen ontruiming meer gepland" in json.dumps(closed.params, ensure_ascii=False)
    assert Proposal.objects.get(tenancy__ref="EVICT", action="eviction_prevention").status == "done"
    # The crisis signal prepared before stays: the municipality can still help.
    assert EarlySignal.objects.get(tenancy__ref="EVICT", signal_date=SCHEDULED_ON).crisis
    assert not [line for line in run(capsys, date(2026, 10, 16)) if line["action"] == "eviction_prevention"]
