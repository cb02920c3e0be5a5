"""SEPA direct debits: which rents are collected on a day, the pain.008 file, the sequence types,
never collecting twice, collection day changes, the sepa-batch command and the officer's form."""

import io
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sepaxml
import time_machine
import xmlschema
from django.core.management import CommandError, call_command

from huurpad.bank import sepa
from huurpad.bank.models import Collection, CollectionDayChange, Creditor, CreditorNotConfigured, SepaBatch
from huurpad.cases.models import CaseEvent
from huurpad.tenancies.models import Mandate
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.008.001.02.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
CREDITOR = {
    "name": "Woonstichting Lindestad",
    "iban": "NL44RABO0123456789",
    "bic": "RABONL2U",
    "creditor_id": "NL57ZZZ999999999999",
}
CHRISTMAS_25 = date(2026, 12, 28)  # day 25: Fri 25 and Sat 26 December are closed, then Sunday


@pytest.fixture(autouse=True)
def no_creditor_env(settings):
    settings.CREDITOR = {}  # what HUURPAD_CREDITOR_* set in huurpad/settings.py


@pytest.fixture
def creditor():
    return Creditor.objects.create(**CREDITOR)


def debit(ref, day, *, signed=date(2020, 1, 1), revoked=None, iban="NL85INGB0000000042", mandate_id=None, **kw):
    tenancy = make_tenancy(ref, payment_method="direct_debit", collection_day=day, **kw)
    Mandate.objects.create(
        tenancy=tenancy, mandate_id=mandate_id or f"M-{ref}", signed_on=signed, iban=iban, revoked_on=revoked
    )
    return tenancy


def collected(tenancy, period, *, returned_on=None):
    """An earlier collection of this tenancy, in a batch of its own."""
    batch = SepaBatch.objects.create(
        collection_date=period, message_id=f"old-{tenancy.ref}-{period}", file_name="old.xml"
    )
    return Collection.objects.create(
        batch=batch,
        tenancy=tenancy,
        mandate=tenancy.mandates.get(),
        period=period,
        collection_date=period,
        sequence_type="RCUR",
        amount_cents=70000,
        end_to_end_id=f"HP-{tenancy.ref}-{period:%Y%m}",
        returned_on=returned_on,
    )


def read(path: Path) -> dict:
    """The file checked against the bank's schema, and what is in it."""
    xmlschema.XMLSchema(str(XSD)).validate(str(path))
    root = ET.parse(path).getroot()
    header = root.find("p:CstmrDrctDbtInitn/p:GrpHdr", NS)
    payments = {}
    for info in root.iterfind("p:CstmrDrctDbtInitn/p:PmtInf", NS):
        assert info.findtext("p:Cdtr/p:Nm", namespaces=NS) == CREDITOR["name"]
        assert info.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == CREDITOR["iban"]
        assert info.findtext("p:CdtrAgt/p:FinInstnId/p:BIC", namespaces=NS) == CREDITOR["bic"]
        assert info.findtext("p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", namespaces=NS) == CREDITOR["creditor_id"]
        for tx in info.iterfind("p:DrctDbtTxInf", NS):
            payments[tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS)] = {
                "seq": info.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS),
                "date": info.findtext("p:ReqdColltnDt", namespaces=NS),
                "amount": tx.findtext("p:InstdAmt", namespaces=NS),
                "currency": tx.find("p:InstdAmt", NS).get("Ccy"),
                "mandate": tx.findtext("p:DrctDbtTx/p:MndtRltdInf/p:MndtId", namespaces=NS),
                "signed": tx.findtext("p:DrctDbtTx/p:MndtRltdInf/p:DtOfSgntr", namespaces=NS),
                "bic": tx.findtext("p:DbtrAgt/p:FinInstnId/p:Othr/p:Id", namespaces=NS),
                "name": tx.findtext("p:Dbtr/p:Nm", namespaces=NS),
                "iban": tx.findtext("p:DbtrAcct/p:Id/p:IBAN", namespaces=NS),
                "text": tx.findtext("p:RmtInf/p:Ustrd", namespaces=NS),
            }
    return {
        "msg_id": header.findtext("p:MsgId", namespaces=NS),
        "count": header.findtext("p:NbOfTxs", namespaces=NS),
        "total": header.findtext("p:CtrlSum", namespaces=NS),
        "payments": payments,
    }


