"""In a real browser: an officer works 'Vandaag' and records two calls, a partner sees only the
household referred to them, a team leader approves an escalation review. Every page is
screenshot (var/test-artifacts/) and checked with axe-core."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import sign_in
from huurpad.accounts.roles import Role
from huurpad.cases.models import CaseEvent, Partner, Referral, Task
from huurpad.collection.models import TenancyState
from huurpad.signals.models import EarlySignal
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, url, username):
    sign_in(page, url, username)  # the password, then the code from the app


def owing(ref: str, surname: str):
    today = timezone.localdate()
    tenancy = make_tenancy(ref, surname=surname, phone="0612345678", start=today.replace(year=today.year - 2))
    due = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    book(tenancy, f"{due} rent 700.00")
    TenancyState.objects.create(
        tenancy=tenancy,
        day=today,
        arrears_cents=70000,
        days_overdue=(today - due).days,
        oldest_unpaid_due_date=due,
        segment="first_time",
    )
    return tenancy


def next_fifteenth(today: date) -> date:
    day = today.replace(day=15)
    if day <= today:
        day = (today.replace(day=28) + timedelta(days=4)).replace(day=15)
    return day


def test_an_officer_calls_twice_from_vandaag(live_server, officer, browser_page, look):
    page, today = browser_page, timezone.localdate()
    tenancy = owing("HC1001", "Bakker")
    Task.objects.create(
        tenancy=tenancy,
        action="call",
        role=Role.INCASSOMEDEWERKER.value,
        title="Bellen",
        explanation="Bellen, poging 1 van 2: achterstand € 700,00.",
        due_date=today,
    )
    log_in(page, live_server.url, "ilse")
    page.get_by_role("link", name="Vandaag").click()
    page.get_by_role("heading", name="Vandaag").wait_for()
    look("vandaag")
    page.get_by_role("link", name="HC1001").click()
    page.get_by_role("heading", name="Contact vastleggen").wait_for()
    look("huurcontract")

    page.evaluate("() => { window.sameVisit = true }")  # gone if the page were loaded again
    page.get_by_label("Nee, niet bereikt").check()
    page.get_by_role("button", name="Contact opslaan").click()
    page.get_by_text("Contact vastgelegd: niet bereikt.").wait_for()
    assert page.evaluate("() => window.sameVisit === true"), "saving reloaded the whole page"
    # Focus moves to the message (read out by a screen reader), so the keyboard goes on from there.
    page.wait_for_function("() => document.activeElement.getAttribute('role') === 'status'", timeout=5000)
    page.locator("#tijdlijn-items").get_by_text("Bereikt: nee").wait_for()  # the timeline, swapped in place

    promise = next_fifteenth(today)
    page.get_by_label("Ja, gesproken").check()
    page.get_by_label("Uitkomst").select_option("promise_to_pay")
    page.get_by_label("Betaalt op").fill(promise.isoformat())
    page.get_by_role("button", name="Contact opslaan").click()
    page.get_by_text("Contact vastgelegd: gesproken.").wait_for()
    page.get_by_text("Betaalbelofte nakijken").wait_for()  # the follow-up task, under Open taken
    look("na-betaalbelofte")
    attempts = CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.CONTACT_ATTEMPT).order_by("id")
    assert [e.params["reached"] for e in attempts] == [False, True]
    assert Task.objects.get(action="promise_check").due_date == promise + timedelta(days=1)
    # The tenant was reached: the call has no reason left and closed itself, saying so on the timeline.
    assert Task.objects.get(action="call").status == Task.Status.OBSOLETE
    page.locator("#tijdlijn-items").get_by_text("er is contact geweest met de huurder").first.wait_for()


def test_a_partner_sees_only_the_household_referred_to_them(live_server, officer, partner, browser_page, look):
    page = browser_page
    mine, other = owing("HC1002", "Smit"), owing("HC1003", "De Wit")
    team = Partner.objects.create(name="Buurtteam Zuid", kind=Partner.Kind.BUURTTEAM)
    team.members.add(partner)
    coaches = Partner.objects.create(name="Budgetcoaches", kind=Partner.Kind.BUDGETCOACH)
    Referral.objects.create(
        tenancy=mine,
        partner=team,
        reason="Wil hulp bij de post",
        basis="consent",
        follow_up_on=timezone.localdate(),
        created_by=officer,
    )
    theirs = Referral.objects.create(
        tenancy=other,
        partner=coaches,
        reason="Budget",
        basis="consent",
        follow_up_on=timezone.localdate(),
        created_by=officer,
    )
    log_in(page, live_server.url, "paula")
    page.get_by_role("heading", name="Doorverwezen huishoudens").wait_for()
    assert "De Wit" not in page.content()
    look("partner-lijst")
    page.get_by_role("link", name="Smit").click()
    page.get_by_role("heading", name="Terugkoppeling").wait_for()
    look("partner-doorverwijzing")
    page.get_by_label("Uw terugkoppeling").fill("Eerste gesprek gehad.")
    page.get_by_role("button", name="Terugkoppelen").click()
    page.get_by_text("Uw terugkoppeling staat in het dossier").wait_for()
    assert page.goto(f"{live_server.url}/partner/{theirs.pk}/").status == 403
    assert page.goto(f"{live_server.url}/huurcontract/{mine.ref}/").status == 403


def test_a_team_leader_approves_an_escalation_review(live_server, teamleader, browser_page, look):
    page = browser_page
    tenancy = owing("HC1004", "Visser")
    Task.objects.create(
        tenancy=tenancy,
        action="escalation_review",
        role=Role.TEAMLEIDER.value,
        title="Beoordelen: volgende stap",
        explanation="Achterstand van 3,00 maanden huur.",
        due_date=timezone.localdate(),
    )
    EarlySignal.objects.create(
        tenancy=tenancy,
        status=EarlySignal.Status.AWAITING,
        municipality_code="GM0363",
        amount_cents=210000,
        arrears_since=timezone.localdate() - timedelta(days=90),
        signal_date=timezone.localdate(),
    )
    log_in(page, live_server.url, "tom")
    page.get_by_role("link", name="Vandaag").click()
    page.get_by_text("Beoordelen: volgende stap", exact=True).wait_for()
    page.get_by_role("link", name="1 vroegsignaal wacht op uw akkoord: geef akkoord bij Vroegsignalen").wait_for()
    page.get_by_role("heading", name="Wijzigingen van het beleid").wait_for()
    look("teamleider-vandaag")
    page.get_by_role("button", name="Akkoord").click()
    page.get_by_text("HC1004: akkoord gegeven voor de volgende stap.").wait_for()
    assert CaseEvent.objects.get(type=CaseEvent.Type.ESCALATION_DECIDED).params["approved"] is True


def test_vandaag_and_the_tenancy_page_read_at_200_percent_and_work_by_keyboard(
    live_server, officer, browser_page, look
):
    """At 200 % zoom (half the width) nothing needs scrolling sideways but the wide tables, which
    scroll in their own box; contact can be recorded without a mouse."""
    page = browser_page
    tenancy = owing("HC1005", "Mulder")
    Task.objects.create(
        tenancy=tenancy,
        action="call",
        role=Role.INCASSOMEDEWERKER.value,
        title="Bellen",
        explanation="Bellen, poging 1 van 2.",
        due_date=timezone.localdate(),
    )
    log_in(page, live_server.url, "ilse")
    page.set_viewport_size({"width": 640, "height": 450})
    for path, step in (("/vandaag/", "vandaag-200"), (f"/huurcontract/{tenancy.ref}/", "huurcontract-200")):
        page.goto(f"{live_server.url}{path}")
        look(step)
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 640, f"{path}: the page is {wide} px wide at 640"

    page.get_by_label("Nee, niet bereikt").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Contact opslaan").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Contact vastgelegd: niet bereikt.").wait_for()
    assert CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.CONTACT_ATTEMPT).params["reached"] is False


def test_an_officer_makes_a_pay_link_and_the_tenant_pays_it(live_server, officer, browser_page, look):
    """The demo loop: a pay link from the tenancy page, paid on the demo provider's page, booked."""
    page = browser_page
    tenancy = owing("HC1006", "Visser")
    log_in(page, live_server.url, "ilse")
    page.goto(f"{live_server.url}/huurcontract/{tenancy.ref}/")
    page.get_by_role("button", name="Maak een betaallink voor € 700,00").click()
    page.get_by_text("Betaallink gemaakt voor € 700,00.").wait_for()
    look("betaallink-gemaakt")
    link = page.locator("#betaallinks a").first.get_attribute("href")

    tenant = page.context.browser.new_page()  # the tenant, not logged in
    tenant.goto(link)
    tenant.get_by_role("heading", name="Betalen met iDEAL").wait_for()
    tenant.get_by_role("button", name="Betaal € 700,00").click()
    tenant.get_by_role("heading", name="Dank u wel").wait_for()
    tenant.close()

    page.reload()
    page.locator("#betaallinks").get_by_text("Betaald").wait_for()
    look("betaallink-betaald")
    assert list(tenancy.ledger_entries.filter(kind="payment").values_list("amount_cents", flat=True)) == [70000]


