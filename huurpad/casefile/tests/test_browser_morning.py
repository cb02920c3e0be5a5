"""In a real browser: an officer's morning. A tenant phones; the officer finds her by the phone
number as the tenant says it, logs the call and a promise, sees the woonconsulent's visit close
itself (the tenant was reached), starts an arrangement, and finds the next household by postcode.
Every page is screenshot (var/test-artifacts/) and checked with axe-core; the clicks per job are
counted as the officer makes them (docs/cases.md keeps the figures)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import sign_in
from huurpad.cases import tasks
from huurpad.cases.models import CaseEvent, Task
from huurpad.messaging.models import Sender
from huurpad.solutions.models import Arrangement
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def owing(ref: str, surname: str, *, phone: str, postcode: str, number: int):
    today = timezone.localdate()
    tenancy = make_tenancy(ref, surname=surname, phone=phone, start=today.replace(year=today.year - 3))
    tenancy.postcode, tenancy.house_number = postcode, number
    tenancy.save()  # the search keys follow every save
    book(tenancy, f"{(today.replace(day=1) - timedelta(days=1)).replace(day=1)} rent 700.00")
    return tenancy


def test_an_officers_morning(live_server, officer, browser_page, look):
    page, url, today = browser_page, live_server.url, timezone.localdate()
    caller = owing("HC2001", "Bakker", phone="06-12345678", postcode="3521 GD", number=7)
    next_one = owing("HC2002", "Visser", phone="0301234567", postcode="3521 GD", number=12)
    tasks.store(tasks.home_visit(caller, today, explanation="Nog geen contact: ga langs."))
    Sender.objects.create(  # the arrangement's letter needs the corporation's address
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )
    clicks = {}

    sign_in(page, url, "ilse")

    # 1. The tenant phones and gives her number as she says it: one search, straight to her case.
    search = page.get_by_role("search").get_by_label("Zoek een huishouden")
    search.fill("+31 6 1234 5678")
    search.press("Enter")
    clicks["find by phone"] = 1
    page.wait_for_url(f"**/huurcontract/{caller.ref}/")
    look("case-found-by-phone")
    assert "Huisbezoek" in page.locator(".glance").inner_text()  # the open visit, at the top

    # 2. Log the call and the promise: the contact form is one click away.
    page.get_by_role("link", name="Contact vastleggen").first.click()
    page.get_by_label("Ja, gesproken").check()
    page.get_by_label("Uitkomst").select_option("promise_to_pay")
    page.get_by_label("Betaalt op").fill((today + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Contact opslaan").click()
    clicks["log a call and a promise"] = 5  # the link, reached, outcome, date, save
    page.get_by_text("Contact vastgelegd: gesproken.").wait_for()

    # 3. The visit has no reason left: it closed itself, and the timeline says why.
    visit = Task.objects.get(tenancy=caller, action="home_visit")
    assert visit.status == Task.Status.OBSOLETE
    closed = CaseEvent.objects.get(tenancy=caller, type=CaseEvent.Type.TASKS_CLOSED)
    assert "contact" in str(closed.params)
    page.reload()
    page.locator("#tijdlijn-items").get_by_text("er is contact geweest met de huurder").first.wait_for()
    assert "Huisbezoek" not in page.locator(".glance").inner_text()
    look("visit-closed-itself")

    # 4. She would rather pay in parts: an arrangement within the officer's own bounds.
    section = page.locator("#regeling")
    section.get_by_label("Bedrag per maand (voorstel huurder)").fill("175")
    section.get_by_role("button", name="Regeling afspreken").click()
    clicks["start an arrangement"] = 2
    assert "De regeling loopt" in page.get_by_role("status").inner_text()
    arrangement = Arrangement.objects.get(tenancy=caller)
    assert (arrangement.status, arrangement.count) == ("running", 4)
    look("arrangement-running")

    # 5. The next household, by postcode and number written as people write them.
    search = page.get_by_role("search").get_by_label("Zoek een huishouden")
    search.fill("3521gd 12")
    search.press("Enter")
    clicks["find by postcode"] = 1
    page.wait_for_url(f"**/huurcontract/{next_one.ref}/")
    page.get_by_role("heading", name="Visser").first.wait_for()
    look("next-found-by-postcode")

    assert sum(clicks.values()) == 9, clicks  # docs/cases.md, "An officer's morning"
