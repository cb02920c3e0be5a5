"""Importing a bank statement: each transaction found, booked once, returned debits reversed,
the rest kept for an officer; bad or hostile files refused without changing anything."""

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from huurpad.bank import imports
from huurpad.bank.models import BankTransaction, Collection, SepaBatch
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.run import run_policy
from huurpad.core.bankfiles import BankFileError
from huurpad.tenancies.models import LedgerEntry, Mandate
from huurpad.testing.camt import Detail, Entry, statement
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
S = BankTransaction.Status
DAY = date(2026, 11, 3)
DEBIT = ("PMNT", "RDDT", "ESDD")
RETURN = ("PMNT", "RDDT", "UPDD")


@pytest.fixture
def homes():
    """Six tenancies: two pay by transfer, four by direct debit collected on 3 November."""
    homes = {
        "HC1": make_tenancy("HC1", surname="Bakker"),
        "HC2": make_tenancy("HC2", surname="Visser", iban="NL91ABNA0417164300"),
    }
    batch = SepaBatch.objects.create(collection_date=DAY, message_id="HP-20261103", file_name="incasso-2026-11-03.xml")
    for n, sequence in ((3, "RCUR"), (4, "RCUR"), (5, "FRST"), (6, "FRST")):
        ref = f"HC{n}"
        homes[ref] = tenancy = make_tenancy(ref, payment_method="direct_debit", collection_day=1, surname=f"Smit{n}")
        mandate = Mandate.objects.create(tenancy=tenancy, mandate_id=f"M{n}", signed_on=date(2024, 1, 1), iban=_iban(n))
        Collection.objects.create(
            batch=batch,
            tenancy=tenancy,
            mandate=mandate,
            period=date(2026, 11, 1),
            collection_date=DAY,
            sequence_type=sequence,
            amount_cents=70000,
            end_to_end_id=f"HP-{ref}-202611",
        )
    for tenancy in homes.values():
        book(tenancy, "2026-11-01 rent 700.00")
    return homes


def _iban(n: int) -> str:
    from schwifty import IBAN

    return str(IBAN.generate("NL", bank_code="RABO", account_code=f"{n:010d}"))


def day_file(tmp_path, entries, name="2026-11-03.xml", **kw) -> Path:
    path = tmp_path / name
    path.write_bytes(statement(entries, **kw))
    return path


def the_day(homes):
    return [
        # 1. a transfer with the structured reference
        Entry(
            D("700.00"),
            bank_reference="R1",
            details=[
                Detail(
                    name="W. Bakker",
                    iban="NL02ABNA0123456789",
                    reference=imports.payment_reference("HC1"),
                    remittance="huur",
                )
            ],
        ),
        # 2. from the tenant's known account, no reference
        Entry(
            D("350.00"),
            bank_reference="R2",
            details=[Detail(name="Visser", iban="NL91ABNA0417164300", remittance="deel huur nov")],
        ),
        # 3. our direct debits, split by the bank
        Entry(
            D("1400.00"),
            family=DEBIT,
            bank_reference="R3",
            batch_id="PMT-RCUR",
            details=[
                Detail(D("700.00"), end_to_end_id="HP-HC3-202611", mandate_id="M3", name="Smit3"),
                Detail(D("700.00"), end_to_end_id="HP-HC4-202611", mandate_id="M4", name="Smit4"),
            ],
        ),
        # 4. our direct debits as one amount, not split
        Entry(D("1400.00"), family=DEBIT, bank_reference="R4", batch_id="PMT-FRST", batch_count=2),
        # 5. returned: not enough money (HC3), the account closed (HC4)
        Entry(
            D("700.00"),
            side="DBIT",
            family=RETURN,
            bank_reference="R5",
            details=[Detail(end_to_end_id="HP-HC3-202611", mandate_id="M3", name="Smit3", return_reason="AM04")],
        ),
        Entry(
            D("700.00"),
            side="DBIT",
            family=RETURN,
            bank_reference="R6",
            details=[Detail(end_to_end_id="HP-HC4-202611", mandate_id="M4", name="Smit4", return_reason="AC04")],
        ),
        # 6. somebody nobody knows
        Entry(
            D("123.45"),
            bank_reference="R7",
            details=[Detail(name="Stichting Hulp", iban="NL39RABO0300065264", remittance="voor fam de Vries")],
        ),
        # 7. the corporation pays a supplier; 8. pending, not booked yet
        Entry(
            D("99.00"),
            side="DBIT",
            family=("PMNT", "ICDT", "ESCT"),
            bank_reference="R8",
            details=[Detail(name="Schilder BV", iban="NL39RABO0300065264")],
        ),
        Entry(D("5.00"), status="PDNG", details=[Detail(name="Later")]),
    ]


