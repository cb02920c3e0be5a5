"""huurpad bench: the shape of its output, the DuckDB baseline's definition, the agreement check.

Nothing here is timed: the benchmark's figures belong in docs/performance.md, not in assertions.
"""

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal

import duckdb
import pytest
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.bench import baseline, synth
from huurpad.bench import policy as bench_policy
from huurpad.bench.management.commands.bench import check_agreement, check_next_day, fresh_database
from huurpad.collection import selection
from huurpad.collection.run import run_policy
from huurpad.core import ledger
from huurpad.core.money import to_cents
from huurpad.testing.strategies import days_from
from huurpad.testing.strategies import entries as ledger_entries


def test_json_lines_have_the_documented_shape(tmp_path):
    env = {**os.environ, "SECRET_KEY": "test", "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "huurpad.cli", "bench", "--tenancies", "50", "--months", "6", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["measure"] for line in lines] == [
        "arrears",
        "arrears_baseline_duckdb",
        "policy_run",
        "policy_next_day",
        "bank_import",
    ]
    for line in lines:
        assert set(line) == {"measure", "seconds", "peak_mb", "tenancies", "months"}
        assert (line["tenancies"], line["months"]) == (50, 6)
        assert line["seconds"] > 0 and line["peak_mb"] >= 0
    assert list(tmp_path.iterdir()) == []  # the temporary database is gone


FIGURES = {
    "B0000001": (-1000, 0, None, 0, 0),
    "B0000002": (70000, 70000, "2026-11-01", 27, 100),
}


def test_agreement_passes_on_equal_figures():
    check_agreement(FIGURES, dict(FIGURES))


@pytest.mark.parametrize(
    "wrong",
    [
        {**FIGURES, "B0000002": (70000, 70000, "2026-10-01", 58, 100)},  # another oldest date
        {**FIGURES, "B0000002": (70000, 69999, "2026-11-01", 27, 100)},  # a cent off
        {"B0000001": FIGURES["B0000001"]},  # a tenancy missing
    ],
)
def test_a_disagreement_fails_loudly(wrong):
    with pytest.raises(CommandError, match="B0000002"):
        check_agreement(FIGURES, wrong)


# The build ends with (VACUUM) ANALYZE, outside any transaction; serialized_rollback leaves the
# database as the next transactional test expects it (no second set of content types).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_next_day_check_catches_a_tenancy_the_selection_left_out(monkeypatch):
    on = date(2026, 11, 28)
    following = on + timedelta(days=1)
    synth.build(tenancies=50, months=6, seed=1, on=on)
    run_policy(on, full=True)
    assert bench_policy.ordinary_day(on, share=0.2) > 0
    due = run_policy(following, dry_run=True, full=True).new
    assert due, "the next day should have something to propose"
    skipped = due[0][0]
    to_look_at = selection.to_look_at
    monkeypatch.setattr(
        selection, "to_look_at", lambda *a: [row for row in to_look_at(*a) if row.tenancy_id != skipped]
    )
    assert run_policy(following).run.full is False
    monkeypatch.undo()  # the check's own full run looks at every tenancy
    missed = bench_policy.misses(following)
    assert missed and all(line.startswith(f"B{skipped:07d} ") for line in missed)
    with pytest.raises(CommandError, match=f"B{skipped:07d}"):
        check_next_day(missed)


def test_the_next_day_check_passes_when_nothing_was_missed():
    check_next_day([])


def test_never_writes_to_an_existing_sqlite_file(tmp_path):
    existing = tmp_path / "huurpad.sqlite3"
    existing.write_text("")
    with pytest.raises(CommandError, match="exists"):
        fresh_database(f"sqlite:///{existing}", tmp_path)


# The baseline query itself against the reference definition in huurpad.core.ledger.

START = date(2025, 1, 1)
days = days_from(START, 90)
entries = ledger_entries(days)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(entries, max_size=20), min_size=1, max_size=5), days, st.integers(0, 90_000))
def test_baseline_query_follows_the_definition(ledgers, on, monthly_cents):
    duck = duckdb.connect()
    duck.execute("CREATE TABLE tenancy (id BIGINT, ref VARCHAR, start_date DATE, end_date DATE)")
    duck.execute(
        "CREATE TABLE rent (tenancy_id BIGINT, valid_from DATE, rent_cents BIGINT, service_costs_cents BIGINT)"
    )
    duck.execute("CREATE TABLE ledger (tenancy_id BIGINT, date DATE, kind VARCHAR, amount_cents BIGINT)")
    expected = {}
    for tid, items in enumerate(ledgers, start=1):
        ref = f"T{tid}"
        duck.execute("INSERT INTO tenancy VALUES (?, ?, ?, NULL)", [tid, ref, START])
        duck.execute("INSERT INTO rent VALUES (?, ?, ?, 0)", [tid, START, monthly_cents])
        duck.execute("INSERT INTO rent VALUES (?, ?, 1, 0)", [tid, on + timedelta(days=1)])  # not yet in force
        for e in items:
            duck.execute("INSERT INTO ledger VALUES (?, ?, ?, ?)", [tid, e.date, e.kind.value, to_cents(e.amount)])
        p = ledger.position(items, on=on, monthly_due=Decimal(monthly_cents) / 100)
        expected[ref] = (
            to_cents(p.balance),
            to_cents(p.arrears),
            p.oldest_unpaid_due_date.isoformat() if p.oldest_unpaid_due_date else None,
            p.days_overdue,
            to_cents(p.months_in_arrears),
        )
    assert baseline.figures_from_baseline(baseline.run(duck, on)) == expected