# --- What is due, and the file -----------------------------------------------------------------


def test_the_batch_holds_exactly_what_is_due_and_validates(creditor, tmp_path):
    debit("HC001", 25, surname="Akkerman", iban="NL91 ABNA 0417 1643 00", signed=date(2024, 3, 9))
    again = debit("HC002", 25, surname="Bakker", rent="812.34", service_costs="23.45")
    collected(again, date(2026, 11, 1))
    ending = debit("HC003", 25, surname="Claes", end=date(2027, 1, 10))  # before 25 January: last one
    collected(ending, date(2026, 11, 1))
    revoking = debit("HC004", 25, surname="Dekker", revoked=date(2027, 1, 15))  # usable today, not in January
    collected(revoking, date(2026, 11, 1))
    returned = debit("HC005", 25, surname="Evers")
    collected(returned, date(2026, 11, 1), returned_on=date(2026, 11, 30))  # came back: the next one is first again
    # Not in it:
    debit("HC010", 25, revoked=date(2026, 12, 1))  # mandate revoked
    make_tenancy("HC011", payment_method="transfer", collection_day=25)  # pays by transfer
    debit("HC012", 25, end=date(2026, 12, 15))  # tenancy ended
    debit("HC013", 20)  # another day (Sunday 20 December: collected on Monday 21st)
    debit("HC014", 25, signed=date(2026, 12, 29))  # mandate signed after the day
    debit("HC015", 25, rent="0.00", service_costs="0.00")  # nothing to collect
    collected(debit("HC016", 25), date(2026, 12, 1))  # already collected this month
    make_tenancy("HC017", payment_method="direct_debit", collection_day=25)  # no mandate

    path = tmp_path / "incasso.xml"
    batch = sepa.write_batch(CHRISTMAS_25, path)

    assert (batch.collection_date, batch.count, batch.total_cents, batch.file_name) == (
        CHRISTMAS_25,
        5,
        363579,
        str(path),
    )
    out = read(path)
    assert (out["msg_id"], out["count"], out["total"]) == (batch.message_id, "5", "3635.79")
    assert sorted(out["payments"]) == [
        "HP-HC001-202612",
        "HP-HC002-202612",
        "HP-HC003-202612",
        "HP-HC004-202612",
        "HP-HC005-202612",
    ]
    assert out["payments"]["HP-HC001-202612"] == {
        "seq": "FRST",
        "date": "2026-12-28",
        "amount": "700.00",
        "currency": "EUR",
        "mandate": "M-HC001",
        "signed": "2024-03-09",
        "bic": "NOTPROVIDED",
        "name": "J. Akkerman",
        "iban": "NL91ABNA0417164300",
        "text": "Huur december 2026 HC001",
    }
    assert {e2e: (p["seq"], p["amount"]) for e2e, p in out["payments"].items()} == {
        "HP-HC001-202612": ("FRST", "700.00"),
        "HP-HC002-202612": ("RCUR", "835.79"),
        "HP-HC003-202612": ("FNAL", "700.00"),
        "HP-HC004-202612": ("FNAL", "700.00"),
        "HP-HC005-202612": ("FRST", "700.00"),
    }
    ids = sepa.payment_info_ids(path.read_bytes())
    assert sorted(ids) == ["FNAL", "FRST", "RCUR"] and len(set(ids.values())) == 3
    assert {c.end_to_end_id: c.payment_info_id for c in batch.collections.all()}["HP-HC002-202612"] == ids["RCUR"]
    rows = batch.collections.order_by("tenancy__ref")
    assert [
        (
            c.tenancy.ref,
            c.period,
            c.collection_date,
            c.sequence_type,
            c.amount_cents,
            c.end_to_end_id,
            c.mandate.mandate_id,
        )
        for c in rows
    ] == [
        ("HC001", date(2026, 12, 1), CHRISTMAS_25, "FRST", 70000, "HP-HC001-202612", "M-HC001"),
        ("HC002", date(2026, 12, 1), CHRISTMAS_25, "RCUR", 83579, "HP-HC002-202612", "M-HC002"),
        ("HC003", date(2026, 12, 1), CHRISTMAS_25, "FNAL", 70000, "HP-HC003-202612", "M-HC003"),
        ("HC004", date(2026, 12, 1), CHRISTMAS_25, "FNAL", 70000, "HP-HC004-202612", "M-HC004"),
        ("HC005", date(2026, 12, 1), CHRISTMAS_25, "FRST", 70000, "HP-HC005-202612", "M-HC005"),
    ]
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