def ledger(tenancy):
    return sorted(LedgerEntry.objects.filter(tenancy=tenancy).exclude(kind="rent").values_list("kind", "amount_cents"))


def test_a_days_statement_is_booked_on_the_right_ledgers(homes, tmp_path):
    result = imports.import_file(day_file(tmp_path, the_day(homes)))
    assert (result.new, result.booked, result.returned, result.unknown, result.other) == (9, 6, 2, 1, 1)
    assert ledger(homes["HC1"]) == [("payment", 70000)]
    assert ledger(homes["HC2"]) == [("payment", 35000)]
    assert ledger(homes["HC3"]) == [("direct_debit", 70000), ("reversal", 70000)]
    assert ledger(homes["HC4"]) == [("direct_debit", 70000), ("reversal", 70000)]
    assert ledger(homes["HC5"]) == ledger(homes["HC6"]) == [("direct_debit", 70000)]
    how = dict(BankTransaction.objects.filter(status=S.BOOKED).values_list("tenancy__ref", "matched_by").order_by("id"))
    assert how == {
        "HC1": "reference",
        "HC2": "iban",
        "HC3": "end_to_end",
        "HC4": "end_to_end",
        "HC5": "end_to_end",
        "HC6": "end_to_end",
    }
    unknown = BankTransaction.objects.get(status=S.UNKNOWN)
    assert unknown.counterparty_name == "Stichting Hulp" and unknown.tenancy is None

    returned = Collection.objects.get(tenancy=homes["HC3"])
    assert (returned.returned_on, returned.return_reason) == (DAY, "AM04")
    event = CaseEvent.objects.get(tenancy=homes["HC3"], type=CaseEvent.Type.DEBIT_RETURNED)
    assert event.params == {"amount": "700.00", "reason_code": "AM04", "reason": "te weinig saldo"}
    task = Task.objects.get(action="mandate_check")  # only the closed account needs the mandate looked at
    assert task.tenancy == homes["HC4"] and "rekening opgeheven (AC04)" in task.explanation


def test_the_same_statement_twice_books_once_and_an_overlapping_one_only_whats_new(homes, tmp_path):
    entries = the_day(homes)
    imports.import_file(day_file(tmp_path, entries))
    before = list(LedgerEntry.objects.order_by("id").values_list("tenancy__ref", "kind", "amount_cents"))
    again = imports.import_file(day_file(tmp_path, entries, name="again.xml"))
    assert (again.new, again.known) == (0, 9)
    assert list(LedgerEntry.objects.order_by("id").values_list("tenancy__ref", "kind", "amount_cents")) == before

    later = Entry(
        D("350.00"),
        booked=date(2026, 11, 4),
        bank_reference="R9",
        details=[Detail(name="Visser", iban="NL91ABNA0417164300", remittance="rest huur nov")],
    )
    overlap = imports.import_file(
        day_file(tmp_path, [*entries[:2], later], name="overlap.xml", statement_id="2026-11-04")
    )
    assert (overlap.new, overlap.known, overlap.booked) == (1, 2, 1)
    assert ledger(homes["HC2"]) == [("payment", 35000), ("payment", 35000)]


@pytest.mark.parametrize("reference", ["", "SAME-REF"])
def test_two_equal_payments_on_one_day_are_two(homes, tmp_path, reference):
    """Without a bank reference, or with one the bank repeated."""
    same = Entry(
        D("100.00"),
        bank_reference=reference,
        details=[Detail(name="Visser", iban="NL91ABNA0417164300", remittance="huur")],
    )
    imports.import_file(day_file(tmp_path, [same, same]))
    imports.import_file(day_file(tmp_path, [same, same], name="again.xml"))
    assert ledger(homes["HC2"]) == [("payment", 10000), ("payment", 10000)]


