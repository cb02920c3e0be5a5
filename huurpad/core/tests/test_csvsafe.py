"""Cells that start like a formula are neutralised; numbers we write stay numbers."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huurpad.core import csvsafe

ATTACKS = ['=HYPERLINK("http://evil.example","klik")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\tTab", "\rReturn"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_formula_in_free_text_gets_a_quote_in_front(attack):
    assert csvsafe.text(attack) == "'" + attack


@pytest.mark.parametrize("plain", ["Jansen", "D'Souza & Zn", "", "12", "'al gequote"])
def test_ordinary_text_is_left_alone(plain):
    assert csvsafe.text(plain) == plain


@pytest.mark.parametrize("value", ["-12.50", "2100.00", "0", "+5", "2026-02-01", "true", "false", ""])
def test_a_number_we_wrote_stays_a_number(value):
    assert csvsafe.number(value) == value


@pytest.mark.parametrize("value", ["-2+3", "=1+1", "@SUM(A1)", "-1-1", "+cmd|' /C calc'!A0"])
def test_a_numeric_column_that_holds_a_formula_is_still_neutralised(value):
    assert csvsafe.number(value) == "'" + value


def test_a_phone_number_of_digits_and_spaces_stays_but_anything_more_is_neutralised():
    assert csvsafe.phone("+31 6 12345678") == "+31 6 12345678"
    assert csvsafe.phone("06 1234 5678") == "06 1234 5678"
    assert csvsafe.phone("+31-6+SUM(A1)") == "'+31-6+SUM(A1)"


def test_a_row_treats_each_column_as_declared():
    row = csvsafe.row({"name": "-Jan", "amount": "-12.50", "tel": "+31 6 1"}, numeric=["amount"], phones=["tel"])
    assert row == {"name": "'-Jan", "amount": "-12.50", "tel": "+31 6 1"}


def test_a_row_has_no_line_breaks_inside_its_cells():
    assert csvsafe.row({"name": "\rVries", "street": "Laan\r\n1\n"}) == {"name": "' Vries", "street": "Laan 1 "}


@given(st.text())
def test_property_no_text_cell_starts_like_a_formula_and_nothing_is_lost(value):
    cell = csvsafe.text(value)
    assert not cell.startswith(csvsafe.TRIGGERS)
    assert cell in (value, "'" + value)


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_property_every_cell_read_back_from_a_csv_file_is_safe(values):
    out = io.StringIO()
    csv.writer(out).writerow([csvsafe.text(v) for v in values])
    [read] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert all(not cell.startswith(csvsafe.TRIGGERS) for cell in read)


# Every module that writes CSV, and why its cells are safe. A new CSV writer fails this test until
# it goes through csvsafe (or is added here with its reason).
CSV_WRITERS = {
    "signals/signals.py": "the export to the municipality: csvsafe.row per column",
    "demo/generator.py": "the demo's import files, read back only by Huurpad's own imports (not a spreadsheet)",
    "bench/baseline.py": "temporary files for DuckDB in the bench, deleted afterwards",
    "testing/fuzz.py": "the fuzz tests' mutated import files, formulas on purpose",
    "debthelp/counsellor.py": "the balance statement a debt counsellor downloads: csvsafe.row per column",
    "debthelp/transport/csv_portal.py": "the upload to the Schuldenknooppunt portal, read by its import: the "
    "counsellor's own references must go back unchanged, and the amounts are ours",
}


def test_every_csv_writer_in_huurpad_is_known_and_the_export_uses_csvsafe():
    from pathlib import Path

    root = Path(csvsafe.__file__).parents[1]
    found = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and any(w in path.read_text() for w in ("csv.writer(", "csv.DictWriter(", "text/csv"))
    }
    # The views only serve what signals.py and counsellor.py wrote.
    assert found - {"signals/views.py", "debthelp/counsellor_views.py"} == set(CSV_WRITERS)
    assert "csvsafe.row(" in (root / "signals/signals.py").read_text()
    assert "csvsafe.row(" in (root / "debthelp/counsellor.py").read_text()
