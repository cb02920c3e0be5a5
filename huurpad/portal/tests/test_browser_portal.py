"""In a real browser on a phone (390 x 844): a tenant logs in with the link from her e-mail, sees
what she owes, changes her collection day and arranges to pay the arrears off; the officer finds
the arrangement on 'Vandaag'. Another tenant cannot reach the first tenant's data. Each page
passes axe-core's serious and critical rules and fits the screen without sideways scrolling."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from conftest import sign_in
from huurpad.cases.models import Task
from huurpad.messaging.models import Sender
from huurpad.solutions.models import Arrangement
from huurpad.testing.ledgers import book, make_tenancy

from .conftest import LINK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "geheim-wachtwoord-1"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(django_user_model):
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )
    officer = django_user_model.objects.create_user(username="ilse", password=PASSWORD, first_name="Ilse")
    officer.groups.add(Group.objects.get(name="incassomedewerker"))
    anna = make_tenancy(
        "HC1",
        start=date(2023, 1, 1),
        payment_method="direct_debit",
        collection_day=1,
        initials="A.",
        surname="Bakker",
        email="anna@example.nl",
    )
    first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    book(anna, f"{first} rent 650.00\n{first} service_costs 50.00")
    make_tenancy("HC2", initials="B.", prefix="de", surname="Wit", email="bram@example.nl")
    return anna


def fits_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


def tenant_logs_in(page, url, email, look=None, step=""):
    page.context.clear_cookies()
    page.goto(f"{url}/mijn/inloggen/")
    page.get_by_label("Uw e-mailadres").fill(email)
    if look:
        look(f"{step}-login")
    page.get_by_role("button", name="Stuur mij een link").click()
    page.get_by_role("heading", name="Kijk in uw e-mail").wait_for()
    body = [m for m in mail.outbox if email in m.to][-1].body
    page.goto(url + LINK.search(body).group(1))
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Hallo").wait_for()


def test_a_tenant_on_her_phone_and_the_officer_after_her(live_server, world, browser_page, look):
    page, url = browser_page, live_server.url
    page.set_viewport_size(PHONE)

    tenant_logs_in(page, url, "anna@example.nl", look, "anna")
    assert page.locator("#achterstand").inner_text() == "€\xa0700,00"
    assert page.get_by_role("button", name="Betaal €\xa0700,00").is_visible()
    fits_the_screen(page)
    look("overview")

    page.get_by_role("link", name="Kies de dag waarop we de huur afschrijven").click()
    page.get_by_label("De 15e van de maand").check()
    fits_the_screen(page)
    look("collection-day")
    page.get_by_role("button", name="Deze dag kiezen").click()
    assert "schrijven we de huur af op de 15e van de maand" in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Maak een betalingsregeling").first.click()
    page.get_by_label("Hoeveel kunt u elke maand extra betalen?").fill("200")
    page.get_by_text("Dit kunt u zelf regelen.").wait_for()  # the sizing while she types (htmx)
    fits_the_screen(page)
    look("arrangement")
    page.get_by_role("button", name="Regeling aanvragen").click()
    page.get_by_role("heading", name="Uw betalingsregeling is gemaakt").wait_for()
    look("arrangement-made")
    arrangement = Arrangement.objects.get()
    assert (arrangement.tenancy.ref, arrangement.status, arrangement.count) == ("HC1", "running", 4)
    assert Task.objects.filter(tenancy__ref="HC1", action="portal_arrangement").exists()

    # The officer finds it on 'Vandaag'.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, url, "ilse", PASSWORD)  # the password, then the code from the app
    page.goto(f"{url}/vandaag/")
    row = page.get_by_role("row").filter(has_text="Regeling via Mijn Huurpad")
    assert "HC1" in row.inner_text() and "A. Bakker" in row.inner_text()
    page.get_by_role("link", name="HC1").click()
    assert page.get_by_text("Door A. Bakker (huurder)").count() >= 2  # the new day and the arrangement

    # Bram, another tenant, cannot reach any of it.
    page.set_viewport_size(PHONE)
    tenant_logs_in(page, url, "bram@example.nl")
    assert "HC2" in page.content() and "HC1" not in page.content() and "Bakker" not in page.content()
    for path in ("/huurcontract/HC1/", "/vandaag/", "/"):
        response = page.goto(url + path)
        assert response.status == 403, path
    assert page.goto(f"{url}/mijn/HC1/").status == 404  # no portal address names a tenancy
    response = page.goto(f"{url}/mijn/regeling/?contract=HC1&huurcontract={world.pk}")
    assert response.status == 200 and "Bakker" not in page.content() and "geen achterstand" in page.content()
    look("other-tenant-refused")