def test_a_collection_day_is_collected_on_the_next_target2_business_day():
    debit("HC001", 25)
    debit("HC002", 1)
    for day in (date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27)):
        assert sepa.due_collections(day) == []
    assert [c.tenancy.ref for c in sepa.due_collections(CHRISTMAS_25)] == ["HC001"]
    assert sepa.due_collections(date(2026, 11, 1)) == []  # a Sunday
    assert [(c.tenancy.ref, c.collection_date) for c in sepa.due_collections(date(2026, 11, 2))] == [
        ("HC002", date(2026, 11, 2))
    ]
    assert [c.tenancy.ref for c in sepa.due_collections(date(2027, 1, 4))] == [
        "HC002"
    ]  # 1 January is closed, then a weekend


def test_two_collection_days_on_one_day():
    """Good Friday on 1 April 2067: day 1 is collected on Tuesday the 5th, with day 5."""
    debit("HC001", 1)
    debit("HC002", 5)
    debit("HC003", 10)
    assert [c.tenancy.ref for c in sepa.due_collections(date(2067, 4, 5))] == ["HC001", "HC002"]
    assert [c.tenancy.ref for c in sepa.due_collections(date(2067, 4, 1))] == []


def test_end_to_end_id_is_safe_short_and_distinct():
    debit("Lindelaan/12 A-verlengd-contract-2026", 5, mandate_id="M-LANG")
    debit("HC/12", 5)
    debit("HC-12", 5)
    ids = {c.tenancy.ref: c.end_to_end_id for c in sepa.due_collections(date(2026, 11, 5))}
    assert ids == {
        "HC-12": "HP-HC-12-202611",
        "HC/12": "HP-HC12-f70505-202611",  # changed to fit: a hash of the contract number, so not "HP-HC12-202611"
        "Lindelaan/12 A-verlengd-contract-2026": "HP-Lindelaan12A-verle-e289c6-202611",  # 35 characters
    }


# --- Sequence types ----------------------------------------------------------------------------


def test_first_again_after_a_return_then_recurring_then_final(creditor, tmp_path):
    tenancy = debit("HC001", 1, signed=date(2026, 10, 20), end=date(2027, 2, 28))

    def run(day):
        batch = sepa.write_batch(day, tmp_path / f"{day}.xml")
        (c,) = batch.collections.all()
        assert read(tmp_path / f"{day}.xml")["payments"][c.end_to_end_id]["seq"] == c.sequence_type
        return c

    november = run(date(2026, 11, 2))
    assert november.sequence_type == "FRST"
    november.returned_on = date(2026, 11, 6)
    november.save()
    assert run(date(2026, 12, 1)).sequence_type == "FRST"  # the first one came back
    assert run(date(2027, 1, 4)).sequence_type == "RCUR"
    assert run(date(2027, 2, 1)).sequence_type == "FNAL"  # the tenancy ends before 1 March
    assert tenancy.collections.count() == 4


def test_first_and_last_at_once_is_first():
    debit("HC001", 5, end=date(2026, 12, 1))
    (due,) = sepa.due_collections(date(2026, 11, 5))
    assert due.sequence_type == "FRST"