def test_an_account_shared_by_two_tenancies_is_not_guessed(homes, tmp_path):
    make_tenancy("HC7", iban="NL91ABNA0417164300")  # the same person rents a garage too
    imports.import_file(day_file(tmp_path, the_day(homes)[1:2]))
    assert BankTransaction.objects.get().status == S.UNKNOWN and ledger(homes["HC2"]) == []


def test_the_policy_reacts_to_the_reason_a_debit_came_back(tmp_path):
    """Rent due on the collection day, 3 November; the debits credited that day and two returned on
    the 4th. Insufficient funds (AM04): a pay link on the 5th, the day after the return, two days
    before the direct-debit step (3 days overdue, the 6th) would send one. The account closed
    (AC04): a mandate check, and no pay link before the usual step, which says the debit waits."""
    batch = SepaBatch.objects.create(collection_date=DAY, message_id="HP-20261103", file_name="incasso-2026-11-03.xml")
    homes = {}
    for n, ref in enumerate(("HD1", "HD2", "HD3"), 1):
        homes[ref] = tenancy = make_tenancy(ref, payment_method="direct_debit", collection_day=1, surname=f"Smit{n}")
        mandate = Mandate.objects.create(tenancy=tenancy, mandate_id=f"M{n}", signed_on=date(2024, 1, 1), iban=_iban(n))
        Collection.objects.create(
            batch=batch,
            tenancy=tenancy,
            mandate=mandate,
            period=date(2026, 11, 1),
            collection_date=DAY,
            sequence_type="RCUR",
            amount_cents=70000,
            end_to_end_id=f"HP-{ref}-202611",
        )
        book(tenancy, "2026-11-03 rent 700.00")
    credited = Entry(
        D("2100.00"),
        family=DEBIT,
        bank_reference="C1",
        batch_id="PMT-RCUR",
        details=[
            Detail(D("700.00"), end_to_end_id=f"HP-{ref}-202611", mandate_id=f"M{n}", name=f"Smit{n}")
            for n, ref in enumerate(homes, 1)
        ],
    )
    imports.import_file(day_file(tmp_path, [credited]))
    returned = date(2026, 11, 4)
    imports.import_file(
        day_file(
            tmp_path,
            [
                Entry(
                    D("700.00"),
                    side="DBIT",
                    family=RETURN,
                    booked=returned,
                    bank_reference="R1",
                    details=[Detail(end_to_end_id="HP-HD1-202611", mandate_id="M1", return_reason="AM04")],
                ),
                Entry(
                    D("700.00"),
                    side="DBIT",
                    family=RETURN,
                    booked=returned,
                    bank_reference="R2",
                    details=[Detail(end_to_end_id="HP-HD2-202611", mandate_id="M2", return_reason="AC04")],
                ),
            ],
            name="2026-11-04.xml",
            statement_id="2026-11-04",
        )
    )

    def nudges(ref):
        return list(homes[ref].proposals.filter(action="nudge").values_list("due_date", "explanation"))

    run_policy(returned, full=True)
    assert nudges("HD1") == []  # not on the day of the return itself
    run_policy(date(2026, 11, 5))  # an ordinary day: the tenancy must wake for it
    [(day, why)] = nudges("HD1")
    assert day == date(2026, 11, 5)
    assert (
        "De incasso van € 700,00 kwam op 4 november 2026 terug: te weinig saldo (AM04)" in why
        and "de dag na de storno" in why
    )
    assert homes["HD1"].proposals.get(action="nudge").facts["return_reason"] == "AM04"
    assert nudges("HD2") == [] and nudges("HD3") == []
    task = Task.objects.get(action="mandate_check")
    assert task.tenancy == homes["HD2"] and "rekening opgeheven (AC04)" in task.explanation

    run_policy(date(2026, 11, 6))  # 3 days overdue: the direct-debit step
    [(day, why)] = nudges("HD2")
    assert day == date(2026, 11, 6) and "rekening opgeheven (AC04)" in why
    assert "Opnieuw afschrijven kan pas als de machtiging is nagekeken" in why and "de dag na de storno" not in why
    assert len(nudges("HD1")) == 1 and nudges("HD3") == []  # once per episode; HD3 paid


