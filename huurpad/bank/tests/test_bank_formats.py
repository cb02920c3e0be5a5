"""Each bank's statement, in the layout that bank writes it, read field by field and booked by
`huurpad bank import`: once, and nothing more when the same file comes again.

The files are ours (core/bankfiles/tests/files), written in each bank's exact line structure,
wrapping and field order, with invented accounts, amounts and names."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import call_command

from huurpad.bank.models import BankTransaction, Collection, SepaBatch
from huurpad.core.bankfiles import read
from huurpad.tenancies.models import LedgerEntry, Mandate
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parents[2] / "core" / "bankfiles" / "tests" / "files"


@dataclass
class Bank:
    file: str
    statements: int  # in the file
    transactions: int  # in all its statements
    checks: dict[int, dict]  # transaction number -> the fields it must have (the rest may be anything)
    payer: tuple[str, str]  # (contract, the tenant's IBAN): the tenancy the file pays
    booked: list[tuple[str, int]]  # that tenancy's ledger after the import, rent left out
    collections: list[str] = field(default_factory=list)  # our direct debits the file credits or returns
    collected: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # their ledgers after it


BANKS = [
    Bank(
        "ing.mt940",
        2,
        7,
        {
            # /CNTP/ is IBAN/BIC/name/city; the RF reference in /REMI/STRD/CUR/.
            0: dict(
                booking_date=date(2023, 12, 29),
                amount=D("650.00"),
                credit_debit="CRDT",
                counterparty_iban="NL91ABNA0417164300",
                counterparty_name="J. JANSEN",
                structured_reference="RF18539007547034",
                bank_reference="00000000001005",
            ),
            # :86: wrapped at 65 characters in the middle of words; value date 31 December, booked 2 January.
            1: dict(
                booking_date=date(2024, 1, 2),
                value_date=date(2023, 12, 31),
                end_to_end_id="PAY-2023-12-31-0001",
                counterparty_name="Stichting Woonzorg Sérvice Ahmed-Ali",
                remittance="Huur 12/2023 Kerkstraat 14 bis en achterstand november",
            ),
            3: dict(
                credit_debit="DBIT",
                return_reason="AM04",
                end_to_end_id="HP-2023-12-000123",
                mandate_id="HP-MANDATE-000123",
                counterparty_iban="NL20INGB0001234567",
                counterparty_name="P. DE VRIES",
                remittance="Huur december",
            ),
        },
        ("539007547034", "NL91ABNA0417164300"),
        [("payment", 65000)],
    ),
    Bank(
        "rabobank.mt940",
        2,
        7,
        {
            # The counterparty's IBAN on the second :61: line, /ORDP//NAME/, a creditor reference in /CDTRREF/.
            1: dict(
                booking_date=date(2023, 11, 1),
                amount=D("650.00"),
                credit_debit="CRDT",
                end_to_end_id="E2E-RABO-1",
                counterparty_iban="NL91ABNA0417164300",
                counterparty_name="Björk Jansen",
                structured_reference="RF18539007547034",
            ),
            2: dict(
                credit_debit="DBIT",
                return_reason="AM04",
                end_to_end_id="HP-2023-11-000123",
                mandate_id="HP-MANDATE-000123",
                counterparty_iban="NL20INGB0001234567",
                counterparty_name="P. de Vries",
                remittance="Huur november",
            ),
            # The newer layout: /TRCD/ first in :86:, the bank's reference after // in :61:.
            6: dict(
                amount=D("11.00"),
                credit_debit="DBIT",
                counterparty_name="BOUWMARKT NOORD UTRECHT",
                remittance="Betaalautomaat 16:35 pasnr. 056",
                bank_reference="5HM43940714203",
            ),
        },
        ("539007547034", "NL91ABNA0417164300"),
        [("payment", 65000)],
    ),
    Bank(
        "abnamro.mt940",
        2,
        6,
        {
            0: dict(
                amount=D("650.00"),
                credit_debit="CRDT",
                counterparty_iban="NL91ABNA0417164300",
                counterparty_name="J. JANSEN",
                remittance="Huur november",
            ),
            # The older free text in columns: IBAN and name found in it.
            4: dict(amount=D("325.00"), counterparty_iban="NL51ABNA0987654321", counterparty_name="A. DE BOER"),
            5: dict(
                booking_date=date(2023, 12, 29),
                value_date=date(2024, 1, 2),
                credit_debit="DBIT",
                return_reason="MS02",
                end_to_end_id="E2E-2",
                mandate_id="MANDATE-1",
                counterparty_iban="NL20INGB0001234567",
            ),
        },
        ("HA1", "NL91ABNA0417164300"),
        [("payment", 65000)],
    ),
    Bank(
        "sns.mt940",
        2,
        2,
        {
            # The IBAN after the transaction type in :61:, the name on the next line, both again in :86:.
            0: dict(
                booking_date=date(2026, 11, 3),
                amount=D("725.00"),
                credit_debit="CRDT",
                counterparty_iban="NL35INGB0007712345",
                counterparty_name="k el amrani",
                remittance="huur november 2026 Lindelaan 3",
            ),
            1: dict(
                amount=D("48.40"),
                credit_debit="DBIT",
                counterparty_iban="NL63KNAB0723456781",
                counterparty_name="schoonmaakbedrijf de bezem",
                remittance="factuur 2026-1187",
            ),
        },
        ("HS1", "NL35INGB0007712345"),
        [("payment", 72500)],
    ),
    Bank(
        "regiobank.mt940",
        1,
        1,
        {
            0: dict(
                amount=D("690.00"),
                counterparty_iban="NL04ABNA0443322110",
                counterparty_name="h de wit-öztürk",
                remittance="huur nov",
            ),
        },
        ("HR1", "NL04ABNA0443322110"),
        [("payment", 69000)],
    ),
    Bank(
        "asn.mt940",
        2,
        2,
        {
            0: dict(
                amount=D("700.00"),
                credit_debit="CRDT",
                counterparty_iban="NL26RABO3344556677",
                counterparty_name="mw j van den berg-okafor",
                remittance="Huur november 2026 HC4",
            ),
        },
        ("HN1", "NL26RABO3344556677"),
        [("payment", 70000)],
    ),
    Bank(
        "triodos.mt940",
        1,
        2,
        {
            # >20.. the description cut in the middle of a word, >31 the account, >32 the name.
            0: dict(
                booking_date=date(2026, 11, 3),
                amount=D("650.00"),
                credit_debit="CRDT",
                counterparty_iban="NL85TRIO0212121212",
                counterparty_name="B. DE GRAAF",
                remittance="HUUR NOVEMBER 2026 CONTRACT HC6 EN BIJDRAGE SERVICEKOSTEN",
            ),
            1: dict(amount=D("15.70"), credit_debit="DBIT", remittance="KOSTEN BETALINGSVERKEER OKTOBER 2026"),
        },
        ("HT1", "NL85TRIO0212121212"),
        [("payment", 65000)],
    ),
    Bank(
        "knab.mt940",
        1,
        2,
        {
            # "700," and "12,5": amounts without (all) decimals; REK:/NAAM: after the description.
            0: dict(
                amount=D("700.00"),
                credit_debit="CRDT",
                counterparty_iban="NL23RABO1122334455",
                counterparty_name="S. YILMAZ",
                remittance="HUUR NOVEMBER 2026 HC5",
                bank_reference="B6K03PGD0K1Q0001",
            ),
            1: dict(amount=D("12.50"), credit_debit="DBIT", remittance="KOSTEN REKENING OKTOBER"),
        },
        ("HK1", "NL23RABO1122334455"),
        [("payment", 70000)],
    ),
    Bank(
        "ing.camt053.001.08.xml",
        1,
        4,
        {
            # A batch of our direct debits with a TxDtls per collection.
            0: dict(
                amount=D("700.00"),
                end_to_end_id="HP-HC3-202611",
                mandate_id="M3",
                counterparty_iban="NL39RABO0300065264",
                counterparty_name="P SMIT",
                batch_id="HP-20261103-RCUR",
                bank_reference="00000000308812-1",
            ),
            3: dict(
                amount=D("660.00"),
                counterparty_iban="NL86INGB0002445588",
                counterparty_name="Stichting Diaconie Lindestad",
                remittance="bijdrage huur november fam. de Wit",
            ),
        },
        ("HI1", "NL86INGB0002445588"),
        [("payment", 66000)],
        ["HC3"],
        {"HC3": [("direct_debit", 70000)]},
    ),
    Bank(
        "rabobank.camt053.001.13.xml",
        1,
        3,
        {
            0: dict(
                amount=D("700.00"),
                end_to_end_id="20261104-bakker-huur",
                counterparty_iban="NL68SNSB0901234567",
                counterparty_name="W. Bakker",
                structured_reference="RF39HC1",
            ),
            1: dict(structured_reference="1234567890123456"),  # a Dutch betalingskenmerk
        },
        ("HC1", "NL68SNSB0901234567"),
        [("payment", 70000)],
    ),
    Bank(
        "abnamro.camt053.001.04.xml",
        1,
        3,
        {
            # A returned batch as one reversed entry, with a reason per transaction.
            0: dict(
                credit_debit="DBIT", reversal=True, return_reason="AM04", end_to_end_id="HP-HC3-202611", mandate_id="M3"
            ),
            1: dict(return_reason="AC06", end_to_end_id="HP-HC4-202611", counterparty_iban="NL57RABO0111222333"),
            2: dict(
                amount=D("717.50"),
                counterparty_iban="NL91ABNA0417164300",
                counterparty_name="J. Visser",
                remittance="huur nov HC2 Lindelaan 2",
            ),
        },
        ("HC2", "NL91ABNA0417164300"),
        [("payment", 71750)],
        ["HC3"],
        {"HC3": []},
    ),  # never credited: nothing to reverse
] + [
    Bank(
        f"bng.camt053.001.{version}.xml",
        1,
        5,
        {
            0: dict(
                booking_date=date(2026, 11, 3),
                amount=D("735.00"),
                credit_debit="CRDT",
                counterparty_iban="NL35INGB0004455667",
                counterparty_name="R.M. VAN LEEUWEN",
                structured_reference="RF71HC7",
                bank_reference="BNG2611030000187",
            ),
            1: dict(
                amount=D("700.00"),
                end_to_end_id="HP-HC8-202611",
                mandate_id="M8",
                counterparty_name="A. BOUZIANE",
                counterparty_iban="NL23RABO1122334455",
                remittance="Huur november 2026 HC8",
                batch_id="HP-20261103-RCUR",
            ),
            3: dict(
                credit_debit="DBIT",
                return_reason="MD06",
                end_to_end_id="HP-HC9-202611",
                counterparty_name="T. JANSSEN",
                counterparty_iban="NL04ABNA0443322110",
            ),
            4: dict(
                amount=D("2599.75"),
                credit_debit="DBIT",
                counterparty_name="INSTALLATIEBEDRIJF KOOPMANS BV",
                remittance="Factuur 2026-0815 cv-ketels Lindelaan",
                end_to_end_id="LS-2026-004471",
            ),
        },
        ("HC7", "NL35INGB0004455667"),
        [("payment", 73500)],
        ["HC8", "HC9"],
        {"HC8": [("direct_debit", 70000)], "HC9": [("direct_debit", 70000), ("reversal", 70000)]},
    )
    for version in ("02", "04", "08")
]


def ledger(tenancy):
    return sorted(LedgerEntry.objects.filter(tenancy=tenancy).exclude(kind="rent").values_list("kind", "amount_cents"))


def collect(refs: list[str]) -> dict:
    """Our direct debits of 3 November 2026 for these contracts, as sepa-batch made them."""
    batch = SepaBatch.objects.create(
        collection_date=date(2026, 11, 3), message_id="HP-20261103", file_name="incasso.xml"
    )
    found = {}
    for n, ref in enumerate(refs, 1):
        found[ref] = tenancy = make_tenancy(ref, payment_method="direct_debit", collection_day=1)
        mandate = Mandate.objects.create(
            tenancy=tenancy, mandate_id=f"M{ref[2:]}", signed_on=date(2024, 1, 1), iban=f"NL{n:02d}TEST0000000000"
        )
        Collection.objects.create(
            batch=batch,
            tenancy=tenancy,
            mandate=mandate,
            period=date(2026, 11, 1),
            collection_date=date(2026, 11, 3),
            sequence_type="RCUR",
            amount_cents=70000,
            end_to_end_id=f"HP-{ref}-202611",
            payment_info_id="HP-20261103-RCUR",
        )
    return found


@pytest.mark.parametrize("bank", BANKS, ids=[bank.file for bank in BANKS])
def test_each_banks_file_is_read_and_booked_once(bank, capsys):
    path = FILES / bank.file
    statements = read(path.read_bytes(), bank.file)
    transactions = [t for s in statements for t in s.transactions]
    assert (len(statements), len(transactions)) == (bank.statements, bank.transactions)
    for number, fields in bank.checks.items():
        assert {name: getattr(transactions[number], name) for name in fields} == fields, f"transaction {number}"

    ours = collect(bank.collections)
    payer = make_tenancy(bank.payer[0], iban=bank.payer[1])
    call_command("bank", "import", str(path))
    assert f"{bank.file}: {bank.transactions} new transactions" in capsys.readouterr().out
    assert ledger(payer) == bank.booked
    assert {ref: ledger(tenancy) for ref, tenancy in ours.items()} == bank.collected

    call_command("bank", "import", str(path))
    assert "0 new transactions" in capsys.readouterr().out
    assert BankTransaction.objects.count() == bank.transactions
    assert ledger(payer) == bank.booked and {ref: ledger(tenancy) for ref, tenancy in ours.items()} == bank.collected