def test_final_uses_next_months_collection_day():
    """Ends 8 January: with day 5 there is one more collection in January, with day 10 not."""
    stays = debit("HC001", 5, end=date(2027, 1, 8))
    moves = debit("HC002", 5, end=date(2027, 1, 8))
    collected(stays, date(2026, 11, 1))
    collected(moves, date(2026, 11, 1))
    sepa.change_collection_day(moves, 10, today=date(2026, 12, 2))
    assert {c.tenancy.ref: c.sequence_type for c in sepa.due_collections(date(2026, 12, 7))} == {
        "HC001": "RCUR",
        "HC002": "FNAL",
    }


# --- Never twice, all or nothing ---------------------------------------------------------------


def test_running_twice_collects_nothing_twice(creditor, tmp_path):
    debit("HC001", 25)
    first = sepa.write_batch(CHRISTMAS_25, tmp_path / "a.xml")
    assert first.count == 1
    assert sepa.write_batch(CHRISTMAS_25, tmp_path / "b.xml") is None
    assert not (tmp_path / "b.xml").exists()
    debit("HC002", 25)  # a new tenancy since: only that one
    second = sepa.write_batch(CHRISTMAS_25, tmp_path / "c.xml")
    assert [c.tenancy.ref for c in second.collections.all()] == ["HC002"]
    assert sorted(read(tmp_path / "c.xml")["payments"]) == ["HP-HC002-202612"]
    assert Collection.objects.count() == 2


