"""Pay links: the whole loop with the demo provider, and Mollie through its own client against a
local stand-in. A payment reaches the ledger once, whatever the webhooks do."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from huurpad.messaging import paylinks
from huurpad.messaging.models import PayLink
from huurpad.tenancies.models import LedgerEntry
from huurpad.testing.fake_mollie import FakeMollie
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind():
    today = timezone.localdate()
    tenancy = make_tenancy("HC700", start=today.replace(year=today.year - 2))
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    book(tenancy, f"{first} rent 700.00")
    return tenancy


@pytest.fixture
def officer(django_user_model):
    user = django_user_model.objects.create_user("ilse", password="x")
    user.groups.add(Group.objects.get(name="incassomedewerker"))
    return user


def payments(tenancy):
    return list(LedgerEntry.objects.filter(tenancy=tenancy, kind="payment").values_list("amount_cents", "external_id"))


def test_the_demo_loop_an_officer_makes_a_link_the_tenant_pays_the_arrears_are_gone(client, officer, behind):
    client.force_login(officer)
    response = client.post(f"/huurcontract/{behind.ref}/betaallink/")
    assert response.status_code == 302 and response["Location"].endswith("#betaallinks")
    link = PayLink.objects.get(tenancy=behind)
    assert link.amount_cents == 70000 and link.status == PayLink.Status.OPEN and link.provider == "demo"
    assert "/betalen/demo/" in link.checkout_url
    page = client.get(f"/huurcontract/{behind.ref}/").content.decode()
    assert link.checkout_url in page and "Nog niet betaald" in page

    client.logout()  # the tenant is not logged in
    checkout = link.checkout_url.split("testserver", 1)[1]
    assert "€\xa0700,00" in client.get(checkout).content.decode()
    paid = client.post(checkout)
    assert paid.status_code == 302 and paid["Location"].endswith("/betalen/klaar/")
    assert payments(behind) == [(70000, link.ledger_id)]

    client.post(checkout)  # paying twice is not possible
    client.post("/betalen/webhook/demo/", {"id": link.provider_id})  # a repeated webhook
    assert payments(behind) == [(70000, link.ledger_id)]
    client.force_login(officer)
    page = client.get(f"/huurcontract/{behind.ref}/").content.decode()
    assert "Betaald" in page and "Geen achterstand: geen betaallink nodig." in page


def test_no_link_without_arrears(client, officer):
    tenancy = make_tenancy("HC701")
    client.force_login(officer)
    client.post(f"/huurcontract/{tenancy.ref}/betaallink/")
    assert not PayLink.objects.exists()


@pytest.fixture
def mollie(settings):
    with FakeMollie() as fake:
        settings.MOLLIE_URL = fake.url
        settings.MOLLIE_KEY = fake.key
        yield fake


def test_mollie_webhooks_early_repeated_or_unknown_book_the_payment_once(client, behind, mollie):
    link = paylinks.open_link(
        behind, Decimal("700.00"), "Huurachterstand HC700", base_url="https://huurpad.example", provider="mollie"
    )
    created = mollie.payments[link.provider_id]
    assert created["amount"] == {"currency": "EUR", "value": "700.00"} and created["method"] == "ideal"
    assert created["webhookUrl"] == "https://huurpad.example/betalen/webhook/mollie/"
    assert created["metadata"] == {"reference": link.reference, "tenancy": "HC700"}
    assert mollie.requests[0][2]["Idempotency-Key"] == link.reference
    assert link.checkout_url == created["_links"]["checkout"]["href"]

    webhook = "/betalen/webhook/mollie/"
    assert client.post(webhook, {"id": link.provider_id}).status_code == 200  # still open: nothing booked
    assert payments(behind) == []
    mollie.pay(link.provider_id)
    for _ in range(3):  # Mollie retries; webhooks may cross
        assert client.post(webhook, {"id": link.provider_id}).status_code == 200
    assert payments(behind) == [(70000, f"mollie:{link.provider_id}")]
    link.refresh_from_db()
    assert link.status == PayLink.Status.PAID and link.paid_at.isoformat().startswith("2026-11-27T10:15")
    assert client.post(webhook, {"id": "tr_someoneelse"}).status_code == 200  # unknown: answered alike
    assert client.post("/betalen/webhook/elders/", {"id": link.provider_id}).status_code == 404


def test_an_expired_mollie_payment_closes_the_link_and_books_nothing(client, behind, mollie):
    link = paylinks.open_link(
        behind, Decimal("700.00"), "Huurachterstand HC700", base_url="https://huurpad.example", provider="mollie"
    )
    mollie.payments[link.provider_id]["status"] = "expired"
    client.post("/betalen/webhook/mollie/", {"id": link.provider_id})
    link.refresh_from_db()
    assert link.status == PayLink.Status.CLOSED and payments(behind) == []
