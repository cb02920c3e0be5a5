"""MT940 statements of Dutch banks, read into Statements and Transactions.

The files in files/ were written for these tests, each with its bank's quirks: ING's header
lines, IBAN+currency in :25:, /TRCD/ on a second :61: line, :86: wrapped at 65 characters in the
middle of a word and a statement :86: after the closing balance; ABN AMRO's ABNANL2A header,
:28: instead of :28C:, CRLF line ends, old free text and its /TRTP/ SEPA format; Rabobank's SWIFT
envelope, "IBAN EUR" in :25:, the counterparty's IBAN on the second :61: line, /ORDP//NAME/ and
a structured reference in /CDTRREF/, and one :86: per line in its old format.
"""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.core.bankfiles import BankFileError, Transaction, mt940

FILES = Path(__file__).parent / "files"


def read(name: str) -> list:
    return mt940.extract((FILES / name).read_bytes(), name)


def one_statement(line61: str, line86: str | None = None, *, account: str = "NL69INGB0123456789") -> bytes:
    """A minimal statement: :61: on line 5, :86: on line 6; the closing balance is what the
    entry moves (from 0,00), so the statement is complete."""
    lines = [":20:STMT1", f":25:{account}", ":28C:1", ":60F:C231101EUR0,00", f":61:{line61}"]
    if line86 is not None:
        lines.append(f":86:{line86}")
    lines.append(f":62F:{closing(line61)}231101EUR{closing_amount(line61)}")
    return ("\n".join(lines) + "\n").encode()


def _moved(line61: str) -> Decimal:
    found = re.match(r"\d{6}(?:\d{4}|\s{4})?(R?[DC])[A-Z]?(\d+(?:,\d*)?)", line61, re.IGNORECASE)
    if not found:  # an unreadable line: refused before the balances are looked at
        return Decimal(0)
    mark, amount = found.group(1).upper(), Decimal(found.group(2).replace(",", ".").rstrip(".") or "0")
    return amount if mark in ("C", "RD") else -amount


def closing(line61: str) -> str:
    return "D" if _moved(line61) < 0 else "C"


def closing_amount(line61: str) -> str:
    return f"{abs(_moved(line61)):.2f}".replace(".", ",")


def only_transaction(data: bytes) -> Transaction:
    [statement] = mt940.extract(data, "test.mt940")
    [transaction] = statement.transactions
    return transaction


# --- identify ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ing.mt940", "abnamro.mt940", "rabobank.mt940"])
def test_identify_each_bank_file(name):
    assert mt940.identify((FILES / name).read_bytes()) is True