def test_an_officer_assigns_an_unknown_payment_once(homes, tmp_path, django_user_model):
    imports.import_file(day_file(tmp_path, the_day(homes)))
    officer = django_user_model.objects.create_user("ilse")
    unknown = BankTransaction.objects.get(status=S.UNKNOWN)
    assert imports.assign(unknown.pk, homes["HC1"], acting_user=officer) is not None
    assert imports.assign(unknown.pk, homes["HC2"], acting_user=officer) is None  # already assigned
    assert ledger(homes["HC1"]) == [("payment", 12345), ("payment", 70000)]
    unknown.refresh_from_db()
    assert (unknown.status, unknown.matched_by, unknown.assigned_by) == (S.BOOKED, "officer", officer)
    assert CaseEvent.objects.get(type=CaseEvent.Type.PAYMENT_ASSIGNED).actor == officer


CAMT_ROOT = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
LATE = b'<?xml version="1.0"?>\n<!-- ' + CAMT_ROOT + b" -->\n<!-- " + b"padding " * 640 + b"-->\n"
BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, b"&lol%s;" % (str(n - 1).encode() if n > 1 else b"") * 10) for n in range(1, 10)
    )
    + b"]>\n"
)
BAD = {
    "not xml": (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>',
        "line 1",
        "not well-formed XML",
    ),
    "an entity bomb": (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&lol2;</Document>',
        "line 2",
        "DOCTYPE or ENTITY",
    ),
    "an external entity": (
        b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&x;</Document>',
        "line 2",
        "DOCTYPE or ENTITY",
    ),
    # The namespace in a comment near the start makes the file look like CAMT.053; the declaration
    # comes after 5 KB of padding, where a look at the first kilobytes alone does not reach.
    "a late declaration with an external entity": (
        LATE + b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + CAMT_ROOT + b"&x;</Document>",
        "line 4",
        "DOCTYPE or ENTITY",
    ),
    "a late billion laughs": (LATE + BILLION_LAUGHS + CAMT_ROOT + b"&lol9;</Document>", "line 4", "DOCTYPE or ENTITY"),
    "the namespace only in a comment": (LATE + b"<html/>", "line 4", "html: not a camt.053 document"),
    "a version nobody writes": (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.99"/>',
        "line 1",
        "not supported",
    ),
    "something else": (b"%PDF-1.7", "line 1", "not a CAMT.053 or MT940 statement"),
}


@pytest.mark.parametrize("what", BAD)
def test_a_bad_or_hostile_file_is_refused_and_changes_nothing(homes, tmp_path, what):
    data, where, problem = BAD[what]
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    with pytest.raises(BankFileError) as refused:
        imports.import_file(path)
    assert refused.value.name == "bad.xml" and refused.value.where == where and problem in refused.value.problem
    assert not BankTransaction.objects.exists()


def test_a_file_that_breaks_the_schema_names_the_line_and_the_element(homes, tmp_path):
    data = statement(the_day(homes)).replace(
        b"<CdtDbtInd>CRDT</CdtDbtInd><Sts>", b"<CdtDbtInd>CREDIT</CdtDbtInd><Sts>", 1
    )
    path = tmp_path / "broken.xml"
    path.write_bytes(data)
    with pytest.raises(
        CommandError,
        match=r"broken.xml: line 2: does not match the camt.053.001.02 schema: Element 'CdtDbtInd'.*nothing was booked",
    ):
        call_command("bank", "import", str(path))
    assert not BankTransaction.objects.exists() and not LedgerEntry.objects.exclude(kind="rent").exists()


def test_a_failure_halfway_books_nothing(homes, tmp_path, monkeypatch):
    def broken(rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "insert_entries", broken)
    with pytest.raises(RuntimeError):
        imports.import_file(day_file(tmp_path, the_day(homes)))
    assert not BankTransaction.objects.exists() and not CaseEvent.objects.exists()


def test_parse_shows_the_fields_and_changes_nothing(homes, tmp_path, capsys):
    call_command("bank", "parse", str(day_file(tmp_path, the_day(homes))), "--json")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9 and not BankTransaction.objects.exists()
    first = json.loads(lines[0])
    assert first == {
        "booking_date": "2026-11-03",
        "value_date": "2026-11-03",
        "amount": "700.00",
        "credit_debit": "CRDT",
        "reversal": False,
        "return_reason": None,
        "end_to_end_id": "",
        "mandate_id": "",
        "counterparty_name": "W. Bakker",
        "counterparty_iban": "NL02ABNA0123456789",
        "remittance": "huur",
        "structured_reference": "RF39HC1",
        "batch_id": "",
        "bank_reference": "R1",
    }


