"""`huurpad arrears --json` against hand-written ledgers (docs/formats.md, 'Arrears, defined')."""

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import call_command

from huurpad.cli import main
from huurpad.tenancies.imports import import_ledger, import_tenancies

from .files import ledger_csv, tenancies_csv, tenancy_line

pytestmark = pytest.mark.django_db

TENANCIES = [
    tenancy_line("PARTIAL"),
    tenancy_line("OVERPAID"),
    tenancy_line("RETURNED", payment_method="direct_debit", collection_day="1"),
    tenancy_line("WRITTENOFF"),
    tenancy_line("TODAY"),
    tenancy_line("RENTUP"),
    tenancy_line("ENDED", end_date="2026-02-28"),
    tenancy_line("FRESH", start_date="2026-01-01"),
]

LEDGER = """
PARTIAL 2026-02-01 rent 700.00 p-r2
PARTIAL 2026-03-01 rent 700.00 p-r3
PARTIAL 2026-02-04 payment 300.00 p-p2
PARTIAL 2026-03-05 payment 250.00 p-p3
OVERPAID 2026-02-01 rent 700.00 o-r2
OVERPAID 2026-03-01 rent 700.00 o-r3
OVERPAID 2026-02-01 payment 1500.00 o-p2
RETURNED 2026-02-01 rent 700.00 d-r2
RETURNED 2026-03-01 rent 700.00 d-r3
RETURNED 2026-02-01 direct_debit 700.00 d-d2
RETURNED 2026-03-01 direct_debit 700.00 d-d3
RETURNED 2026-03-04 reversal 700.00 d-x3
WRITTENOFF 2026-01-01 rent 700.00 w-r1
WRITTENOFF 2026-02-01 rent 700.00 w-r2
WRITTENOFF 2026-03-01 rent 700.00 w-r3
WRITTENOFF 2026-03-10 write_off 700.00 w-w1
TODAY 2026-02-01 rent 700.00 t-r2
TODAY 2026-02-02 payment 700.00 t-p2
TODAY 2026-03-15 other_charge 85.00 t-o1
RENTUP 2026-01-01 rent 650.00 u-r1
RENTUP 2026-01-01 service_costs 50.00 u-s1
RENTUP 2026-02-01 rent 750.00 u-r2
RENTUP 2026-02-01 service_costs 50.00 u-s2
RENTUP 2026-03-01 rent 750.00 u-r3
RENTUP 2026-03-01 service_costs 50.00 u-s3
RENTUP 2026-01-02 payment 700.00 u-p1
ENDED 2026-02-01 rent 700.00 e-r2
FRESH 2026-03-01 rent 700.00 f-r3
FRESH 2026-03-20 payment 700.00 f-p3
"""


@pytest.fixture
def loaded(tmp_path):
    import_tenancies(tenancies_csv(tmp_path, *TENANCIES), effective=date(2025, 1, 1))
    raised = tenancies_csv(tmp_path, tenancy_line("RENTUP", monthly_rent="750.00"), name="raise.csv")
    import_tenancies(raised, effective=date(2026, 2, 1))
    import_ledger(ledger_csv(tmp_path, LEDGER))
    return tmp_path


def run_json(capsys, *args) -> dict[str, dict]:
    # call_command, not main(): running from argv closes the database connection afterwards.
    call_command("arrears", "--json", *args)
    lines = capsys.readouterr().out.splitlines()
    return {row["tenancy_ref"]: row for row in map(json.loads, lines)}