CAMT = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt><Stmt><Id>1</Id><Ntry><NtryDtls><TxDtls><RmtInf><Ustrd>
:20:REF
:25:NL69INGB0123456789
:60F:C231101EUR0,00
:61:2311011101C1,00NTRFNONREF
</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>
"""


@pytest.mark.parametrize(
    "data",
    [
        CAMT,  # XML, even with MT940 tags in its text
        b"\xef\xbb\xbf" + CAMT,  # the same with a byte-order mark
        b"datum;bedrag;omschrijving\n2023-11-01;650,00;huur\n",
        b"",
        b"%PDF-1.7\n\x00\x01\x02",
        b":20:REF\n:28C:1\n:62F:C231101EUR0,00\n",  # no :25: and no opening balance
    ],
)
def test_identify_rejects_what_is_not_mt940(data):
    assert mt940.identify(data) is False


def test_identify_accepts_a_byte_order_mark_and_an_empty_statement():
    data = b"\xef\xbb\xbf:20:REF\r\n:25:NL69INGB0123456789\r\n:28C:1\r\n:60F:C231101EUR0,00\r\n:62F:C231101EUR0,00\r\n"
    assert mt940.identify(data) is True
    [statement] = mt940.extract(data, "empty.mt940")
    assert (statement.statement_id, statement.account_iban, statement.transactions) == (
        "REF/1",
        "NL69INGB0123456789",
        [],
    )


def test_identify_looks_at_the_start_only():
    assert mt940.identify(b"x" * 5000 + one_statement("2311011101C1,00NTRFNONREF")) is False


# --- ING --------------------------------------------------------------------------------


def test_ing_statements():
    statements = read("ing.mt940")
    assert [(s.account_iban, s.statement_id, s.format, len(s.transactions)) for s in statements] == [
        ("NL69INGB0123456789", "P231229000000001/00012", "mt940", 5),
        ("NL69INGB0123456789", "P240103000000001/00013", "mt940", 2),
    ]


def test_ing_transactions():
    first, second = read("ing.mt940")
    assert first.transactions == [
        # SEPA transfer with an RF creditor reference; /CNTP/ is IBAN/BIC/name/city.
        Transaction(
            booking_date=date(2023, 12, 29),
            value_date=date(2023, 12, 29),
            amount=Decimal("650.00"),
            credit_debit="CRDT",
            counterparty_name="J. JANSEN",
            counterparty_iban="NL91ABNA0417164300",
            structured_reference="RF18539007547034",
            bank_reference="00000000001005",
        ),
        # Value date 31 December, booked 2 January: the year crossing. The :86: is wrapped in
        # the middle of "Stichting" and "Kerkstraat" and after a space ("12/2023 ").
        Transaction(
            booking_date=date(2024, 1, 2),
            value_date=date(2023, 12, 31),
            amount=Decimal("712.50"),
            credit_debit="CRDT",
            end_to_end_id="PAY-2023-12-31-0001",
            counterparty_name="Stichting Woonzorg Sérvice Ahmed-Ali",
            counterparty_iban="NL02ABNA0123456789",
            remittance="Huur 12/2023 Kerkstraat 14 bis en achterstand november",
            bank_reference="00000000001006",
        ),
        # Our direct-debit batch, booked as one credit.
        Transaction(
            booking_date=date(2023, 12, 29),
            value_date=date(2023, 12, 29),
            amount=Decimal("1300.00"),
            credit_debit="CRDT",
            remittance="TOTAAL 2 POSTEN",
            batch_id="HP-20231229-BATCH1",
            bank_reference="00000000001007",
            batch_count=2,
        ),
        # A returned direct debit: insufficient funds, with the original EREF and mandate.
        Transaction(
            booking_date=date(2024, 1, 2),
            value_date=date(2024, 1, 2),
            amount=Decimal("650.00"),
            credit_debit="DBIT",
            return_reason="AM04",
            end_to_end_id="HP-2023-12-000123",
            mandate_id="HP-MANDATE-000123",
            counterparty_name="P. DE VRIES",
            counterparty_iban="NL20INGB0001234567",
            remittance="Huur december",
            bank_reference="00000000001008",
        ),
        # RC: the reversal of a credit takes money out.
        Transaction(
            booking_date=date(2024, 1, 2),
            value_date=date(2024, 1, 2),
            amount=Decimal("25.00"),
            credit_debit="DBIT",
            reversal=True,
            end_to_end_id="HP-REFUND-0007",
            counterparty_name="J. JANSEN",
            counterparty_iban="NL91ABNA0417164300",
            remittance="Terugboeking",
            bank_reference="00000000001009",
        ),
    ]
    assert second.transactions == [
        # A transfer of ours that came back (account closed): money in, with a return reason.
        Transaction(
            booking_date=date(2024, 1, 3),
            value_date=date(2024, 1, 3),
            amount=Decimal("80.00"),
            credit_debit="CRDT",
            return_reason="AC04",
            end_to_end_id="HP-REFUND-0008",
            counterparty_name="OUDE HUURDER",
            counterparty_iban="NL90INGB0001234568",
            remittance="Teruggave waarborgsom",
            bank_reference="00000000001010",
        ),
        # RD: the reversal of a debit puts money back. /XYZW/ is a code we do not know.
        Transaction(
            booking_date=date(2024, 1, 3),
            value_date=date(2024, 1, 3),
            amount=Decimal("12.50"),
            credit_debit="CRDT",
            reversal=True,
            remittance="Storno kosten",
            bank_reference="00000000001011",
        ),
    ]


def test_ing_statement_information_after_the_closing_balance_is_no_transactions():
    """ING ends a statement with ':86:/SUM/...' after :65:; it belongs to no entry."""
    last = read("ing.mt940")[0].transactions[-1]
    assert last.remittance == "Terugboeking"
    assert "SUM" not in repr(last)


# --- ABN AMRO ---------------------------------------------------------------------------


def test_abnamro_statements():
    statements = read("abnamro.mt940")
    assert [(s.account_iban, s.statement_id, len(s.transactions)) for s in statements] == [
        ("NL02ABNA0123456789", "ABN AMRO BANK NV/23305/1", 5),
        ("NL02ABNA0123456789", "ABN AMRO BANK NV/23306/1", 1),
    ]


def test_abnamro_transactions():
    first, second = read("abnamro.mt940")
    assert first.transactions == [
        Transaction(
            booking_date=date(2023, 11, 1),
            value_date=date(2023, 11, 1),
            amount=Decimal("650.00"),
            credit_debit="CRDT",
            counterparty_name="J. JANSEN",
            counterparty_iban="NL91ABNA0417164300",
            remittance="Huur november",
        ),
        # A direct debit of ours, collected: /CSID/, /MARF/ and /EREF/.
        Transaction(
            booking_date=date(2023, 11, 1),
            value_date=date(2023, 11, 1),
            amount=Decimal("700.00"),
            credit_debit="CRDT",
            end_to_end_id="E2E-1",
            mandate_id="MANDATE-1",
            counterparty_name="P. DE VRIES",
            counterparty_iban="NL20INGB0001234567",
            remittance="Huur november 2023",
        ),
        # Old free text: a card payment, the amount "9," without cents.
        Transaction(
            booking_date=date(2023, 11, 1),
            value_date=date(2023, 11, 1),
            amount=Decimal("9.00"),
            credit_debit="DBIT",
            remittance="BEA NR:XXX1234 01.11.23/12.54 HUBO FIL2500 KATWIJK,PAS999",
        ),
        # Old free text wrapped in the middle of the payment reference: joined as it is.
        Transaction(
            booking_date=date(2023, 11, 1),
            value_date=date(2023, 11, 1),
            amount=Decimal("11.59"),
            credit_debit="DBIT",
            remittance=(
                "GIRO 428428 KPN - DIGITENNE BETALINGSKENM. 0000000421886595314606715 "
                "BETREFT FACTUUR D.D. 20-10-2023INCL. 1,44 BTW"
            ),
        ),
        # ABN AMRO's older SEPA text in padded columns: the IBAN is found in it.
        Transaction(
            booking_date=date(2023, 11, 1),
            value_date=date(2023, 11, 1),
            amount=Decimal("325.00"),
            credit_debit="CRDT",
            counterparty_iban="NL51ABNA0987654321",
            counterparty_name="A. DE BOER",
            remittance=(
                "SEPA OVERBOEKING IBAN: NL51ABNA0987654321 BIC: ABNANL2A NAAM: A. DE BOER OMSCHRIJVING: HUUR NOV DEEL 1"
            ),
        ),
    ]
    assert second.transactions == [
        # Booked 29 December with value date 2 January: the year crossing backwards. Refused
        # by the tenant (MS02).
        Transaction(
            booking_date=date(2023, 12, 29),
            value_date=date(2024, 1, 2),
            amount=Decimal("700.00"),
            credit_debit="DBIT",
            return_reason="MS02",
            end_to_end_id="E2E-2",
            mandate_id="MANDATE-1",
            counterparty_name="P. DE VRIES",
            counterparty_iban="NL20INGB0001234567",
            remittance="Huur december 2023",
        ),
    ]


# --- Rabobank ---------------------------------------------------------------------------


def test_rabobank_statements():
    statements = read("rabobank.mt940")
    assert [(s.account_iban, s.statement_id, len(s.transactions)) for s in statements] == [
        ("NL44RABO0123456789", "940S231101/0", 5),
        ("NL44RABO0123456789", "940A231106/1", 2),
    ]


def test_rabobank_transactions():
    first, second = read("rabobank.mt940")
    assert first.transactions == [
        # The counterparty's IBAN is on the second line of :61:; "EREF" there is no reference.
        Transaction(
            booking_date=date(2023, 11, 1),
            value_date=date(2023, 11, 1),
            amount=Decimal("25.00"),
            credit_debit="DBIT",
            end_to_end_id="01-11-2023 12:00 0030000987654321",
            counterparty_name="CONTRA ACCOUNT HOLDER",
            counterparty_iban="NL51ABNA0987654321",
            remittance="Reference 201301234",
        ),
        # /ORDP//NAME/ is who paid, /ULTD//NAME/ on whose behalf; the structured reference is
        # in /CDTRREF/. The file is ISO-8859-1 ("Björk").
        Transaction(
            booking_date=date(2023, 11, 1),
            value_date=date(2023, 11, 1),
            amount=Decimal("650.00"),
            credit_debit="CRDT",
            end_to_end_id="E2E-RABO-1",
            counterparty_name="Björk Jansen",
            counterparty_iban="NL91ABNA0417164300",
            structured_reference="RF18539007547034",
        ),
        Transaction(
            booking_date=date(2023, 11, 2),
            value_date=date(2023, 11, 2),
            amount=Decimal("650.00"),
            credit_debit="DBIT",
            return_reason="AM04",
            end_to_end_id="HP-2023-11-000123",
            mandate_id="HP-MANDATE-000123",
            counterparty_name="P. de Vries",
            counterparty_iban="NL20INGB0001234567",
            remittance="Huur november",
        ),
        # A batch: /NRTX/ 2 without /TRTP/.
        Transaction(
            booking_date=date(2023, 11, 2),
            value_date=date(2023, 11, 2),
            amount=Decimal("1300.00"),
            credit_debit="CRDT",
            batch_id="HP-BATCH-2023-11",
            batch_count=2,
        ),
        Transaction(
            booking_date=date(2023, 11, 3),
            value_date=date(2023, 11, 3),
            amount=Decimal("12.50"),
            credit_debit="CRDT",
            reversal=True,
            remittance="Storno kosten",
        ),
    ]
    assert second.transactions == [
        # Rabobank's old format: one :86: a line, the account in the :61: reference field.
        Transaction(
            booking_date=date(2023, 11, 6),
            value_date=date(2023, 11, 6),
            amount=Decimal("88.10"),
            credit_debit="DBIT",
            counterparty_iban="DE89370400440532013000",
            remittance="BETALINGSKENM. 173787046000009 FACTUUR * 173787046 000009 DE89370400440532013000",
        ),
        # Its newer format: the bank's reference after //, zeros for no counterparty account on the
        # second line, :86: starting with /TRCD/ and wrapped at 65 characters.
        Transaction(
            booking_date=date(2023, 11, 6),
            value_date=date(2023, 11, 6),
            amount=Decimal("11.00"),
            credit_debit="DBIT",
            counterparty_name="BOUWMARKT NOORD UTRECHT",
            remittance="Betaalautomaat 16:35 pasnr. 056",
            bank_reference="5HM43940714203",
        ),
    ]


# --- the parts one at a time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        ("NL69INGB0123456789EUR", "NL69INGB0123456789"),  # ING
        ("NL44RABO0123456789 EUR", "NL44RABO0123456789"),  # Rabobank
        ("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
        ("TRIODOSBANK/0390123456", "0390123456"),  # Triodos, before IBAN
        ("1291.99.348EUR", "1291.99.348"),  # Rabobank, before IBAN
        ("517852257", "517852257"),  # ABN AMRO, before IBAN
    ],
)
def test_account(account, expected):
    [statement] = mt940.extract(one_statement("2311011101C1,00NTRFNONREF", account=account), "a.mt940")
    assert statement.account_iban == expected


@pytest.mark.parametrize(
    ("line61", "booked", "valued"),
    [
        ("2312310102C1,00NTRFNONREF", date(2024, 1, 2), date(2023, 12, 31)),
        ("2401021229C1,00NTRFNONREF", date(2023, 12, 29), date(2024, 1, 2)),
        ("2403010229C1,00NTRFNONREF", date(2024, 2, 29), date(2024, 3, 1)),
        ("231101C1,00NTRFNONREF", date(2023, 11, 1), date(2023, 11, 1)),  # no entry date
        ("231101    C1,00NTRFNONREF", date(2023, 11, 1), date(2023, 11, 1)),  # spaces for it
    ],
)
def test_booking_date_takes_its_year_from_the_value_date(line61, booked, valued):
    found = only_transaction(one_statement(line61))
    assert (found.booking_date, found.value_date) == (booked, valued)


@pytest.mark.parametrize(
    ("line61", "credit_debit", "reversal", "amount"),
    [
        ("2311011101C1234,56NTRFNONREF", "CRDT", False, "1234.56"),
        ("2311011101D0,5NTRFNONREF", "DBIT", False, "0.50"),
        ("2311011101RC7,NTRFNONREF", "DBIT", True, "7.00"),
        ("2311011101RD7,00NTRFNONREF", "CRDT", True, "7.00"),
        ("2311011101CR7,00NTRFNONREF", "CRDT", False, "7.00"),  # R: the funds code
        ("2311011101c7,00ntrfNONREF", "CRDT", False, "7.00"),
    ],
)
def test_marks_and_amounts(line61, credit_debit, reversal, amount):
    found = only_transaction(one_statement(line61))
    assert (found.credit_debit, found.reversal, str(found.amount)) == (credit_debit, reversal, amount)


@pytest.mark.parametrize(
    ("line61", "bank_reference"),
    [
        ("2311011101C1,00NTRFEREF//00000000001005", "00000000001005"),
        ("2311011101C1,00NTRFKLANT-4711", ""),  # the customer's reference is not the bank's
        ("2311011101C1,00NTRFKLANT-4711//BANK-1", "BANK-1"),
        ("2311011101C1,00NTRFNONREF", ""),
        ("2311011101C1,00NTRFNOTPROVIDED", ""),
        ("2311011101C1,00NTRFEREF", ""),
        ("2311011101C1,00NTRF", ""),
    ],
)
def test_bank_reference(line61, bank_reference):
    assert only_transaction(one_statement(line61)).bank_reference == bank_reference


@pytest.mark.parametrize(
    ("line86", "fields"),
    [
        (
            "/REMI/USTD//Huur 11/2023 en /herinnering/",
            {"remittance": "Huur 11/2023 en /herinnering", "structured_reference": ""},
        ),
        (
            "/REMI/STRD/CUR/1234 5678 9012 3456/",
            {"remittance": "", "structured_reference": "1234567890123456"},
        ),
        ("/REMI/Huur november/", {"remittance": "Huur november", "structured_reference": ""}),
        (
            "/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/J. JANSEN/REMI/Huur/EREF/NOTPROVIDED/",
            {"counterparty_iban": "NL91ABNA0417164300", "counterparty_name": "J. JANSEN", "end_to_end_id": ""},
        ),
        (
            "/CNTP/NL91ABNA0417164300/ABNANL2A/J. JANSEN/AMSTERDAM/",
            {"counterparty_iban": "NL91ABNA0417164300", "counterparty_name": "J. JANSEN"},
        ),
        (
            "/TRTP/SEPA INCASSO BATCH/PREF/PMTINF-7/REMI/USTD//batch zonder aantal/",
            {"batch_id": "PMTINF-7", "batch_count": 1},
        ),
        ("/PREF/PMTINF-8/NRTX/1/", {"batch_id": "PMTINF-8", "batch_count": 1}),
        ("/NRTX/40/", {"batch_id": "", "batch_count": 1}),  # a count without a batch id
        ("/RTRN/MD06 Terugboeking op verzoek/", {"return_reason": "MD06"}),
        ("/RTRN//EREF/E-1/", {"return_reason": None, "end_to_end_id": "E-1"}),
        ("/EREF/E-2/ONBEKEND/x/MARF/M-2/", {"end_to_end_id": "E-2/ONBEKEND/x", "mandate_id": "M-2"}),
    ],
)
def test_structured_details(line86, fields):
    found = only_transaction(one_statement("2311011101C1,00NTRFNONREF", line86))
    assert {name: getattr(found, name) for name in fields} == fields


def test_asn_bank_puts_the_counterparty_iban_in_the_reference_field():
    found = only_transaction(one_statement("2311011101C1,00NTRFNL66ASNB0707070707", "Huur november"))
    assert (found.counterparty_iban, found.bank_reference, found.remittance) == (
        "NL66ASNB0707070707",
        "",
        "Huur november",
    )


def test_free_text_padded_with_lines_of_spaces():
    """SNS pads :86: to 65 characters and puts lines of spaces between its parts."""
    data = one_statement(
        "1206070608D20,00NIOB0987654321", "0987654321 marechal s\n" + " " * 65 + "\ndit is een test" + " " * 50
    )
    found = only_transaction(data)
    assert (found.remittance, found.counterparty_iban) == ("0987654321 marechal s dit is een test", "")


def test_free_text_iban_in_groups_of_four():
    found = only_transaction(
        one_statement("2311011101C1,00NTRFNONREF", "OVERBOEKING VAN NL91 ABNA 0417 1643 00 J JANSEN")
    )
    assert found.counterparty_iban == "NL91ABNA0417164300"


def test_free_text_without_a_valid_iban():
    found = only_transaction(one_statement("2311011101C1,00NTRFNONREF", "KENMERK NL00ABNA0417164300 ONGELDIG"))
    assert (found.counterparty_iban, found.remittance) == ("", "KENMERK NL00ABNA0417164300 ONGELDIG")


def test_utf8_and_latin1_read_alike():
    text = one_statement("2311011101C1,00NTRFNONREF", "/NAME/Zoë Çelik/").decode()
    utf8 = only_transaction(text.encode("utf-8"))
    latin1 = only_transaction(text.encode("latin-1"))
    assert utf8 == latin1
    assert utf8.counterparty_name == "Zoë Çelik"


def test_a_tag_at_the_start_of_a_wrapped_line_that_is_no_tag_stays_text():
    data = one_statement("2311011101C1,00NTRFNONREF", "/REMI/USTD//tijd 12\n:30:00 betaald/")
    assert only_transaction(data).remittance == "tijd 12:30:00 betaald"


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line61", "problem"),
    [
        ("2311011101C65x,00NTRFNONREF", "the amount '65x,00' is not a number like 1234,56"),
        ("2311011101CABC,00NTRFNONREF", "the amount 'ABC,00' is not a number like 1234,56"),
        ("2311011101C65,001NTRFNONREF", "the amount '65,001' has more than two decimals"),
        ("2311011101C1,2,3NTRFNONREF", "the amount '1,2,3' is not a number like 1234,56"),
        ("2302300230C65,00NTRFNONREF", "the value date '230230' (YYMMDD) does not exist"),
        ("2302280230C65,00NTRFNONREF", "the entry date '0230' (MMDD) does not exist"),
        ("2303010229C65,00NTRFNONREF", "the entry date '0229' is far from the value date '230301'"),
        ("23AB01C65,00NTRFNONREF", "the value date '23AB01' is not a date in the form YYMMDD"),
        ("2311011101X65,00NTRFNONREF", "after the dates the mark C, D, RC or RD is missing, found 'X65,00'"),
        ("2311011101C65,00", "the transaction type after the amount (like NTRF) is missing in '2311011101C65,00'"),
    ],
)
def test_an_unreadable_statement_line_names_the_line_and_the_field(line61, problem):
    with pytest.raises(BankFileError) as error:
        mt940.extract(one_statement(line61), "nov.mt940")
    assert (error.value.name, error.value.where, error.value.problem) == ("nov.mt940", "line 5 (:61:)", problem)
    assert str(error.value) == f"nov.mt940: line 5 (:61:): {problem}"


@pytest.mark.parametrize(
    ("line86", "problem"),
    [
        ("/PREF/B-1/NRTX/twee/", "the number of transactions /NRTX/ 'twee' is not a whole number"),
        ("/RTRN/??/", "the return reason /RTRN/ '??' is not a 4-character ISO code"),
    ],
)
def test_an_unreadable_subfield_names_the_line(line86, problem):
    with pytest.raises(BankFileError) as error:
        mt940.extract(one_statement("2311011101C1,00NTRFNONREF", line86), "nov.mt940")
    assert (error.value.where, error.value.problem) == ("line 6 (:86:)", problem)


def test_an_error_deep_in_a_bank_file_names_its_line():
    data = (FILES / "ing.mt940").read_bytes().replace(b":61:2401020102D650,00NRTI", b":61:2401020102D6S0,00NRTI")
    with pytest.raises(BankFileError) as error:
        mt940.extract(data, "ing.mt940")
    assert (error.value.where, error.value.problem) == (
        "line 20 (:61:)",
        "the amount '6S0,00' is not a number like 1234,56",
    )


def test_a_missing_account():
    data = b":20:STMT1\n:28C:1\n:60F:C231101EUR0,00\n:62F:C231101EUR0,00\n:20:STMT2\n:28C:2\n"
    with pytest.raises(BankFileError) as error:
        mt940.extract(data, "x.mt940")
    assert (error.value.where, error.value.problem) == ("line 1 (:20:)", "the statement has no account (:25:)")


def test_an_empty_account():
    with pytest.raises(BankFileError) as error:
        mt940.extract(one_statement("2311011101C1,00NTRFNONREF", account=""), "x.mt940")
    assert (error.value.where, error.value.problem) == ("line 2 (:25:)", "the account (:25:) is empty")


def test_a_tag_before_the_statement_reference():
    with pytest.raises(BankFileError) as error:
        mt940.extract(b"HEADER\n:25:NL69INGB0123456789\n:20:REF\n", "x.mt940")
    assert (error.value.where, error.value.problem) == (
        "line 2 (:25:)",
        "this tag comes before the statement's reference (:20:)",
    )


def test_no_statement_at_all():
    with pytest.raises(BankFileError) as error:
        mt940.extract(b"ABNANL2A\n940\n", "x.mt940")
    assert (error.value.where, error.value.problem) == ("line 1", "no MT940 statement found: the file has no :20: tag")


def test_binary_data():
    with pytest.raises(BankFileError) as error:
        mt940.extract(one_statement("2311011101C1,00NTRFNONREF").replace(b":28C:1", b":28C:\x00"), "x.mt940")
    assert (error.value.where, error.value.problem) == (
        "line 3",
        "the file holds binary data (a NUL byte), not MT940 text",
    )


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(["ing.mt940", "abnamro.mt940", "rabobank.mt940"]),
    edits=st.lists(
        st.tuples(
            st.floats(0, 1),
            st.integers(0, 2),
            st.sampled_from(
                [b":", b"/", b"-", b",", b"C", b"RD", b"\n", b"{4:", b"/RTRN/", b"/NRTX/x", b"9" * 20, b""]
            ),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_a_mangled_file_is_read_or_refused_never_a_crash(name, edits):
    """Whatever a bank, a transfer or a person does to a file: read, or refused with the file
    and the line; never a traceback."""
    data = bytearray((FILES / name).read_bytes())
    for where, kind, piece in edits:
        at = int(where * (len(data) - 1))
        if kind == 0:
            data[at : at + len(piece)] = piece
        elif kind == 1:
            del data[at : at + len(piece) + 1]
        else:
            data[at:at] = piece
    try:
        mt940.extract(bytes(data), name)
    except BankFileError as refused:
        assert refused.name == name and refused.where.startswith("line ")


# --- complete or refused ----------------------------------------------------------------


def test_a_statement_without_its_closing_balance_is_refused_naming_it():
    data = (FILES / "ing.mt940").read_bytes()
    cut = data[: data.index(b"/REMI/USTD//Huur december/")]  # the file ends in the :86: of the returned debit
    with pytest.raises(BankFileError) as error:
        mt940.extract(cut, "ing.mt940")
    assert (error.value.where, error.value.problem) == (
        "line 4 (:20:)",
        "statement P231229000000001/00012 has no closing balance (:62F: or :62M:) (the file is cut off or incomplete)",
    )


def test_a_statement_without_its_opening_balance_is_refused():
    data = one_statement("2311011101C1,00NTRFNONREF").replace(b":60F:C231101EUR0,00\n", b"")
    with pytest.raises(BankFileError) as error:
        mt940.extract(data, "x.mt940")
    assert (error.value.where, error.value.problem) == (
        "line 1 (:20:)",
        "statement STMT1/1 has no opening balance (:60F: or :60M:)",
    )


def test_entries_that_do_not_lead_to_the_closing_balance_are_refused():
    """A :61: lost (or one twice) in between: the balances say so."""
    data = (FILES / "rabobank.mt940").read_bytes()
    start = data.index(b":61:231102C000000001300,00")
    lost = data[:start] + data[data.index(b":61:231103RD") :]  # our batch of 1300,00 is gone
    with pytest.raises(BankFileError) as error:
        mt940.extract(lost, "rabobank.mt940")
    assert error.value.where == "line 3 (:20:)"
    assert error.value.problem == (
        "statement 940S231101/0: the entries (credits minus debits -12.50) do not lead from the opening balance "
        "1000.00 to the closing balance 2287.50 (+1300.00 is missing or too much): the file is incomplete or changed"
    )
    twice = data[:start] + data[start : data.index(b":61:231103RD")] * 2 + data[data.index(b":61:231103RD") :]
    with pytest.raises(BankFileError, match=r"\(-1300.00 is missing or too much\)"):
        mt940.extract(twice, "rabobank.mt940")


@pytest.mark.parametrize(
    ("balance", "problem"),
    [
        (
            ":62F:C231101EUR1,00X",
            "the balance 'C231101EUR1,00X' is not like C231101EUR1234,56 (mark, YYMMDD, currency, amount)",
        ),
        (
            ":62F:C231101EUR100",
            "the balance 'C231101EUR100' is not like C231101EUR1234,56 (mark, YYMMDD, currency, amount)",
        ),
        (":62F:C231131EUR1,00", "the balance date '231131' (YYMMDD) does not exist"),
        (":62F:C231101USD1,00", "only euro statements are read, this balance is in USD"),
    ],
)
def test_an_unreadable_closing_balance_names_its_line(balance, problem):
    data = one_statement("2311011101C1,00NTRFNONREF").replace(b":62F:C231101EUR1,00", balance.encode())
    with pytest.raises(BankFileError) as error:
        mt940.extract(data, "x.mt940")
    assert (error.value.where, error.value.problem) == ("line 6 (:62F:)", problem)


def test_a_second_closing_balance_in_one_statement_is_refused():
    data = one_statement("2311011101C1,00NTRFNONREF").replace(
        b":62F:C231101EUR1,00\n", b":62F:C231101EUR1,00\n:62F:C231101EUR1,00\n"
    )
    with pytest.raises(BankFileError) as error:
        mt940.extract(data, "x.mt940")
    assert (error.value.where, error.value.problem) == (
        "line 7 (:62F:)",
        "statement STMT1/1 has a second closing balance (:62F: or :62M:)",
    )


def test_every_cut_of_a_bank_file_is_refused_or_whole_statements():
    """Cut after any line: refused, or (cut between two statements) the statements before the
    cut, exactly as the complete file has them."""
    for name in (
        "ing.mt940",
        "abnamro.mt940",
        "rabobank.mt940",
        "sns.mt940",
        "asn.mt940",
        "triodos.mt940",
        "knab.mt940",
    ):
        data = (FILES / name).read_bytes()
        complete = mt940.extract(data, name)
        lines = data.splitlines(keepends=True)
        for end in range(1, len(lines)):
            try:
                found = mt940.extract(b"".join(lines[:end]), name)
            except BankFileError:
                continue
            assert found == complete[: len(found)], f"{name} cut after line {end}"


def test_a_statement_line_wrapped_at_65_characters_goes_on_on_the_next_line():
    """ING wraps :61: like any field at 65 characters; its own supplementary details (/TRCD/)
    stand on a line of their own."""
    line = "2311011101C1234567890,12NTRF5200150700013379//00000000000012"  # 64 characters, with ":61:" 68
    wrapped = f"{line[:61]}\n{line[61:]}\n/TRCD/00100/"
    found = only_transaction(one_statement(wrapped))
    assert (found.amount, found.bank_reference) == (Decimal("1234567890.12"), "00000000000012")
    not_wrapped = only_transaction(one_statement("2311011101C1,00NTRFNONREF//00000000000012\n/TRCD/00100/"))
    assert not_wrapped.bank_reference == "00000000000012"


def test_ing_wraps_the_statement_line_and_its_details_anywhere():
    """Seen in public ING test files: the :61: wrapped inside the bank's reference, /TRCD/
    wrapped, :28C: wrapped, and a wrap that leaves a line '-' inside :86: (it ends a statement
    only after the closing balance)."""
    data = (
        b":20:P261103000000001\n:25:NL69INGB0123456789EUR\n:28C:0001\n2\n:60F:C261102EUR0,00\n"
        b":61:2611031103D1,14NDDTEREF//00000000001\n009\n/TRCD/010\n16\n/\n"
        b":86:/EREF/HP-HC1-202611//MARF/MND\n-\nEV01//CNTP/NL91ABNA0417164300/ABNANL2A/J. JANSEN///REMI/USTD//huur/\n"
        b":62F:D261103EUR1,14\n-XXX\n"
    )
    [statement] = mt940.extract(data, "ing.mt940")
    [found] = statement.transactions
    assert statement.statement_id == "P261103000000001/00012"
    assert (found.bank_reference, found.mandate_id, found.counterparty_name, found.remittance) == (
        "00000000001009",
        "MND-EV01",
        "J. JANSEN",
        "huur",
    )