def test_the_unknown_payments_page_suggests_and_an_officer_books(homes, tmp_path, client, django_user_model):
    from django.contrib.auth.models import Group

    unknown = Entry(
        D("700.00"),
        bank_reference="U1",
        details=[Detail(name="M. Bakker", iban="NL39RABO0300065264", remittance="huur moeder")],
    )
    married = Entry(
        D("700.00"),
        bank_reference="U2",
        details=[Detail(name="A. Jansen-Visser", iban="NL20INGB0001234567", remittance="huur")],
    )
    for_whom = Entry(
        D("50.00"),
        bank_reference="U3",
        details=[Detail(name="Diaconie", iban="NL86INGB0002445588", remittance="gift voor HC5 en HC6.")],
    )
    imports.import_file(day_file(tmp_path, [unknown, married, for_whom]))
    officer = django_user_model.objects.create_user("ilse", first_name="Ilse", last_name="de Boer")
    officer.groups.add(Group.objects.get(name="incassomedewerker"))
    client.force_login(officer)
    page = client.get("/bank/onbekend/").content.decode()
    assert "M. Bakker" in page and "Boeken op HC1 (J. Bakker)" in page  # the surname, and the rent is the amount
    assert "Boeken op HC2 (J. Visser)" in page  # a double surname
    assert (
        "Boeken op HC5 (J. Smit5)" in page and "Boeken op HC6 (J. Smit6)" in page
    )  # the two contracts named in the description

    row = BankTransaction.objects.get(bank_reference="U1")
    answer = client.post(f"/bank/onbekend/{row.pk}/toewijzen/", {"contract": "hc9"}, follow=True)
    assert "Geen huurcontract met nummer HC9" in answer.content.decode() and ledger(homes["HC1"]) == []
    answer = client.post(f"/bank/onbekend/{row.pk}/toewijzen/", {"contract": "hc1"}, follow=True)
    page = answer.content.decode()
    assert "700,00 van M. Bakker is geboekt op HC1." in page and "door Ilse de Boer" in page
    assert ledger(homes["HC1"]) == [("payment", 70000)]


def test_payment_references_are_iso_11649_and_name_the_contract():
    assert imports.payment_reference("HC1") == "RF39HC1"
    assert imports.tenancy_ref_from("RF39HC1") == "HC1" and imports.tenancy_ref_from("rf39 hc1") == "HC1"
    assert imports.tenancy_ref_from("RF18 5390 0754 7034") == "539007547034"  # ISO 11649's own example
    assert imports.tenancy_ref_from("RF19 5390 0754 7034") is None  # a digit wrong
    assert imports.tenancy_ref_from("1234 5678 9012 3456") is None  # a Dutch betalingskenmerk is not ours


def test_an_mt940_statement_is_booked_the_same_way_and_once(capsys):
    files = Path(__file__).resolve().parents[2] / "core" / "bankfiles" / "tests" / "files"
    tenancy = make_tenancy("539007547034")  # the contract in ISO 11649's example reference, paid in the ING file
    book(tenancy, "2023-12-01 rent 700.00")
    call_command("bank", "import", str(files / "ing.mt940"))
    first = capsys.readouterr().out
    assert "ing.mt940: 7 new transactions (1 booked" in first
    assert ledger(tenancy) == [("payment", 65000)]
    call_command("bank", "import", str(files / "ing.mt940"))
    assert "0 new transactions" in capsys.readouterr().out and ledger(tenancy) == [("payment", 65000)]


def test_a_reference_the_bank_uses_again_a_month_later_is_a_new_payment(homes, tmp_path):
    november = Entry(
        D("100.00"),
        booked=date(2026, 11, 3),
        bank_reference="SAME-REF",
        details=[Detail(name="Visser", iban="NL91ABNA0417164300", remittance="huur")],
    )
    december = Entry(
        D("100.00"),
        booked=date(2026, 12, 3),
        bank_reference="SAME-REF",
        details=[Detail(name="Visser", iban="NL91ABNA0417164300", remittance="huur")],
    )
    imports.import_file(day_file(tmp_path, [november]))
    assert (
        imports.import_file(day_file(tmp_path, [december], name="december.xml", statement_id="2026-12-03")).booked == 1
    )
    assert ledger(homes["HC2"]) == [("payment", 10000), ("payment", 10000)]


