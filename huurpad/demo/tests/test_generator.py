"""The generated files: reproducible for a seed, in the formats of docs/formats.md, consistent."""

import csv
import json
import re
from datetime import date, timedelta
from decimal import Decimal

from schwifty import IBAN

from huurpad.core import ledger
from huurpad.core.calendar import collection_date
from huurpad.demo import generator

DAY = date(2026, 11, 26)


def small(seed=7, on=DAY):
    return generator.generate(tenancies=150, months=12, seed=seed, on=on)


def files_of(corp, folder):
    paths = generator.write_files(corp, folder)
    everything = [paths.tenancies, paths.ledger, paths.events] + [p for _, p in paths.rent_changes]
    return {p.name: p.read_bytes() for p in everything}


def test_the_same_seed_gives_the_same_files(tmp_path):
    first = files_of(small(seed=7), tmp_path / "a")
    again = files_of(small(seed=7), tmp_path / "b")
    other = files_of(small(seed=8), tmp_path / "c")
    assert first == again
    assert first["ledger.csv"] != other["ledger.csv"]
    assert first["tenancies.csv"] != other["tenancies.csv"]


def test_files_follow_the_formats(tmp_path):
    paths = generator.write_files(small(), tmp_path)
    with open(paths.tenancies, encoding="utf-8") as handle:
        tenancies = list(csv.DictReader(handle))
    refs = [t["tenancy_ref"] for t in tenancies]
    assert len(refs) == len(set(refs)) and len(refs) >= 150
    for t in tenancies:
        assert t["payment_method"] in {"direct_debit", "transfer", "benefit_deduction"}
        if t["payment_method"] == "direct_debit":
            assert int(t["collection_day"]) in (1, 5, 10, 15, 20, 25) and t["mandate_id"]
        else:
            assert t["collection_day"] == ""
        assert re.fullmatch(r"\d+\.\d\d", t["monthly_rent"]) and re.fullmatch(r"\d+\.\d\d", t["service_costs"])
        assert IBAN(t["tenant_iban"]).country_code == "NL"
        assert t["tenant_email"] == "" or t["tenant_email"].endswith("@example.nl")
        assert re.fullmatch(r"[1-9]\d{3} [A-Z]{2}", t["postcode"])
        assert t["municipality_code"] in {"GM0599", "GM0606", "GM0622"}
        date.fromisoformat(t["start_date"])
    with open(paths.ledger, encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    ids = [line["external_id"] for line in lines]
    assert len(ids) == len(set(ids))
    assert {line["kind"] for line in lines} <= {k.value for k in ledger.Kind}
    assert all(re.fullmatch(r"\d+\.\d\d", line["amount"]) and Decimal(line["amount"]) > 0 for line in lines)
    assert all(line["tenancy_ref"] in set(refs) for line in lines)
    events = [json.loads(text) for text in paths.events.read_text(encoding="utf-8").splitlines()]
    assert events and all(e["tenancy_ref"] in set(refs) for e in events)


def test_the_demo_day_is_a_morning():
    corp = small()
    assert max(row[1] for row in corp.ledger) <= DAY
    credits = [
        row for row in corp.ledger if row[2] not in ("rent", "service_costs", "other_charge", "collection_costs")
    ]
    assert max(row[1] for row in credits) < DAY
    assert max(date.fromisoformat(e["date"]) for e in corp.events) < DAY


def test_a_reminder_is_only_sent_when_the_ledger_shows_arrears():
    corp = generator.generate(tenancies=400, months=24, seed=3, on=DAY)
    entries = {}
    for ref, day, kind, cents, external_id, _ in corp.ledger:
        entries.setdefault(ref, []).append(
            ledger.Entry(date=day, kind=ledger.Kind(kind), amount=Decimal(cents) / 100, external_id=external_id)
        )
    reminders = [e for e in corp.events if e["type"] in ("reminder_letter", "wik_letter")]
    assert len(reminders) > 50
    for event in reminders:
        day = date.fromisoformat(event["date"])
        # The routine reads the morning's ledger: what was due before the day, paid before it.
        morning = [e for e in entries[event["tenancy_ref"]] if e.date < day or e.kind in ledger.CHARGES]
        assert ledger.position(morning, on=day, monthly_due=Decimal(1)).arrears > 0, event


def test_the_history_holds_what_a_collection_team_sees():
    corp = generator.generate(tenancies=2000, months=24, seed=1, on=DAY)
    kinds = {row[2] for row in corp.ledger}
    assert {"reversal", "write_off", "collection_costs", "benefit_payment", "direct_debit", "payment"} <= kinds
    types = {e["type"] for e in corp.events}
    assert set(generator_types()) <= types
    starts = [date.fromisoformat(t["start_date"]) for t in corp.tenancies if not t["end_date"]]
    assert sum(1 for s in starts if (DAY - s).days <= 365) > 50  # the 'new' segment exists
    assert sum(1 for t in corp.tenancies if t["end_date"]) > 100
    assert len(corp.rent_files) >= 2 and any(d.month == 7 for d in corp.rent_files)


def generator_types():
    return [
        "reminder_letter",
        "wik_letter",
        "contact_attempt",
        "debt_help_pointed",
        "data_sharing_objection",
        "early_signal_sent",
        "arrangement_started",
        "arrangement_ended",
        "pause_started",
        "pause_ended",
        "bailiff_handover",
    ]


def test_rent_increases_stay_within_the_legal_maximum():
    corp = small(seed=11)
    before = {t["tenancy_ref"]: Decimal(t["monthly_rent"]) for t in corp.tenancies}
    for day, rows in sorted(corp.rent_files.items()):
        for row in rows:
            new = Decimal(row["monthly_rent"])
            old = before[row["tenancy_ref"]]
            if day.month == 7:
                assert old <= new <= old * (1 + generator._nearest(generator.MAX_INCREASE, day.year)) + Decimal("0.01")
            before[row["tenancy_ref"]] = new


def test_a_direct_debit_falls_due_on_its_collection_day():
    corp = small()
    debit = {
        t["tenancy_ref"]: int(t["collection_day"]) for t in corp.tenancies if t["payment_method"] == "direct_debit"
    }
    assert set(debit.values()) > {1}
    charges = [row for row in corp.ledger if row[2] in ("rent", "service_costs")]
    for ref, day, *_ in charges:
        if ref in debit:
            assert day == collection_date(day.year, day.month, debit[ref]), (ref, day)
        else:
            assert day.day == 1, (ref, day)
    # A tenant debited on the 25th has no charge for November yet on the 16th.
    on = date(2026, 11, 16)
    corp = small(on=on)
    late = {ref for ref, day in ((t["tenancy_ref"], t["collection_day"]) for t in corp.tenancies) if day == 25}
    assert late
    assert not [row for row in corp.ledger if row[0] in late and row[1].month == 11 and row[2] == "rent"]


def test_the_replayed_days_hold_none_of_the_policys_steps():
    corp = generator.generate(tenancies=400, months=12, seed=3, on=DAY, replay_days=60)
    start = DAY - timedelta(days=60)
    before = [e for e in corp.events if date.fromisoformat(e["date"]) < start]
    during = [e for e in corp.events if date.fromisoformat(e["date"]) >= start]
    assert {e["type"] for e in before} >= generator.POLICY_EVENTS
    assert during and not {e["type"] for e in during} & generator.POLICY_EVENTS
    # Arrangements carry the terms the policy checks them against.
    arrangement = next(e for e in corp.events if e["type"] == "arrangement_started")
    assert {"instalment", "count", "arrears_at_start", "first_due"} <= arrangement.keys()
