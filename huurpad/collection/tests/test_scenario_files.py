"""Scripted scenarios from import files: `huurpad run --json` day after day shows each rule firing
on its day, not before, and never twice."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from huurpad.collection.models import PolicyVersion, Proposal
from huurpad.tenancies.tests.files import ledger_csv, tenancies_csv, tenancy_line

pytestmark = pytest.mark.django_db

TENANCIES = [
    tenancy_line("MISSED"),  # regular, pays by transfer, misses March
    tenancy_line("SIGNAL"),  # misses March; the earlier system already wrote and called
    tenancy_line("DEBIT-NEW", start_date="2025-12-01", payment_method="direct_debit", collection_day="25"),
    tenancy_line("ARRANGED"),
    tenancy_line("BEHIND"),  # three months behind, signalled long ago
    tenancy_line("BACK"),  # misses March, pays on the 25th
    tenancy_line("PAUSED"),
]


def rents(ref: str, months: range, *, paid: set[int] = frozenset(), on_day: int = 1) -> str:
    lines = []
    for m in months:
        lines.append(f"{ref} 2026-{m:02d}-{on_day:02d} rent 650.00 {ref}-r{m}")
        lines.append(f"{ref} 2026-{m:02d}-{on_day:02d} service_costs 50.00 {ref}-s{m}")
        if m in paid:
            lines.append(f"{ref} 2026-{m:02d}-{on_day:02d} payment 700.00 {ref}-p{m}")
    return "\n".join(lines)


LEDGER = "\n".join(
    [
        rents("MISSED", range(1, 7), paid={1, 2}),
        rents("SIGNAL", range(1, 7), paid={1, 2}),
        rents("DEBIT-NEW", range(1, 7), paid=set(range(1, 7)), on_day=25),
        rents("ARRANGED", range(1, 7), paid={3}),
        rents("BEHIND", range(1, 7)),
        rents("BACK", range(1, 7), paid={1, 2}) + "\nBACK 2026-03-25 payment 700.00 BACK-late",
        rents("PAUSED", range(1, 7), paid={1, 2}),
    ]
)

EVENTS = [
    {"tenancy_ref": "SIGNAL", "date": "2026-03-11", "type": "contact_attempt", "channel": "phone", "reached": False},
    {
        "tenancy_ref": "SIGNAL",
        "date": "2026-03-15",
        "type": "reminder_letter",
        "offers_data_sharing": True,
        "points_to_debt_help": True,
    },
    {
        "tenancy_ref": "ARRANGED",
        "date": "2026-03-05",
        "type": "arrangement_started",
        "arrears_at_start": "1400.00",
        "instalment": "200.00",
        "first_due": "2026-03-20",
        "count": 7,
    },
    {"tenancy_ref": "BEHIND", "date": "2026-01-10", "type": "contact_attempt", "channel": "visit", "reached": False},
    {
        "tenancy_ref": "BEHIND",
        "date": "2026-01-15",
        "type": "reminder_letter",
        "offers_data_sharing": True,
        "points_to_debt_help": True,
    },
    {
        "tenancy_ref": "BEHIND",
        "date": "2026-02-16",
        "type": "early_signal_sent",
        "municipality_code": "GM0363",
        "amount": "1400.00",
    },
    {
        "tenancy_ref": "PAUSED",
        "date": "2026-03-03",
        "type": "pause_started",
        "reason": "kennisgeving",
        "review_date": "2026-04-01",
    },
]


@pytest.fixture
def files(tmp_path):
    call_command("import-tenancies", str(tenancies_csv(tmp_path, *TENANCIES)), "--date", "2025-01-01")
    call_command("import-ledger", str(ledger_csv(tmp_path, LEDGER)))
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in EVENTS))
    call_command("import-events", str(events))


def run_days(capsys, start: date, end: date, version: int = 1) -> dict[tuple[str, str], list[date]]:
    """Run every day through the command; collect the days each (tenancy, action) was first listed."""
    seen: dict[tuple[str, str, str], date] = {}
    day = start
    while day <= end:
        call_command("run", "--date", day.isoformat(), "--json")
        for line in map(json.loads, capsys.readouterr().out.splitlines()):
            assert line["explanation"] and line["policy_version"] == version, line
            key = (line["tenancy_ref"], line["action"], line["due_date"])
            seen.setdefault(key, day)
        day += timedelta(days=1)
    fired: dict[tuple[str, str], list[date]] = {}
    for (ref, action, due), first in seen.items():
        assert first.isoformat() == due  # listed first on the day it was proposed
        fired.setdefault((ref, action), []).append(first)
    return {key: sorted(days) for key, days in fired.items()}


def test_each_rule_on_its_day(files, capsys):
    fired = run_days(capsys, date(2026, 3, 1), date(2026, 4, 30))
    d = date.fromisoformat
    expected = {
        # Late for the first time in a year: nudge at 3 days, first call at 10 (the second attempt
        # waits until the first is recorded), letter at 14, visit at 35; no signal while the
        # letter proposed here was never sent.
        ("MISSED", "nudge"): [d("2026-03-04")],
        ("MISSED", "call"): [d("2026-03-11")],
        ("MISSED", "reminder_letter"): [d("2026-03-15")],
        ("MISSED", "home_visit"): [d("2026-04-05")],
        # The earlier system called on the 11th and wrote on the 15th: a second call the next day,
        # the signal 30 days after the letter with the offer; after a letter the tenant is
        # 'occasional', whose policy reminds three days before the rent is due.
        ("SIGNAL", "nudge"): [d("2026-03-04")],
        ("SIGNAL", "call"): [d("2026-03-12")],
        ("SIGNAL", "home_visit"): [d("2026-04-05")],
        ("SIGNAL", "early_signal"): [d("2026-04-14")],
        ("SIGNAL", "pre_due_reminder"): [d("2026-03-29"), d("2026-04-28")],
        # A new tenant on a debit on the 25th: a reminder three days before each collection
        # (25 April 2026 is a Saturday: the debit goes on Monday the 27th).
        ("DEBIT-NEW", "pre_due_reminder"): [d("2026-03-22"), d("2026-04-24")],
        # Behind since January when the first run comes: the steps due by then at once (one
        # message a day). From the arrangement on the 5th the chasing stops and its reminders take
        # over, until an instalment is missed (20 March + 7 days' grace); then the visit follows. Each
        # missed instalment gives its own follow-up (20 April + 7 days: the second).
        ("ARRANGED", "nudge"): [d("2026-03-01")],
        ("ARRANGED", "call"): [d("2026-03-01")],
        ("ARRANGED", "reminder_letter"): [d("2026-03-02")],
        ("ARRANGED", "arrangement_reminder"): [d("2026-03-18"), d("2026-04-18")],
        ("ARRANGED", "arrangement_broken"): [d("2026-03-27"), d("2026-04-27")],
        ("ARRANGED", "home_visit"): [d("2026-03-27")],
        ("ARRANGED", "pre_due_reminder"): [d("2026-03-29"), d("2026-04-28")],
        # Three months behind, written, visited and signalled in February: signalled again a month
        # later as the arrears grew (not again while that one waits to be sent), and the review
        # comes 60 days after the first signal.
        ("BEHIND", "nudge"): [d("2026-03-01")],
        ("BEHIND", "call"): [d("2026-03-01")],
        ("BEHIND", "home_visit"): [d("2026-03-01")],
        ("BEHIND", "early_signal"): [d("2026-03-18")],
        ("BEHIND", "escalation_review"): [d("2026-04-17")],
        ("BEHIND", "pre_due_reminder"): [d("2026-03-29"), d("2026-04-28")],
        # Pays March on the 25th: a compliment; misses April: a new episode, the steps again.
        ("BACK", "nudge"): [d("2026-03-04"), d("2026-04-04")],
        ("BACK", "call"): [d("2026-03-11"), d("2026-04-11")],
        ("BACK", "reminder_letter"): [d("2026-03-15"), d("2026-04-15")],
        ("BACK", "compliment"): [d("2026-03-25")],
        # A pause: nothing but its review; no one extends it, so it ends the day after, and the
        # steps start again from the first: a friendly message that day, the call 10 days and the
        # letter 14 days after it (not the next step where they stopped).
        ("PAUSED", "review_pause"): [d("2026-04-01")],
        ("PAUSED", "nudge"): [d("2026-04-02")],
        ("PAUSED", "call"): [d("2026-04-12")],
        ("PAUSED", "reminder_letter"): [d("2026-04-16")],
    }
    assert fired == expected


def test_running_the_same_days_again_adds_nothing(files, capsys):
    """Also when earlier days are run again after later ones."""
    run_days(capsys, date(2026, 3, 1), date(2026, 3, 20))
    before = Proposal.objects.count()
    run_days(capsys, date(2026, 3, 1), date(2026, 3, 20))
    assert Proposal.objects.count() == before


def test_collection_costs_only_with_a_policy_that_charges_them(files, capsys):
    v1 = PolicyVersion.current()
    PolicyVersion.objects.create(number=2, text=v1.text.replace("charge = false", "charge = true"), note="costs")
    fired = run_days(capsys, date(2026, 3, 1), date(2026, 4, 20), version=2)
    # Only where the reminder letter went out (SIGNAL's was sent by the earlier system; MISSED's
    # is proposed but nobody sent it in this scenario), at 45 days.
    assert fired[("SIGNAL", "wik_letter")] == [date(2026, 4, 15)]
    assert ("MISSED", "wik_letter") not in fired
    line = Proposal.objects.get(tenancy__ref="SIGNAL", action="wik_letter")
    assert line.legal_basis == "art. 6:96 BW" and "€ 210,00" in line.explanation  # 15 % of 1,400.00
