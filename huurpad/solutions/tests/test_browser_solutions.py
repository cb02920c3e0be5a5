"""In a real browser: an officer proposes a payment arrangement beyond her own limits and a
write-off; the team leader approves the arrangement and reviews the write-off, the controller
assesses it and the manager approves it. Each page passes axe-core's serious and critical rules."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from conftest import sign_in
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.solutions.models import Arrangement, WriteOff
from huurpad.tenancies.models import LedgerEntry
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "geheim-wachtwoord-1"


@pytest.fixture
def staff(django_user_model):
    people = {}
    for username, role in [
        ("ilse", "incassomedewerker"),
        ("tom", "teamleider"),
        ("carla", "controller"),
        ("manon", "manager"),
    ]:
        user = django_user_model.objects.create_user(username=username, password=PASSWORD, first_name=username.title())
        user.groups.add(Group.objects.get(name=role))
        people[username] = user
    return people


@pytest.fixture
def household():
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )
    tenancy = make_tenancy("HC1", start=date(2023, 1, 1), rent="650.00", service_costs="50.00", surname="Bakker")
    first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    book(
        tenancy, f"{first} rent 700.00\n{first} other_charge 700.00"
    )  # twice a month's rent: beyond an officer's limit
    return tenancy


def log_in(page, url, username):
    page.context.clear_cookies()
    sign_in(page, url, username)  # the password, then the code from the app


def test_an_arrangement_and_a_write_off_through_all_hands(live_server, staff, household, browser_page, look):
    page, url = browser_page, live_server.url

    log_in(page, url, "ilse")
    page.goto(f"{url}/huurcontract/HC1/")
    section = page.locator("#regeling")
    section.get_by_label("Bedrag per maand (voorstel huurder)").fill("200")
    section.get_by_text("De teamleider beslist").wait_for()  # the sizing while she types
    look("officer-sizes-arrangement")
    section.get_by_role("button", name="Regeling afspreken").click()
    assert "De regeling gaat naar de teamleider" in page.get_by_role("status").inner_text()

    section = page.locator("#kwijtschelding")
    section.locator("summary").click()
    section.get_by_label("Bedrag", exact=True).fill("400")
    section.get_by_label("Soort reden").select_option("fresh_start")
    section.get_by_label("Waarom").fill("Ziekte in het gezin; de huur wordt weer betaald.")
    section.get_by_label("Afspraken met de huurder (mag leeg)").fill("U neemt hulp aan van het buurtteam.")
    section.get_by_role("button", name="Voorstel maken").click()
    page.wait_for_load_state()
    write_off = WriteOff.objects.get()
    assert write_off.status == "proposed"

    log_in(page, url, "tom")
    page.goto(f"{url}/huurcontract/HC1/")
    page.locator("#regeling").get_by_role("button", name="Akkoord").click()
    assert "De regeling loopt" in page.get_by_role("status").inner_text()
    look("team-leader-approved-arrangement")
    arrangement = Arrangement.objects.get()
    assert (arrangement.status, arrangement.decided_by, arrangement.count) == ("running", staff["tom"], 7)

    for username, expected in (("tom", "reviewed"), ("carla", "assessed"), ("manon", "approved")):
        if username != "tom":
            log_in(page, url, username)
        page.goto(f"{url}/kwijtschelding/")  # the queue of their step
        page.get_by_role("link", name="HC1").click()
        page.locator("#volgende-stap").get_by_label("Akkoord").check()
        page.get_by_role("button", name="Besluit opslaan").click()
        page.wait_for_load_state()
        look(f"{username}-decided")
        write_off.refresh_from_db()
        assert write_off.status == expected

    credit = LedgerEntry.objects.get(tenancy=household, kind="write_off")
    assert credit.amount_cents == 40000 and credit.external_id == f"writeoff:{write_off.pk}"
    letters = set(OutboxMessage.objects.filter(tenancy=household, channel="letter").values_list("action", flat=True))
    assert letters == {"arrangement_confirmation", "write_off"}