def test_an_officer_opens_folded_forms_to_refer_and_to_note_that_the_tenant_cannot_be_called(
    live_server, officer, browser_page, look
):
    """The page carries the forms an officer uses now and then folded; opening one (by mouse or by
    keyboard) fetches it in place."""
    page = browser_page
    tenancy = owing("HC1007", "Jansen")
    Partner.objects.create(name="Buurtteam Noord", kind=Partner.Kind.BUURTTEAM)
    log_in(page, live_server.url, "ilse")
    page.goto(f"{live_server.url}/huurcontract/{tenancy.ref}/")
    section = page.locator("#doorverwijzen")
    assert section.locator("form").count() == 0
    section.get_by_text("Doorverwijzen naar een partner").click()
    section.get_by_label("Naar").select_option(label="Buurtteam Noord")
    look("doorverwijzen-open")
    section.get_by_label("Waarom").fill("Wil hulp bij de post")
    section.get_by_label("Toestemming van de huurder").check()
    section.get_by_role("button", name="Doorverwijzen").click()
    page.get_by_text("Doorverwezen naar Buurtteam Noord.").wait_for()
    assert Referral.objects.get(tenancy=tenancy).reason == "Wil hulp bij de post"

    section = page.locator("#bereikbaarheid")
    section.get_by_text("Geen beperkingen vastgelegd").wait_for()
    section.get_by_text("Bereikbaarheid aanpassen").focus()
    page.keyboard.press("Enter")
    section.get_by_label("Niet bellen (doof of slechthorend, of op verzoek)").check()
    section.get_by_role("button", name="Bereikbaarheid opslaan").click()
    page.locator("#bereikbaarheid").get_by_text("Niet bellen.", exact=True).wait_for()
    tenancy.tenant.refresh_from_db()
    assert tenancy.tenant.no_calls
