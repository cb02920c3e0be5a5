"""A suggestion on 'Onbekende betalingen' is a button that books the payment on that contract:
a plain form (no JavaScript needed) that htmx answers in the payment's own row."""

import re
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group

from huurpad.bank import imports
from huurpad.bank.models import BankTransaction
from huurpad.cases.models import CaseEvent
from huurpad.tenancies.models import LedgerEntry
from huurpad.testing.camt import Detail, Entry, statement
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def waiting(tmp_path):
    bakker = make_tenancy("HC1", surname="Bakker")
    book(bakker, "2026-11-01 rent 700.00")
    path = tmp_path / "a.xml"
    path.write_bytes(
        statement(
            [Entry(D("700.00"), bank_reference="U1", details=[Detail(name="M. Bakker", remittance="huur moeder")])]
        )
    )
    imports.import_file(path)
    return bakker, BankTransaction.objects.get()


def user(django_user_model, role):
    person = django_user_model.objects.create_user(role, first_name="Ilse", last_name="de Boer")
    person.groups.add(Group.objects.get(name=role))
    return person


def test_a_suggestion_is_a_button_that_books_in_one_click(client, django_user_model, waiting):
    bakker, row = waiting
    client.force_login(user(django_user_model, "incassomedewerker"))
    page = client.get("/bank/onbekend/").content.decode()
    form = re.search(r'<form method="post" action="(/bank/onbekend/\d+/toewijzen/)"\s+hx-post.*?</form>', page, re.S)
    assert (
        form and f'name="contract" value="{bakker.ref}"' in form.group() and "Boeken op HC1 (J. Bakker)" in form.group()
    )

    answer = client.post(form.group(1), {"contract": bakker.ref, "pagina": "1"}, headers=HTMX)
    part = answer.content.decode()
    assert answer.status_code == 200 and "700,00 van M. Bakker is geboekt op HC1." in part and "<html" not in part
    assert list(LedgerEntry.objects.filter(tenancy=bakker, kind="payment").values_list("amount_cents", flat=True)) == [
        70000
    ]
    assert CaseEvent.objects.filter(tenancy=bakker, type=CaseEvent.Type.PAYMENT_ASSIGNED).count() == 1

    again = client.post(form.group(1), {"contract": bakker.ref}, headers=HTMX).content.decode()
    assert "al geboekt" in again and LedgerEntry.objects.filter(tenancy=bakker, kind="payment").count() == 1


def test_without_javascript_the_button_books_and_comes_back_to_the_list(client, django_user_model, waiting):
    bakker, row = waiting
    client.force_login(user(django_user_model, "woonconsulent"))
    answer = client.post(f"/bank/onbekend/{row.pk}/toewijzen/", {"contract": "HC1", "pagina": "1"})
    assert answer.status_code == 302 and answer["Location"] == "/bank/onbekend/?pagina=1"
    row.refresh_from_db()
    assert (row.status, row.tenancy, row.matched_by) == ("booked", bakker, "officer")


def test_who_may_not_book_sees_no_buttons_and_is_refused(client, django_user_model, waiting):
    _, row = waiting
    client.force_login(user(django_user_model, "controller"))
    page = client.get("/bank/onbekend/").content.decode()
    assert "M. Bakker" in page and "Boeken op" not in page
    assert client.post(f"/bank/onbekend/{row.pk}/toewijzen/", {"contract": "HC1"}, headers=HTMX).status_code == 403
    row.refresh_from_db()
    assert row.status == "unknown"
