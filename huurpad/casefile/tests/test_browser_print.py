"""In a real browser: an officer opens a case by hand and prints it; the beheerder finds the
tenancy under Inzage and sees who looked. Screenshots (and the printed PDF) are kept in
var/test-artifacts/; every page is checked with axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import ARTIFACTS, sign_in
from huurpad.cases import actions, events
from huurpad.cases.models import Partner
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, url, username):
    sign_in(page, url, username)  # the password, then the code from the app


@pytest.fixture
def household(officer):
    today = timezone.localdate()
    tenancy = make_tenancy("HC2001", surname="Visser", phone="0612345678", start=today.replace(year=today.year - 2))
    due = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    book(tenancy, f"{due} rent 700.00")
    events.reminder_letter(tenancy, due + timedelta(days=3), offers_data_sharing=True, points_to_debt_help=True).save()
    actions.record_contact(tenancy, acting_user=officer, channel="phone", reached=False, day_part="ochtend")
    actions.record_contact(tenancy, acting_user=officer, channel="card", reached=False, note="Niemand thuis")
    team = Partner.objects.create(name="Buurtteam Noord", kind=Partner.Kind.BUURTTEAM)
    actions.refer(
        tenancy,
        partner=team,
        reason="Hulp bij de post",
        basis="consent",
        follow_up_on=today + timedelta(days=14),
        acting_user=officer,
    )
    return tenancy


def test_an_officer_opens_a_case_and_prints_it(live_server, officer, household, browser_page, look):
    page = browser_page
    log_in(page, live_server.url, "ilse")
    page.goto(f"{live_server.url}/huurcontract/{household.ref}/")
    page.locator("#dossier summary").click()  # the folded form
    page.locator("#dossier").get_by_label("Waarom").fill("Buurvrouw maakt zich zorgen")
    page.get_by_role("button", name="Dossier openen").click()
    page.get_by_text("Dossier geopend. Het staat op de tijdlijn.").wait_for()
    look("dossier-geopend")

    page.get_by_role("link", name="Afdrukken").click()
    page.get_by_role("heading", name="Contactpogingen").wait_for()
    assert page.locator("nav, form, button, input, select, textarea").count() == 0
    look("afdruk-scherm")

    page.emulate_media(media="print")
    assert page.get_by_text("Terug naar het huurcontract").is_hidden()  # for the screen only
    page.screenshot(path=ARTIFACTS / "afdruk-dossier--print.png", full_page=True)
    page.pdf(path=ARTIFACTS / "afdruk-dossier.pdf", format="A4", print_background=True)
    assert (ARTIFACTS / "afdruk-dossier.pdf").stat().st_size > 10_000


def test_the_beheerder_finds_who_looked_under_inzage(live_server, officer, admin_user_, household, browser_page, look):
    page = browser_page
    log_in(page, live_server.url, "ilse")
    page.goto(f"{live_server.url}/huurcontract/{household.ref}/")
    page.get_by_role("link", name="Afdrukken").click()
    page.get_by_role("heading", name="Tijdlijn").wait_for()
    page.context.clear_cookies()

    log_in(page, live_server.url, "bea")
    page.get_by_role("link", name="Inzage").click()
    page.get_by_label("Contractnummer").fill("hc2001")
    page.get_by_role("button", name="Zoek").click()
    page.get_by_role("heading", name=f"Wie keek naar huurcontract {household.ref}").wait_for()
    page.get_by_role("cell", name="Dossier afgedrukt").wait_for()
    page.get_by_role("cell", name="Huurcontract bekeken").wait_for()
    page.get_by_role("cell", name="Huurcontract op de werklijst").wait_for()  # where Ilse landed after signing in
    assert page.get_by_role("cell", name="ilse").count() == 3
    look("inzage")