def test_one_split_entry_in_two_statements_of_one_file_is_booked_once(homes, tmp_path):
    split = the_day(homes)[2]  # our direct debits for HC3 and HC4, split by the bank
    one = statement([split]).decode()
    start, end = one.index("<Stmt>"), one.index("</Stmt>") + len("</Stmt>")
    again = one[start:end].replace("<Id>2026-11-03</Id>", "<Id>2026-11-03-bis</Id>", 1)
    path = tmp_path / "two.xml"
    path.write_text(one[:end] + again + one[end:])
    imports.import_file(path)
    assert ledger(homes["HC3"]) == ledger(homes["HC4"]) == [("direct_debit", 70000)]


def test_our_end_to_end_id_wins_over_an_account_that_points_elsewhere(homes, tmp_path):
    # HC2's tenant pays HC3's rent by mandate from her own account, known on HC2.
    paid = Entry(
        D("700.00"),
        family=DEBIT,
        bank_reference="X1",
        details=[Detail(end_to_end_id="HP-HC3-202611", mandate_id="M3", name="Visser", iban="NL91ABNA0417164300")],
    )
    imports.import_file(day_file(tmp_path, [paid]))
    assert ledger(homes["HC3"]) == [("direct_debit", 70000)] and ledger(homes["HC2"]) == []


def test_a_debit_refused_before_it_was_credited_reverses_nothing(homes, tmp_path):
    refused = the_day(homes)[4]  # AM04 for HC3, but the credit never came
    result = imports.import_file(day_file(tmp_path, [refused]))
    assert ledger(homes["HC3"]) == [] and result.returned == 1
    assert any("never credited" in note for note in result.notes)
    assert Collection.objects.get(tenancy=homes["HC3"]).return_reason == "AM04"
    assert CaseEvent.objects.filter(tenancy=homes["HC3"], type=CaseEvent.Type.DEBIT_RETURNED).exists()


def test_a_batch_credit_that_names_its_batch_is_split_over_that_batch_only(homes, tmp_path):
    Collection.objects.filter(sequence_type="RCUR").update(payment_info_id="PMT-RCUR")
    Collection.objects.filter(sequence_type="FRST").update(payment_info_id="PMT-FRST")
    # Both batches hold two collections of 700.00: only the name tells them apart.
    imports.import_file(
        day_file(tmp_path, [Entry(D("1400.00"), family=DEBIT, bank_reference="B1", batch_id="PMT-RCUR", batch_count=2)])
    )
    assert ledger(homes["HC3"]) == ledger(homes["HC4"]) == [("direct_debit", 70000)]
    assert ledger(homes["HC5"]) == ledger(homes["HC6"]) == []


def test_a_batch_the_bank_did_not_split_is_shown_by_parse_and_split_by_import(homes, capsys):
    """One credit naming our batch and its count, no transactions (core/bankfiles/tests/files)."""
    Collection.objects.filter(sequence_type="FRST").update(payment_info_id="PMT-FRST")
    path = (
        Path(__file__).resolve().parents[2]
        / "core"
        / "bankfiles"
        / "tests"
        / "files"
        / "unsplit-batch.camt053.001.08.xml"
    )
    call_command("bank", "parse", str(path))
    assert "+   1400.00" in (shown := capsys.readouterr().out) and "batch PMT-FRST of 2 transactions" in shown
    call_command("bank", "parse", str(path), "--json")
    [line] = capsys.readouterr().out.splitlines()
    assert (json.loads(line)["batch_id"], json.loads(line)["amount"]) == ("PMT-FRST", "1400.00")
    assert not BankTransaction.objects.exists()

    result = imports.import_file(path)
    assert (result.new, result.booked, result.unknown) == (1, 2, 0)
    assert ledger(homes["HC5"]) == ledger(homes["HC6"]) == [("direct_debit", 70000)]
    assert ledger(homes["HC3"]) == ledger(homes["HC4"]) == []
    parts = BankTransaction.objects.order_by("end_to_end_id").values_list(
        "end_to_end_id", "amount_cents", "batch_id", "matched_by"
    )
    assert list(parts) == [
        ("HP-HC5-202611", 70000, "PMT-FRST", "end_to_end"),
        ("HP-HC6-202611", 70000, "PMT-FRST", "end_to_end"),
    ]
    assert imports.import_file(path).new == 0  # the batch is known by its first part's key
