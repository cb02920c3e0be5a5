"""A contract number written in a payment's description places the payment, as payers write it
('voor de huur van DEMO-01588-1'); a number that is no contract, or two contracts in one
description, leave it for an officer."""

import string
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.bank import imports
from huurpad.bank.models import BankTransaction
from huurpad.tenancies.models import LedgerEntry
from huurpad.testing.camt import Detail, Entry, statement
from huurpad.testing.ledgers import make_tenancy

S, M = BankTransaction.Status, BankTransaction.MatchedBy


@pytest.fixture
def homes(db):
    return {
        ref: make_tenancy(ref, surname=f"Huurder{n}")
        for n, ref in enumerate(["DEMO-01588-1", "DEMO-01588-2", "HC00042", "104233", "VHE.2231.07"])
    }


def booked(tmp_path, texts: list[str]) -> list[tuple[str, str | None, str]]:
    """Import one statement with a payment per description; per payment: status, the contract it
    was booked on, how it was found."""
    entries = [
        Entry(
            D("650.00"),
            bank_reference=f"T{n}",
            details=[Detail(name="Stichting SchuldHulpMaatje", iban="NL02ABNA0123456789", remittance=text)],
        )
        for n, text in enumerate(texts)
    ]
    path = tmp_path / "afschrift.xml"
    path.write_bytes(statement(entries))
    imports.import_file(path)
    rows = BankTransaction.objects.select_related("tenancy").order_by("bank_reference")
    return [(row.status, row.tenancy.ref if row.tenancy else None, row.matched_by) for row in rows]


FOUND = [
    ("voor de huur van DEMO-01588-1", "DEMO-01588-1"),
    ("Huur nov. DEMO-01588-1.", "DEMO-01588-1"),
    ("huur demo-01588-2 november 2026", "DEMO-01588-2"),
    ("contractnr: DEMO 01588-1 (huur december)", "DEMO-01588-1"),
    ("DEMO-01588-1/huur/DEMO-01588-1", "DEMO-01588-1"),  # the same contract twice is one
    ("huurnummer HC00042 termijn 3 van 6", "HC00042"),
    ("klantnr 104233 huur okt", "104233"),
    ("vhe.2231.07 huur", "VHE.2231.07"),
    (f"betaling {imports.payment_reference('HC00042')}", "HC00042"),  # the RF reference typed as text
]
NOT_FOUND = [
    "voor de huur van DEMO-01588-1 en DEMO-01588-2",  # two contracts: an officer chooses
    "huur november 2026 huisnummer 12",  # numbers, no contract
    "factuur 015881 van 1-12-2026",  # the digits of a contract without its letters
    "voor DEMO-01588",  # a part of a contract number
    "voor DEMO-01588-12",  # another number that starts the same
    "DEMO-99999-1 huur",  # the shape of a contract, but none of ours
    "huur 1042 33",  # digits in two pieces are not a number of digits alone
    "gift voor de huur",
]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "ref"), FOUND)
def test_a_contract_named_in_the_description_books_the_payment(homes, tmp_path, text, ref):
    assert booked(tmp_path, [text]) == [(S.BOOKED, ref, M.TEXT)]
    entry = LedgerEntry.objects.get(tenancy=homes[ref], kind="payment")
    assert (entry.amount_cents, entry.description) == (65000, text)


@pytest.mark.django_db
@pytest.mark.parametrize("text", NOT_FOUND)
def test_no_contract_or_two_contracts_leave_the_payment_for_an_officer(homes, tmp_path, text):
    assert booked(tmp_path, [text]) == [(S.UNKNOWN, None, "")]
    assert not LedgerEntry.objects.filter(kind="payment").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("ref", ["DEMO-01588-2", "VHE.2231.07", "HC00042"])
def test_the_structured_reference_of_a_contract_with_dashes_or_dots_books_it(homes, tmp_path, ref):
    """The RF reference holds the contract number without its separators (RF..DEMO015882)."""
    entry = Entry(D("650.00"), bank_reference="R1", details=[Detail(reference=imports.payment_reference(ref))])
    path = tmp_path / "a.xml"
    path.write_bytes(statement([entry]))
    imports.import_file(path)
    row = BankTransaction.objects.get()
    assert (row.status, row.tenancy.ref, row.matched_by) == (S.BOOKED, ref, M.REFERENCE)


@pytest.mark.django_db
def test_the_structured_reference_goes_before_the_description(homes, tmp_path):
    entry = Entry(
        D("650.00"),
        bank_reference="R1",
        details=[Detail(reference=imports.payment_reference("HC00042"), remittance="huur DEMO-01588-1")],
    )
    path = tmp_path / "a.xml"
    path.write_bytes(statement([entry]))
    imports.import_file(path)
    row = BankTransaction.objects.get()
    assert (row.tenancy.ref, row.matched_by) == ("HC00042", M.REFERENCE)


@pytest.mark.django_db
def test_an_unknown_payment_suggests_both_contracts_a_description_names(homes, tmp_path):
    booked(tmp_path, ["voor de huur van demo-01588-1 en DEMO 01588-2"])
    row = BankTransaction.objects.get()
    found = imports.suggestions([row], date(2026, 12, 7))[row.pk]
    assert [t.ref for t in found] == ["DEMO-01588-1", "DEMO-01588-2"]


def test_the_keys_of_a_description():
    assert imports.contract_keys_in("voor de huur van DEMO-01588-1.") >= {"DEMO015881"}
    # Years, house numbers, amounts and dates are never keys of digits alone (which contracts the
    # other keys are, such as 'NR12', the database says: test_no_contract_..._for_an_officer).
    assert not any(key.isdigit() for key in imports.contract_keys_in("huur 2026, nr 12, 766,26 euro, 1-12"))
    assert imports.contract_keys_in("gift voor de huur") == set()


ref_parts = st.text(string.ascii_uppercase, min_size=1, max_size=5)
prose = st.lists(st.text(string.ascii_letters, min_size=1, max_size=8), max_size=6).map(" ".join)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # pure, but the machine is shared
@given(
    prefix=ref_parts,
    number=st.integers(0, 99999),
    suffix=st.integers(1, 9),
    before=prose,
    after=prose,
    stop=st.sampled_from(["", ".", ",", ")", ":"]),
    lower=st.booleans(),
)
def test_a_contract_number_amid_words_is_found(prefix, number, suffix, before, after, stop, lower):
    ref = f"{prefix}-{number:05d}-{suffix}"
    written = ref.lower() if lower else ref
    assert imports.ref_key(ref) in imports.contract_keys_in(f"{before} {written}{stop} {after}")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(string.ascii_letters + string.punctuation + " ", max_size=80))
def test_words_without_digits_name_no_contract(text):
    assert imports.contract_keys_in(text) == set()


@given(st.integers(0, 99999))
def test_a_number_of_fewer_than_six_digits_names_no_contract(n):
    assert not any(key.isdigit() for key in imports.contract_keys_in(f"huur {n} euro, {n} {n}"))


@pytest.mark.django_db
def test_many_keys_are_found_the_same_way_as_a_few(homes, monkeypatch):
    """More keys than one IN list holds: the contract numbers are read once and keyed in Python."""
    keys = {"DEMO015881", "DEMO015882", "VHE223107", "104233", "NOPE1"}
    few = imports.tenancies_by_key(keys)
    monkeypatch.setattr(imports.db, "IN_CHUNKS", 2)
    assert imports.tenancies_by_key(keys) == few
    assert set(few) == {"DEMO015881", "DEMO015882", "VHE223107", "104233"}
    assert few["DEMO015881"] == {homes["DEMO-01588-1"].pk}
