"""Bankafschriften: a statement uploaded on the page is booked by the same import as the command
line, shows what it booked, matched, left unknown or refused, and books nothing twice."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from huurpad.accounts.models import AccessLog
from huurpad.bank import imports
from huurpad.bank.models import BankStatement, BankTransaction
from huurpad.tenancies.models import LedgerEntry
from huurpad.testing.camt import Detail, Entry, statement
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
FILES = Path(imports.__file__).resolve().parent.parent / "core" / "bankfiles" / "tests" / "files"


@pytest.fixture
def officer(client, django_user_model):
    person = django_user_model.objects.create_user("ilse", first_name="Ilse", last_name="de Boer")
    person.groups.add(Group.objects.get(name="incassomedewerker"))
    client.force_login(person)
    return person


@pytest.fixture
def day():
    bakker = make_tenancy("DEMO-00001-1", surname="Bakker")
    visser = make_tenancy("DEMO-00002-1", surname="Visser", iban="NL91ABNA0417164300")
    data = statement(
        [
            Entry(
                D("650.00"),
                bank_reference="B1",
                details=[Detail(name="J. Bakker", reference=imports.payment_reference(bakker.ref), remittance="huur")],
            ),
            Entry(
                D("400.00"),
                bank_reference="B2",
                details=[Detail(name="Visser", iban="NL91ABNA0417164300", remittance="deel huur")],
            ),
            Entry(
                D("700.00"),
                bank_reference="B3",
                details=[
                    Detail(name="Stichting Hulp", iban="NL02ABNA0123456789", remittance="voor de huur van demo-00002-1")
                ],
            ),
            Entry(
                D("123.45"),
                bank_reference="B4",
                details=[Detail(name="Diaconie", iban="NL86INGB0002445588", remittance="gift voor de huur")],
            ),
        ]
    )
    return bakker, visser, data


def upload(client, data: bytes, name="afschrift-2026-12-07.xml"):
    return client.post("/bank/afschriften/", {"bestand": SimpleUploadedFile(name, data)})


def test_an_upload_books_the_day_and_says_what_it_did(client, officer, day):
    bakker, visser, data = day
    answer = upload(client, data)
    page = answer.content.decode()
    assert answer.status_code == 200 and "afschrift-2026-12-07.xml is ingelezen" in page
    assert "4 nieuwe transacties: 3 geboekt, 0 teruggeboekte incasso&#x27;s, 1 onbekend en 0 geen huur." in page
    for how in ("Betalingskenmerk", "Bekende rekening", "Contractnummer in de omschrijving"):
        assert how in page
    assert "Onbekend gebleven" in page and "123,45 van Diaconie" in page and "/bank/onbekend/" in page
    assert sorted(LedgerEntry.objects.filter(kind="payment").values_list("tenancy__ref", "amount_cents")) == [
        ("DEMO-00001-1", 65000),
        ("DEMO-00002-1", 40000),
        ("DEMO-00002-1", 70000),
    ]
    assert BankStatement.objects.get().imported_by == officer
    shown = set(AccessLog.objects.values_list("object_type", "object_id", "action"))
    unknown = BankTransaction.objects.get(status="unknown")
    assert shown == {
        ("tenancy", bakker.ref, "bank_import"),
        ("tenancy", visser.ref, "bank_import"),
        ("banktransaction", str(unknown.pk), "view"),
    }

    # Earlier imports: listed, and each one can be looked at again
    listed = client.get("/bank/afschriften/").content.decode()
    pk = BankStatement.objects.get().pk
    assert f'href="/bank/afschriften/{pk}/">afschrift-2026-12-07.xml</a>' in listed and "Ilse de Boer" in listed
    again = client.get(f"/bank/afschriften/{pk}/").content.decode()
    assert "Contractnummer in de omschrijving" in again and "DEMO-00002-1" in again


def test_the_same_file_twice_books_nothing_twice_and_says_so(client, officer, day):
    *_, data = day
    upload(client, data)
    before = list(LedgerEntry.objects.order_by("id").values_list("id", "amount_cents"))
    page = upload(client, data, name="nog-eens.xml").content.decode()
    assert "Dit afschrift is al eerder ingelezen, op " in page and "door Ilse de Boer" in page
    assert "Er is niets opnieuw geboekt (4 transacties al bekend)." in page
    assert list(LedgerEntry.objects.order_by("id").values_list("id", "amount_cents")) == before
    assert BankTransaction.objects.count() == 4


def test_a_broken_file_is_refused_naming_the_place_and_books_nothing(client, officer, day):
    *_, data = day
    broken = data.replace(b'<Amt Ccy="EUR">650.00</Amt>', b'<Amt Ccy="EUR">650,00</Amt>', 1)
    assert broken != data
    page = upload(client, broken, name="kapot.xml").content.decode()
    assert "kapot.xml is niet ingelezen" in page and "Er is niets geboekt." in page
    assert "bij regel " in page
    assert not BankTransaction.objects.exists() and not LedgerEntry.objects.filter(kind="payment").exists()
    assert not BankStatement.objects.exists()


def test_an_mt940_file_from_a_bank_is_read_the_same_way(client, officer):
    page = upload(client, (FILES / "ing.mt940").read_bytes(), name="ing.mt940").content.decode()
    assert "ing.mt940 is ingelezen" in page and BankStatement.objects.filter(format="mt940").exists()


def test_no_file_asks_for_one(client, officer):
    page = client.post("/bank/afschriften/", {}).content.decode()
    assert "Kies het bestand van de bank." in page and not BankStatement.objects.exists()


@pytest.mark.parametrize("role", ["woonconsulent", "controller", "manager", "partner", "beheerder"])
def test_only_the_collections_team_imports(client, django_user_model, day, role):
    *_, data = day
    person = django_user_model.objects.create_user(role)
    person.groups.add(Group.objects.get(name=role))
    client.force_login(person)
    assert client.get("/bank/afschriften/").status_code == 403
    assert upload(client, data).status_code == 403 and not BankTransaction.objects.exists()