def test_each_case_on_the_fifteenth_of_march(loaded, capsys):
    rows = run_json(capsys, "--date", "2026-03-15")
    # ENDED left on 28 February owing February's rent: a former tenant keeps its position.
    assert set(rows) == {"PARTIAL", "OVERPAID", "RETURNED", "WRITTENOFF", "TODAY", "RENTUP", "FRESH", "ENDED"}
    assert (rows["ENDED"]["arrears"], rows["ENDED"]["oldest_unpaid_due_date"]) == ("700.00", "2026-02-01")

    # Two months' rent and 550 paid: the 550 goes to February, which stays partly open.
    assert rows["PARTIAL"] == {
        "tenancy_ref": "PARTIAL",
        "balance": "850.00",
        "arrears": "850.00",
        "oldest_unpaid_due_date": "2026-02-01",
        "days_overdue": 42,
        "months_in_arrears": "1.21",
        "segment": "first_time",
    }
    assert rows["OVERPAID"] == {
        "tenancy_ref": "OVERPAID",
        "balance": "-100.00",
        "arrears": "0.00",
        "oldest_unpaid_due_date": None,
        "days_overdue": 0,
        "months_in_arrears": "0.00",
        "segment": "regular",
    }
    # The March debit came back: March is open again, February stays paid.
    assert (
        rows["RETURNED"]["arrears"],
        rows["RETURNED"]["oldest_unpaid_due_date"],
        rows["RETURNED"]["days_overdue"],
    ) == ("700.00", "2026-03-01", 14)
    # The write-off pays the oldest charge, like any credit.
    assert (rows["WRITTENOFF"]["arrears"], rows["WRITTENOFF"]["oldest_unpaid_due_date"]) == ("1400.00", "2026-02-01")
    # A charge due today is owed but not yet in arrears.
    assert (
        rows["TODAY"]["balance"],
        rows["TODAY"]["arrears"],
        rows["TODAY"]["oldest_unpaid_due_date"],
        rows["TODAY"]["days_overdue"],
    ) == ("85.00", "0.00", "2026-03-15", 0)
    # The rent went up from February: months count against the rent in force today (800).
    assert (rows["RENTUP"]["arrears"], rows["RENTUP"]["months_in_arrears"]) == ("1600.00", "2.00")
    assert rows["FRESH"]["segment"] == "new"


def test_ended_tenancy_is_listed_until_its_end_date_and_after_it_while_it_owes(loaded, capsys, tmp_path):
    assert "ENDED" in run_json(capsys, "--date", "2026-02-28")
    assert "ENDED" in run_json(capsys, "--date", "2026-03-01")  # it still owes February's rent
    # The final bill is paid on 10 March: from then on the ended tenancy is no longer listed.
    import_ledger(ledger_csv(tmp_path, "ENDED 2026-03-10 payment 700.00 e-paid", name="paid.csv"))
    assert "ENDED" in run_json(capsys, "--date", "2026-03-09")
    assert "ENDED" not in run_json(capsys, "--date", "2026-03-10")
    # A settled ended tenancy is not read at all: its ledger up to D owes nothing.
    assert "ENDED" not in run_json(capsys, "--date", "2027-01-01")


def test_dates_before_anything_happened(loaded, capsys):
    rows = run_json(capsys, "--date", "2025-12-31")
    assert "FRESH" not in rows
    assert rows["PARTIAL"]["balance"] == "0.00" and rows["PARTIAL"]["oldest_unpaid_due_date"] is None


def test_reminders_change_the_segment(loaded, capsys, tmp_path):
    from huurpad.cases.imports import import_events

    events = tmp_path / "events.jsonl"
    letter = '{"tenancy_ref": "PARTIAL", "date": "2026-03-%02d", "type": "reminder_letter", "offers_data_sharing": true, "points_to_debt_help": true}\n'
    events.write_text("".join(letter % d for d in range(1, 7)))
    import_events(events)
    assert run_json(capsys, "--date", "2026-03-05")["PARTIAL"]["segment"] == "occasional"
    assert run_json(capsys, "--date", "2026-03-06")["PARTIAL"]["segment"] == "frequent"


def test_table_output_for_people(loaded, capsys):
    call_command("arrears", "--date", "2026-03-15")
    out = capsys.readouterr().out
    assert "PARTIAL" in out and "850.00" in out
    assert "7 tenancies active on 2026-03-15 and 1 former tenants who still owe, 6 in arrears, together 5950.00" in out


def test_the_table_when_nobody_is_in_arrears(loaded, capsys):
    call_command("arrears", "--date", "2019-01-01")  # before anything happened: the total was an int, and crashed
    assert capsys.readouterr().out.splitlines()[-1] == "0 tenancies active on 2019-01-01, 0 in arrears, together 0.00."


def test_exit_status_1_on_bad_input_and_2_on_wrong_usage(db, tmp_path, capsys):
    """Through the real entry point, as cron calls it."""
    bad = tmp_path / "ledger.csv"
    bad.write_text("tenancy_ref,date,kind,amount,external_id\nHC1,2026-01-01,rent,1,x\n")
    with pytest.raises(SystemExit) as exit_:
        main(["import-ledger", str(bad)])
    assert exit_.value.code == 1
    assert f"{bad}:2: tenancy_ref:" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["arrears", "--date", "15-03-2026"])
    assert exit_.value.code == 2


def test_a_missing_setting_is_named_without_a_traceback():
    """An operator who runs `huurpad` without SECRET_KEY gets one line naming it, status 2."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "HUURPAD_DEBUG", "DJANGO_SETTINGS_MODULE")}
    done = subprocess.run(
        [sys.executable, "-m", "huurpad.cli", "arrears", "--help"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr == "huurpad: Set the environment variable SECRET_KEY.\n"
