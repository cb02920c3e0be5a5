"""In a real browser, on a phone (390 x 844) and on a desktop: a tenant signs in with a code sent
by SMS and pays part of her arrears; a wrong code and an amount below the minimum are explained.
Each page passes axe-core's serious and critical rules and fits the screen."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from huurpad.messaging.models import PayLink, Sender
from huurpad.portal import auth
from huurpad.testing.ledgers import book, make_tenancy

from .test_browser_portal import PHONE, fits_the_screen
from .test_login_sms import Phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def anna(monkeypatch):
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )
    tenancy = make_tenancy(
        "HC1", start=date(2023, 1, 1), initials="A.", surname="Bakker", email="anna@example.nl", phone="0612345678"
    )
    first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    book(tenancy, f"{first} rent 650.00\n{first} service_costs 50.00")
    return tenancy


@pytest.fixture
def phone(monkeypatch):
    sms = Phone()
    monkeypatch.setattr(auth.channels, "get", lambda name: sms if name == "sms" else None)
    return sms


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_tenant_signs_in_by_sms_and_pays_part(live_server, anna, phone, browser_page, look, size):
    page, url = browser_page, live_server.url
    page.set_viewport_size(PHONE if size == "phone" else {"width": 1280, "height": 900})
    page.goto(f"{url}/mijn/inloggen/")
    page.get_by_role("link", name="Log in met een code per sms").click()
    page.get_by_label("Uw mobiele nummer").fill("06 1234 5678")
    fits_the_screen(page)
    look(f"{size}-sms")
    page.get_by_role("button", name="Stuur mij een code").click()
    page.get_by_role("heading", name="Vul de code in").wait_for()
    code = phone.code_for("0612345678")
    page.get_by_label("De code uit de sms").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Deze code klopt niet of werkt niet meer.").wait_for()
    fits_the_screen(page)
    look(f"{size}-code-wrong")
    page.get_by_label("De code uit de sms").fill(code)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Hallo A. Bakker").wait_for()

    page.get_by_text("Een deel betalen").click()
    page.get_by_label("Welk bedrag wilt u nu betalen?").fill("4.50")
    page.get_by_role("button", name="Betaal dit bedrag").click()
    page.get_by_text("Vul een bedrag van minstens € 5,00 in.").wait_for()
    fits_the_screen(page)
    look(f"{size}-part-too-little")
    assert not PayLink.objects.exists()
    page.get_by_label("Welk bedrag wilt u nu betalen?").fill("250")
    look(f"{size}-part")
    page.get_by_role("button", name="Betaal dit bedrag").click()
    page.wait_for_url(re.compile(r".*/betaal|.*demo.*|.*checkout.*|.*/berichten/.*"))
    assert PayLink.objects.get().amount_cents == 25000
    look(f"{size}-checkout")