def test_a_failure_leaves_no_file_and_no_records(creditor, tmp_path, monkeypatch):
    debit("HC001", 25)

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(Collection.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        sepa.write_batch(CHRISTMAS_25, tmp_path / "incasso.xml")
    assert list(tmp_path.iterdir()) == []
    assert (SepaBatch.objects.count(), Collection.objects.count()) == (0, 0)


def too_long(tenancy, period):
    return "E" * 36  # the schema allows 35 characters


def test_an_invalid_batch_is_not_written(creditor, tmp_path, monkeypatch):
    monkeypatch.setattr(sepa, "_end_to_end_id", too_long)
    debit("HC001", 25)
    with pytest.raises(sepa.BatchError, match="does not validate against pain.008.001.02"):
        sepa.write_batch(CHRISTMAS_25, tmp_path / "incasso.xml")
    assert list(tmp_path.iterdir()) == []
    assert (SepaBatch.objects.count(), Collection.objects.count()) == (0, 0)


def test_an_existing_file_is_not_overwritten(creditor, tmp_path):
    debit("HC001", 25)
    (tmp_path / "incasso.xml").write_text("earlier")
    with pytest.raises(sepa.BatchError, match="already exists"):
        sepa.write_batch(CHRISTMAS_25, tmp_path / "incasso.xml")
    assert (tmp_path / "incasso.xml").read_text() == "earlier"
    assert Collection.objects.count() == 0


# --- The creditor ------------------------------------------------------------------------------


def test_creditor_from_the_row_overridden_by_the_environment(creditor, settings):
    settings.CREDITOR = {"name": "Lindestad Wonen", "bic": "ingbnl2a"}
    current = Creditor.current()
    assert (current.name, current.iban, current.bic, current.creditor_id) == (
        "Lindestad Wonen",
        "NL44RABO0123456789",
        "INGBNL2A",
        "NL57ZZZ999999999999",
    )


def test_creditor_from_the_environment_alone(settings):
    settings.CREDITOR = {**CREDITOR, "iban": "NL44 RABO 0123 4567 89"}
    current = Creditor.current()
    assert (current.name, current.iban, current.bic, current.creditor_id) == tuple(CREDITOR.values())
    assert Creditor.objects.count() == 0


def test_creditor_missing_or_wrong(settings):
    with pytest.raises(CreditorNotConfigured) as missing:
        Creditor.current()
    assert str(missing.value).startswith("De incassant is niet compleet: naam, IBAN, BIC en incassant-ID ontbreken.")
    settings.CREDITOR = {"name": "Woonstichting Lindestad", "iban": "NL44RABO0123456789", "bic": "RABONL2U"}
    with pytest.raises(CreditorNotConfigured, match="^De incassant is niet compleet: incassant-ID ontbreekt."):
        Creditor.current()
    settings.CREDITOR = {**settings.CREDITOR, "creditor_id": "NL98ZZZ999999999999"}  # wrong check digits
    with pytest.raises(CreditorNotConfigured, match="NL98ZZZ999999999999 is geen geldig incassant-ID"):
        Creditor.current()


# --- Collection day changes --------------------------------------------------------------------


def test_a_collection_day_change_takes_effect_next_month_and_is_on_the_timeline(officer):
    tenancy = debit("HC001", 5)
    change = sepa.change_collection_day(tenancy, 10, today=date(2026, 11, 27), acting_user=officer)
    assert (change.day, change.effective_from, change.applied, change.made_by) == (
        10,
        date(2026, 12, 1),
        False,
        officer,
    )
    event = CaseEvent.objects.get(tenancy=tenancy)
    assert (event.type, event.date, event.params, event.actor) == (
        "collection_day_changed",
        date(2026, 11, 27),
        {"collection_day": 10, "effective_from": "2026-12-01"},
        officer,
    )
    assert sepa.effective_message(change) == "De incassodag wordt de 10e van de maand, vanaf 1 december 2026."

    # November keeps day 5; December uses day 10, before and after the change is applied.
    assert [c.tenancy.ref for c in sepa.due_collections(date(2026, 11, 5))] == ["HC001"]
    assert sepa.due_collections(date(2026, 11, 10)) == []
    assert sepa.due_collections(date(2026, 12, 7)) == []  # day 5 in December (a Saturday, moved)
    assert [c.tenancy.ref for c in sepa.due_collections(date(2026, 12, 10))] == ["HC001"]

    assert sepa.apply_collection_day_changes(date(2026, 11, 30)) == 0
    tenancy.refresh_from_db()
    assert tenancy.collection_day == 5
    assert sepa.apply_collection_day_changes(date(2026, 12, 1)) == 1
    tenancy.refresh_from_db()
    change.refresh_from_db()
    assert (tenancy.collection_day, change.applied) == (10, True)
    assert [c.tenancy.ref for c in sepa.due_collections(date(2026, 12, 10))] == ["HC001"]
    assert sepa.due_collections(date(2026, 11, 5)) == []  # the day for November is gone once applied
    assert sepa.apply_collection_day_changes(date(2026, 12, 1)) == 0


def test_a_later_change_replaces_a_pending_one():
    tenancy = debit("HC001", 5)
    sepa.change_collection_day(tenancy, 10, today=date(2026, 11, 20))
    sepa.change_collection_day(tenancy, 15, today=date(2026, 11, 27))
    assert list(CollectionDayChange.objects.values_list("day", "effective_from", "applied")) == [
        (15, date(2026, 12, 1), False)
    ]
    assert sepa.due_collections(date(2026, 12, 10)) == []
    assert [c.tenancy.ref for c in sepa.due_collections(date(2026, 12, 15))] == ["HC001"]
    assert list(tenancy.events.values_list("params__collection_day", flat=True)) == [10, 15]


def test_only_the_six_days_and_only_for_direct_debit():
    with pytest.raises(ValueError, match="een van 1, 5, 10, 15, 20, 25"):
        sepa.change_collection_day(debit("HC001", 5), 7, today=date(2026, 11, 27))
    with pytest.raises(ValueError, match="automatische incasso"):
        sepa.change_collection_day(make_tenancy("HC002", payment_method="transfer"), 10, today=date(2026, 11, 27))
    assert CollectionDayChange.objects.count() == 0


# --- The command -------------------------------------------------------------------------------


def test_the_command_writes_the_batch(creditor, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    debit("HC001", 25)
    debit("HC002", 25, rent="812.34", service_costs="23.45")
    out = io.StringIO()
    call_command("sepa-batch", "--date", "2026-12-28", stdout=out)
    path = tmp_path / "sepa" / "incasso-2026-12-28.xml"
    assert out.getvalue() == f"{path}: 2 direct debits on 2026-12-28, total 1535.79\n"
    assert read(path)["total"] == "1535.79"

    out = io.StringIO()
    call_command("sepa-batch", "--date", "2026-12-28", stdout=out)
    assert out.getvalue() == "nothing due on 2026-12-28\n"

    debit("HC003", 25)  # a later batch for the same day gets a name of its own
    out = io.StringIO()
    call_command("sepa-batch", "--date", "2026-12-28", stdout=out)
    assert (
        out.getvalue()
        == f"{tmp_path / 'sepa' / 'incasso-2026-12-28-2.xml'}: 1 direct debits on 2026-12-28, total 700.00\n"
    )


def test_the_command_writes_where_asked(creditor, tmp_path):
    debit("HC001", 25)
    out = io.StringIO()
    call_command("sepa-batch", "--date", "2026-12-28", "-o", str(tmp_path / "dec.xml"), stdout=out)
    assert out.getvalue() == f"{tmp_path / 'dec.xml'}: 1 direct debits on 2026-12-28, total 700.00\n"


def test_the_command_without_a_creditor(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    debit("HC001", 25)
    with pytest.raises(CommandError) as error:
        call_command("sepa-batch", "--date", "2026-12-28", stdout=io.StringIO())
    assert error.value.returncode == 1
    assert str(error.value).startswith("De incassant is niet compleet: naam, IBAN, BIC en incassant-ID ontbreken.")
    assert not (tmp_path / "sepa").exists() or list((tmp_path / "sepa").iterdir()) == []
    assert Collection.objects.count() == 0


def test_the_command_when_validation_fails(creditor, tmp_path, monkeypatch):
    monkeypatch.setattr(sepa, "_end_to_end_id", too_long)
    debit("HC001", 25)
    with pytest.raises(CommandError, match="does not validate") as error:
        call_command("sepa-batch", "--date", "2026-12-28", "-o", str(tmp_path / "x.xml"), stdout=io.StringIO())
    assert error.value.returncode == 1
    assert list(tmp_path.iterdir()) == []


# --- The officer's form ------------------------------------------------------------------------


@pytest.fixture
def late_november():
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        yield


def test_an_officer_changes_the_collection_day(client, officer, late_november):
    tenancy = debit("HC001", 5)
    client.force_login(officer)
    page = client.get("/huurcontract/HC001/").content.decode()
    assert 'action="/huurcontract/HC001/incassodag/"' in page
    assert '<option value="5" selected>de 5e van de maand</option>' in page

    response = client.post("/huurcontract/HC001/incassodag/", {"day": "15"})
    assert (response.status_code, response["Location"]) == (302, "/huurcontract/HC001/#incassodag")
    page = client.get("/huurcontract/HC001/").content.decode()
    assert "De incassodag wordt de 15e van de maand, vanaf 1 december 2026." in page
    assert "Vanaf 1 december 2026 is de incassodag de 15e van de maand." in page
    assert '<option value="15" selected>de 15e van de maand</option>' in page
    change = CollectionDayChange.objects.get()
    assert (change.tenancy, change.day, change.effective_from, change.made_by) == (
        tenancy,
        15,
        date(2026, 12, 1),
        officer,
    )
    assert tenancy.events.get().actor == officer


def test_the_form_refuses_other_days_and_transfer_tenancies(client, officer, late_november):
    debit("HC001", 5)
    make_tenancy("HC002", payment_method="transfer")
    client.force_login(officer)
    response = client.post("/huurcontract/HC001/incassodag/", {"day": "7"}, follow=True)
    assert "De incassodag is niet gewijzigd: kies een van de dagen in de lijst." in response.content.decode()
    response = client.post("/huurcontract/HC002/incassodag/", {"day": "10"}, follow=True)
    assert "Deze huurder betaalt niet met automatische incasso." in response.content.decode()
    assert "incassodag/" not in client.get("/huurcontract/HC002/").content.decode()  # no form for transfer
    assert CollectionDayChange.objects.count() == 0


def test_only_case_workers_change_the_collection_day(client, outsider, partner):
    debit("HC001", 5)
    for user in (outsider, partner):
        client.force_login(user)
        assert client.post("/huurcontract/HC001/incassodag/", {"day": "10"}).status_code == 403
    client.logout()
    assert client.post("/huurcontract/HC001/incassodag/", {"day": "10"}).status_code == 302
    assert CollectionDayChange.objects.count() == 0
