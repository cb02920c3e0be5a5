"""A bank file that is cut off or changed books nothing; the complete file afterwards books each
payment exactly once, and the same file twice books nothing the second time.

Before, a truncated MT940 file was booked, and the complete file booked the cut payment a second
time: its :86: was longer in the complete file, so it got another key."""

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.bank import imports
from huurpad.bank.models import BankStatement, BankTransaction
from huurpad.cases.models import CaseEvent
from huurpad.core.bankfiles import BankFileError, read
from huurpad.tenancies.models import LedgerEntry
from huurpad.testing.camt import Detail, Entry, statement
from huurpad.testing.ledgers import make_tenancy

FILES = Path(__file__).resolve().parents[2] / "core" / "bankfiles" / "tests" / "files"
MT940 = [
    "ing.mt940",
    "abnamro.mt940",
    "rabobank.mt940",
    "sns.mt940",
    "regiobank.mt940",
    "asn.mt940",
    "triodos.mt940",
    "knab.mt940",
]


def payments(tenancy) -> list[int]:
    return sorted(LedgerEntry.objects.filter(tenancy=tenancy, kind="payment").values_list("amount_cents", flat=True))


def nothing_written() -> bool:
    return not (
        BankStatement.objects.exists()
        or BankTransaction.objects.exists()
        or CaseEvent.objects.exists()
        or LedgerEntry.objects.exclude(kind="rent").exists()
    )


@pytest.mark.django_db
def test_a_cut_mt940_file_is_refused_and_the_complete_one_books_each_payment_once(tmp_path):
    tenancy = make_tenancy("HS1", iban="NL35INGB0007712345")
    data = (FILES / "sns.mt940").read_bytes()
    cut = tmp_path / "sns.mt940"
    cut.write_bytes(data[: data.index(b"Lindelaan 3") + len(b"Linde")])  # in the middle of the payment's :86:
    with pytest.raises(BankFileError) as refused:
        imports.import_file(cut)
    assert (refused.value.name, refused.value.where) == ("sns.mt940", "line 1 (:20:)")
    assert "statement 0000000000/312/1 has no closing balance" in refused.value.problem
    assert nothing_written()

    cut.write_bytes(data)
    first = imports.import_file(cut)
    assert (first.new, first.booked) == (2, 1) and payments(tenancy) == [72500]
    again = imports.import_file(cut)
    assert (again.new, again.known) == (0, 2) and payments(tenancy) == [72500]
    assert BankTransaction.objects.count() == 2


@pytest.mark.django_db
def test_a_cut_or_changed_camt_file_is_refused_and_the_complete_one_books_each_payment_once(tmp_path):
    tenancy = make_tenancy("HC7", iban="NL35INGB0004455667")
    data = (FILES / "bng.camt053.001.08.xml").read_bytes()
    path = tmp_path / "bng.xml"
    for broken in (
        data[: data.index(b"</Stmt>")],  # cut off: not well-formed
        data.replace(b'<Amt Ccy="EUR">735.00</Amt>', b'<Amt Ccy="EUR">753.00</Amt>', 1),  # an amount changed
    ):
        path.write_bytes(broken)
        with pytest.raises(BankFileError):
            imports.import_file(path)
        assert nothing_written()
    path.write_bytes(data)
    assert imports.import_file(path).new == 5 and payments(tenancy) == [73500]
    assert imports.import_file(path).new == 0 and payments(tenancy) == [73500]


@pytest.mark.parametrize("name", MT940)
def test_the_identity_of_a_transaction_is_the_same_in_a_cut_and_in_the_complete_file(name):
    """Wherever a file is cut, what is read of it (whole statements) has exactly the keys the
    complete file gives the same transactions: what the cut file booked, the complete one knows."""
    data = (FILES / name).read_bytes()
    complete = [imports._keys(s) for s in read(data, name)]
    lines = data.splitlines(keepends=True)
    for end in range(1, len(lines)):
        try:
            found = read(b"".join(lines[:end]), name)
        except BankFileError:
            continue
        assert [imports._keys(s) for s in found] == complete[: len(found)], f"cut after line {end}"


def test_the_identity_of_a_camt_entry_does_not_depend_on_the_entries_after_it():
    first = [Entry(D("700.00"), details=[Detail(name="W. Bakker", iban="NL02ABNA0123456789", remittance="huur")])]
    more = first + [Entry(D("700.00"), booked=date(2026, 11, 3), details=[Detail(name="J. Visser", remittance="huur")])]
    one, two = (read(statement(entries), "day.xml")[0] for entries in (first, more))
    assert imports._keys(two)[:1] == imports._keys(one)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(MT940 + ["bng.camt053.001.02.xml", "ing.camt053.001.08.xml"]),
    cut=st.floats(0, 1),
    duplicate=st.booleans(),
)
def test_a_refused_file_writes_nothing(tmp_path, name, cut, duplicate):
    """Cut anywhere, or with a line twice: read and booked whole, or refused with nothing written."""
    data = (FILES / name).read_bytes()
    lines = data.splitlines(keepends=True)
    at = int(cut * len(lines))
    if duplicate:
        lines.insert(at, lines[min(at, len(lines) - 1)])
    else:
        lines = lines[:at]
    path = tmp_path / name
    path.write_bytes(b"".join(lines))
    try:
        imports.import_file(path)
    except BankFileError as refused:
        assert refused.name == name and refused.where.startswith("line ")
        assert nothing_written()
    else:  # what was read is whole statements: rolled back for the next example
        assert BankStatement.objects.exists() or not read(path.read_bytes(), name)
    BankTransaction.objects.all().delete()
    LedgerEntry.objects.exclude(kind="rent").delete()
    CaseEvent.objects.all().delete()
    BankStatement.objects.all().delete()


def test_an_mt940_entry_keeps_its_key_wherever_the_bank_wraps_its_lines():
    """ABN AMRO's entries carry no reference of the bank: their own text is who they are, so
    wrapping it elsewhere (or a reader that makes more of it) does not make them new."""
    data = (FILES / "abnamro.mt940").read_bytes()
    rewrapped = data.replace(b"KPN - DIGITENNE", b"KPN - DIGI\r\nTENNE")  # the reading now has "DIGI TENNE"
    first, again = (read(text, "abnamro.mt940")[0] for text in (data, rewrapped))
    assert first.transactions[3].remittance != again.transactions[3].remittance
    assert imports._keys(first) == imports._keys(again)


@pytest.mark.django_db
def test_a_statement_imported_when_keys_came_from_the_reading_is_not_booked_again(tmp_path, monkeypatch):
    tenancy = make_tenancy("HS1", iban="NL35INGB0007712345")
    path = tmp_path / "sns.mt940"
    path.write_bytes((FILES / "sns.mt940").read_bytes())
    keys = imports._keys
    with monkeypatch.context() as before:  # as the import made keys before: from what it read
        before.setattr(imports, "_keys", lambda statement, **_: keys(statement, by_text=False))
        assert imports.import_file(path).new == 2
    assert (imports.import_file(path).new, payments(tenancy)) == (0, [72500])
