"""CAMT.053 statements of Dutch banks, read into Statements and Transactions.

The files in files/ were written for these tests, each with a bank's quirks in a different
version of the format: ABN AMRO (.001.04) returning a batch of our direct debits as one reversed
debit entry (RvslInd) with a return reason per transaction; ING (.001.08) crediting a batch of our
direct debits as one entry with a TxDtls per collection; Rabobank (.001.13) with the creditor
reference in Strd/CdtrRefInf (RF and a Dutch betalingskenmerk) and a booking date-and-time; and a
bank that books a batch as one credit without its transactions (.001.08). Version .001.02 and every
version up to .001.14 are read from statements written by huurpad.testing.camt.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.core.bankfiles import BankFileError, Transaction, camt053, read
from huurpad.testing.camt import Detail, Entry, statement

from .test_mt940 import FILES


def extract(name: str):
    return camt053.extract((FILES / name).read_bytes(), name)


@pytest.mark.parametrize(
    "name",
    [
        "abnamro.camt053.001.04.xml",
        "ing.camt053.001.08.xml",
        "rabobank.camt053.001.13.xml",
        "unsplit-batch.camt053.001.08.xml",
    ],
)
def test_identify_each_bank_file_and_its_version(name):
    data = (FILES / name).read_bytes()
    assert camt053.identify(data) is True
    [found] = read(data, name)
    assert found.format == name.removesuffix(".xml").split(".", 1)[1].replace("camt053", "camt.053")


@pytest.mark.parametrize("name", ["ing.mt940", "abnamro.mt940", "rabobank.mt940"])
def test_mt940_is_not_camt(name):
    assert camt053.identify((FILES / name).read_bytes()) is False


# --- ABN AMRO: a returned batch, reversed ---------------------------------------------------


def test_abnamro_returned_batch_is_split_with_each_return_reason():
    [found] = extract("abnamro.camt053.001.04.xml")
    assert (found.account_iban, found.statement_id) == ("NL02ABNA0123456789", "0417164300/2026-11-05")
    returned = dict(
        booking_date=date(2026, 11, 5),
        value_date=date(2026, 11, 5),
        credit_debit="DBIT",
        reversal=True,
        batch_id="HP-20261103-RCUR",
    )
    assert found.transactions == [
        # The tenant is the other side, though a return keeps the debit's roles (we are the creditor).
        Transaction(
            amount=Decimal("700.00"),
            return_reason="AM04",
            end_to_end_id="HP-HC3-202611",
            mandate_id="M3",
            counterparty_name="P. Smit",
            counterparty_iban="NL39RABO0300065264",
            remittance="Huur november 2026 HC3",
            bank_reference="ABN-R-8811/1",
            **returned,
        ),
        Transaction(
            amount=Decimal("685.00"),
            return_reason="AC06",
            end_to_end_id="HP-HC4-202611",
            mandate_id="M4",
            counterparty_name="A. de Vries",
            counterparty_iban="NL57RABO0111222333",
            remittance="Huur november 2026 HC4",
            bank_reference="ABN-R-8811/2",
            **returned,
        ),
        # NOTPROVIDED is no end-to-end id; two Ustrd lines are joined. The pending entry is left out.
        Transaction(
            booking_date=date(2026, 11, 5),
            value_date=date(2026, 11, 5),
            amount=Decimal("717.50"),
            credit_debit="CRDT",
            counterparty_name="J. Visser",
            counterparty_iban="NL91ABNA0417164300",
            remittance="huur nov HC2 Lindelaan 2",
            bank_reference="ABN-C-8812",
        ),
    ]


# --- ING: a batch credit with its transactions ----------------------------------------------


def test_ing_batch_credit_is_split_into_its_collections():
    [found] = extract("ing.camt053.001.08.xml")
    assert (found.account_iban, found.statement_id) == ("NL20INGB0001234567", "2026-11-03-NL20INGB0001234567")
    batch = dict(
        booking_date=date(2026, 11, 3), value_date=date(2026, 11, 3), credit_debit="CRDT", batch_id="HP-20261103-RCUR"
    )
    assert found.transactions[:3] == [
        Transaction(
            amount=Decimal("700.00"),
            end_to_end_id="HP-HC3-202611",
            mandate_id="M3",
            counterparty_name="P SMIT",
            counterparty_iban="NL39RABO0300065264",
            remittance="Huur november 2026 HC3",
            bank_reference="00000000308812-1",
            **batch,
        ),
        Transaction(
            amount=Decimal("685.00"),
            end_to_end_id="HP-HC4-202611",
            mandate_id="M4",
            counterparty_name="A DE VRIES",
            counterparty_iban="NL57RABO0111222333",
            remittance="Huur november 2026 HC4",
            bank_reference="00000000308812-2",
            **batch,
        ),
        Transaction(
            amount=Decimal("675.00"),
            end_to_end_id="HP-HC5-202611",
            mandate_id="M5",
            counterparty_name="K EL AMRANI",
            counterparty_iban="NL36INGB0007654321",
            remittance="Huur november 2026 HC5",
            bank_reference="00000000308812-3",
            **batch,
        ),
    ]
    assert sum(t.amount for t in found.transactions[:3]) == Decimal("2060.00")  # the entry's amount


def test_ing_payer_is_the_debtor_not_the_ultimate_debtor():
    last = extract("ing.camt053.001.08.xml")[0].transactions[-1]
    assert (last.counterparty_name, last.counterparty_iban, last.end_to_end_id) == (
        "Stichting Diaconie Lindestad",
        "NL86INGB0002445588",
        "",
    )
    assert last.remittance == "bijdrage huur november fam. de Wit" and last.bank_reference == "00000000308813"


# --- Rabobank: structured creditor references ------------------------------------------------


def test_rabobank_structured_references():
    [found] = extract("rabobank.camt053.001.13.xml")
    rf, kenmerk, out = found.transactions
    assert rf == Transaction(
        booking_date=date(2026, 11, 4),
        value_date=date(2026, 11, 4),
        amount=Decimal("700.00"),
        credit_debit="CRDT",
        end_to_end_id="20261104-bakker-huur",
        counterparty_name="W. Bakker",
        counterparty_iban="NL68SNSB0901234567",
        structured_reference="RF39HC1",
        bank_reference="RABO-2026110400017",
    )
    assert (kenmerk.structured_reference, kenmerk.remittance, kenmerk.end_to_end_id) == ("1234567890123456", "", "")
    # Money out: the creditor is the other side, our own account (the debtor) is not.
    assert (out.credit_debit, out.counterparty_name, out.counterparty_iban) == (
        "DBIT",
        "Schildersbedrijf Noord",
        "NL49TRIO0390123456",
    )
    assert out.remittance == "Factuur 2026-0815 schilderwerk Lindelaan"


# --- A batch the bank did not split ---------------------------------------------------------


def test_an_unsplit_batch_keeps_its_id_and_count_for_the_importer():
    [found] = extract("unsplit-batch.camt053.001.08.xml")
    assert found.transactions == [
        Transaction(
            booking_date=date(2026, 11, 3),
            value_date=date(2026, 11, 3),
            amount=Decimal("1400.00"),
            credit_debit="CRDT",
            batch_id="PMT-FRST",
            bank_reference="B-20261103-77",
            batch_count=2,
        ),
    ]


# --- Every version ----------------------------------------------------------------------------

DAY = date(2026, 11, 3)


def the_day():
    return [
        Entry(
            Decimal("700.00"),
            bank_reference="R1",
            details=[Detail(name="W. Bakker", iban="NL02ABNA0123456789", reference="RF39HC1", remittance="huur")],
        ),
        Entry(
            Decimal("1400.00"),
            family=("PMNT", "RDDT", "ESDD"),
            bank_reference="R2",
            batch_id="PMT-RCUR",
            details=[
                Detail(
                    Decimal("650.00"),
                    end_to_end_id="HP-HC3-202611",
                    mandate_id="M3",
                    name="Smit",
                    iban="NL39RABO0300065264",
                ),
                Detail(
                    Decimal("750.00"),
                    end_to_end_id="HP-HC4-202611",
                    mandate_id="M4",
                    name="de Vries",
                    iban="NL57RABO0111222333",
                ),
            ],
        ),
        Entry(
            Decimal("1400.00"), family=("PMNT", "RDDT", "ESDD"), bank_reference="R3", batch_id="PMT-FRST", batch_count=2
        ),
        Entry(
            Decimal("650.00"),
            side="DBIT",
            family=("PMNT", "RDDT", "UPDD"),
            bank_reference="R4",
            details=[Detail(end_to_end_id="HP-HC3-202611", mandate_id="M3", name="Smit", return_reason="AM04")],
        ),
        Entry(Decimal("25.00"), side="DBIT", reversal=True, bank_reference="R5", details=[Detail(name="Bank")]),
    ]


@pytest.mark.parametrize("version", [f"{n:02d}" for n in range(2, 15)])
def test_every_version_reads_the_same(version):
    [found] = camt053.extract(statement(the_day(), version=version), "day.xml")
    assert found.format == f"camt.053.001.{version}"
    got = [
        (
            t.amount,
            t.credit_debit,
            t.reversal,
            t.return_reason,
            t.end_to_end_id,
            t.counterparty_name,
            t.structured_reference,
            t.batch_id,
            t.batch_count,
            t.bank_reference,
        )
        for t in found.transactions
    ]
    assert got == [
        (Decimal("700.00"), "CRDT", False, None, "", "W. Bakker", "RF39HC1", "", 1, "R1"),
        (Decimal("650.00"), "CRDT", False, None, "HP-HC3-202611", "Smit", "", "PMT-RCUR", 1, "R2/1"),
        (Decimal("750.00"), "CRDT", False, None, "HP-HC4-202611", "de Vries", "", "PMT-RCUR", 1, "R2/2"),
        (Decimal("1400.00"), "CRDT", False, None, "", "", "", "PMT-FRST", 2, "R3"),
        (Decimal("650.00"), "DBIT", False, "AM04", "HP-HC3-202611", "Smit", "", "", 1, "R4"),
        (Decimal("25.00"), "DBIT", True, None, "", "Bank", "", "", 1, "R5"),
    ]


# --- Refused, with the file, the line and what is wrong ----------------------------------------

ROOT = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
PADDED = b'<?xml version="1.0"?>\n<!-- ' + ROOT + b" -->\n<!-- " + b"x" * 6000 + b" -->\n"


def refused(data: bytes) -> BankFileError:
    with pytest.raises(BankFileError) as caught:
        read(data, "hostile.xml")
    return caught.value


def test_a_declaration_is_refused_wherever_it_stands():
    error = refused(PADDED + b'<!DOCTYPE d [<!ENTITY x SYSTEM "http://example.org/x">]>\n' + ROOT + b"&x;</Document>")
    assert (error.name, error.where) == ("hostile.xml", "line 4") and "DOCTYPE or ENTITY" in error.problem


def test_a_declaration_in_utf16_is_refused():
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE d [<!ENTITY x "x">]>\n' + ROOT.decode() + "&x;</Document>"
    )
    with pytest.raises(BankFileError, match="DOCTYPE or ENTITY"):
        camt053.extract(text.encode("utf-16"), "hostile.xml")


def test_the_parser_refuses_a_declaration_on_its_own(monkeypatch):
    """Should the search of the bytes miss one (an encoding it does not know), the parsed
    document is checked: nothing is fetched, nothing expanded, and the file is refused."""
    monkeypatch.setattr(camt053, "DECLARATIONS", [])
    error = refused(PADDED + b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + ROOT + b"&x;</Document>")
    assert "DOCTYPE or ENTITY" in error.problem
    laughs = b"".join(b'<!ENTITY l%d "%s">' % (n, b"&l%d;" % (n - 1) * 10) for n in range(1, 10))
    error = refused(PADDED + b'<!DOCTYPE d [<!ENTITY l0 "lol">' + laughs + b"]>\n" + ROOT + b"&l9;</Document>")
    assert "entity" in error.problem.lower()  # libxml2's own limit, as a BankFileError


def test_a_year_python_cannot_hold_names_its_line():
    data = statement([Entry(Decimal("1.00"), details=[Detail(name="X")])]).replace(
        b"<BookgDt><Dt>2026-11-03", b"<BookgDt><Dt>12026-11-03"
    )
    with pytest.raises(BankFileError) as caught:
        camt053.extract(data, "far.xml")
    assert caught.value.where == "line 2" and caught.value.problem.startswith("BookgDt: '12026-11-03'")


def test_a_break_of_the_schema_names_the_line_and_the_element():
    data = statement([Entry(Decimal("1.00"))], version="13").replace(
        b"<CdtDbtInd>CRDT</CdtDbtInd><Sts>", b"<CdtDbtInd>CREDIT</CdtDbtInd><Sts>"
    )
    with pytest.raises(
        BankFileError, match=r"does not match the camt.053.001.13 schema: Element 'CdtDbtInd'"
    ) as caught:
        camt053.extract(data, "broken.xml")
    assert caught.value.where == "line 2"


def test_only_euros():
    data = statement([Entry(Decimal("1.00"))]).replace(b'<Amt Ccy="EUR">1.00', b'<Amt Ccy="USD">1.00')
    with pytest.raises(BankFileError, match="only euro amounts are read, not USD"):
        camt053.extract(data, "dollars.xml")


# --- Whatever comes in: read, or refused with a message; never a traceback --------------------


@settings(max_examples=300, deadline=None)
@given(
    version=st.sampled_from(["02", "04", "08", "13"]),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), st.binary(max_size=6)), min_size=1, max_size=4),
)
def test_a_mangled_statement_is_read_or_refused_never_a_crash(version, edits):
    data = bytearray(statement(the_day(), version=version))
    for where, kind, piece in edits:
        at = int(where * (len(data) - 1))
        if kind == 0:
            data[at : at + 1] = piece[:1] or b"<"
        elif kind == 1:
            del data[at : at + len(piece) + 1]
        else:
            data[at:at] = piece or b"&"
    try:
        read(bytes(data), "mangled.xml")
    except BankFileError as refused:
        assert refused.name == "mangled.xml" and refused.where.startswith("line ")


# --- complete or refused ----------------------------------------------------------------


def test_a_statement_without_its_closing_balance_is_refused_naming_it():
    data = (FILES / "ing.camt053.001.08.xml").read_bytes()
    start = data.index(b"<Bal>\n        <Tp><CdOrPrtry><Cd>CLBD")
    without = data[:start] + data[data.index(b"</Bal>", start) + len(b"</Bal>") :]
    with pytest.raises(BankFileError) as error:
        camt053.extract(without, "ing.xml")
    assert (error.value.where, error.value.problem) == (
        "line 14 (Stmt)",
        "statement 2026-11-03-NL20INGB0001234567 has no closing balance (Bal CLBD): the file is cut off or incomplete",
    )


def test_a_statement_without_its_opening_balance_is_refused():
    data = (FILES / "ing.camt053.001.08.xml").read_bytes().replace(b"<Cd>PRCD</Cd>", b"<Cd>CLAV</Cd>")
    with pytest.raises(
        BankFileError, match=r"line 14 \(Stmt\): statement 2026-11-03-NL20INGB0001234567 has no opening balance"
    ):
        camt053.extract(data, "ing.xml")


def test_entries_that_do_not_lead_to_the_closing_balance_are_refused():
    entries = [Entry(Decimal("700.00"), bank_reference="R1"), Entry(Decimal("50.00"), side="DBIT", bank_reference="R2")]
    data = statement(entries).replace(b'<Amt Ccy="EUR">1650.00</Amt>', b'<Amt Ccy="EUR">1700.00</Amt>')
    with pytest.raises(BankFileError) as error:
        camt053.extract(data, "day.xml")
    assert (error.value.where, error.value.problem) == (
        "line 2 (Stmt)",
        "statement 2026-11-03: the entries (credits minus debits +650.00) do not lead from the opening balance 1000.00 "
        "to the closing balance 1700.00 (+50.00 is missing or too much): the file is incomplete or changed",
    )


def test_a_debit_balance_and_pending_entries_count_as_the_bank_counts_them():
    """A closing balance below zero (DBIT); a pending entry is not in the booked balance; an
    entry split into its transactions counts once."""
    entries = [
        Entry(Decimal("1500.00"), side="DBIT", bank_reference="R1"),
        Entry(Decimal("99.00"), status="PDNG"),
        Entry(
            Decimal("1400.00"),
            batch_id="B1",
            details=[Detail(Decimal("700.00"), end_to_end_id="E1"), Detail(Decimal("700.00"), end_to_end_id="E2")],
        ),
    ]
    data = statement(entries)
    assert b'<Amt Ccy="EUR">900.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>' in data  # 1000 - 1500 + 1400
    assert len(camt053.extract(data, "day.xml")[0].transactions) == 3
    below = statement([Entry(Decimal("1500.00"), side="DBIT", bank_reference="R1")])
    assert b'<Amt Ccy="EUR">500.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>' in below
    assert len(camt053.extract(below, "day.xml")[0].transactions) == 1


def test_every_cut_of_a_bank_file_is_refused():
    """A CAMT file cut anywhere is no longer well-formed XML: refused with its line."""
    data = (FILES / "bng.camt053.001.02.xml").read_bytes()
    for end in range(0, len(data) - 2, 97):
        with pytest.raises(BankFileError) as error:
            camt053.extract(data[:end], "bng.xml")
        assert error.value.where.startswith("line ")
