"""In a real browser: a debt counsellor signs in (with the code from the app), lands on their own
households, opens one, downloads the balance statement, and reads the stage and the messages that
came in through the Schuldenknooppunt and went out. Then the household itself, under the pause,
reads in Mijn Huurpad what runs and is asked only this month's rent. Screenshots: /tmp/counsel-*.png."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from conftest import sign_in
from huurpad.cases.models import Partner
from huurpad.debthelp import inbox
from huurpad.messaging.models import Sender
from huurpad.portal.tests.test_browser_portal import tenant_logs_in
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "geheim-wachtwoord-1"
SHOTS = "/tmp/counsel-{}.png"


def message(n: int, type_: str, day: date, ref: str, **fields) -> dict:
    return {
        "message_id": f"skn-{ref}-{n}",
        "type": type_,
        "date": day.isoformat(),
        "tenancy_ref": ref,
        "counsellor": "Schuldhulp Lindestad",
        "counsellor_reference": f"SH-{ref}",
        **fields,
    }


@pytest.fixture
def world(django_user_model):
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )
    organisation = Partner.objects.create(name="Schuldhulp Lindestad", kind=Partner.Kind.SCHULDHULP)
    counsellor = django_user_model.objects.create_user(
        username="sanne", password=PASSWORD, first_name="Sanne", last_name="Visser"
    )
    counsellor.groups.add(Group.objects.get(name="partner"))
    organisation.members.add(counsellor)
    today = timezone.localdate()
    anna = make_tenancy(
        "HC1", start=date(2022, 1, 1), initials="A.", surname="Bakker", email="anna@example.nl", phone="0612345678"
    )
    month = today.replace(day=1)
    lines = [f"{(month - timedelta(days=28 * back)).replace(day=1)} rent 650.00" for back in range(6, 0, -1)]
    book(anna, "\n".join(lines) + f"\n{month - timedelta(days=60)} collection_costs 40.00\n{month} rent 650.00")
    started = today - timedelta(days=20)
    inbox.receive(
        [
            message(1, "kennisgeving", started, "HC1", months=4),
            message(2, "saldoverzoek", started + timedelta(days=2), "HC1"),
            message(
                3,
                "betaalvoorstel",
                today - timedelta(days=3),
                "HC1",
                kind="schuldbemiddeling",
                percentage="35.00",
                months=18,
            ),
        ],
        today=today,
    )
    other = make_tenancy("HC2", initials="K.", surname="Yilmaz")
    book(other, f"{(month - timedelta(days=40)).replace(day=1)} rent 700.00")
    inbox.receive([message(1, "kennisgeving", today - timedelta(days=2), "HC2", months=8)], today=today)
    return anna


def test_the_counsellor_sees_their_households_and_the_tenant_sees_what_runs(live_server, world, browser_page, look):
    page, url = browser_page, live_server.url
    sign_in(page, url, "sanne", PASSWORD)
    page.get_by_role("heading", name="Huishoudens in schuldhulp").wait_for()
    page.screenshot(path=SHOTS.format("list"), full_page=True)
    look("list")
    assert page.get_by_role("link", name="A. Bakker").is_visible()
    assert page.get_by_role("link", name="K. Yilmaz").is_visible()

    page.get_by_role("link", name="A. Bakker").click()
    page.get_by_role("heading", name="A. Bakker").wait_for()
    page.screenshot(path=SHOTS.format("household"), full_page=True)
    look("household")
    assert page.locator("#fase").inner_text() == "Akkoord op het voorstel"  # within the covenant: accepted at once
    body = page.locator("main").inner_text()
    for said in ("Kennisgeving", "Saldoverzoek", "Antwoord op het saldoverzoek", "Betaalvoorstel", "35,00 %"):
        assert said in body, said
    assert "0612345678" not in body and "anna@example.nl" not in body

    with page.expect_download() as download:
        page.locator("#saldo-pdf").click()
    path = download.value.path()
    assert download.value.suggested_filename.startswith("saldo-HC1-")
    assert open(path, "rb").read(4) == b"%PDF"

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    tenant_logs_in(page, url, "anna@example.nl")
    page.screenshot(path=SHOTS.format("portal"), full_page=True)
    look("portal")
    text = page.locator("main").inner_text()
    assert "Schuldhulp Lindestad helpt u met uw schulden" in text
    assert page.get_by_role("button", name="Betaal de huur van").is_visible()
    assert "Maak een betalingsregeling" not in text
