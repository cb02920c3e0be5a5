"""In a real browser: log in, see the worklist, filter it with htmx, open a tenancy, read its ledger.

pytest-django's live_server serves static files through django.contrib.staticfiles' handler (the
finders), so the page gets the same CSS and htmx as in development, without collectstatic. The
vendor files come from `make assets` (npm ci + scripts/copy-assets.sh).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import app_device, current_code
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def first_of_month(day, months_back):
    month, year = day.month - months_back, day.year
    while month < 1:
        month, year = month + 12, year - 1
    return day.replace(year=year, month=month, day=1)


@pytest.fixture
def households():
    today = timezone.localdate()
    two_back, one_back = first_of_month(today, 2), first_of_month(today, 1)
    behind = make_tenancy("HC777", surname="Vermeulen", initials="M.")
    book(
        behind,
        f"""
        {two_back} rent 650.00
        {two_back} service_costs 50.00
        {two_back + timedelta(days=3)} payment 700.00
        {one_back} rent 650.00
        {one_back} service_costs 50.00
        """,
    )
    new = make_tenancy("HC888", surname="Nieuwenhuis", start=two_back)
    book(new, f"{one_back} rent 650.00")
    return behind, new


def test_officer_logs_in_filters_the_worklist_and_reads_a_ledger(live_server, officer, households, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/login/")

    device = app_device(officer)
    page.get_by_label("Gebruikersnaam").fill("ilse")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code", exact=True).fill(current_code(device))  # the code from the app
    page.get_by_role("button", name="Verder").click()

    page.get_by_role("heading", name="Werklijst huurachterstand").wait_for()
    assert page.url == f"{live_server.url}/"
    table = page.get_by_role("table")
    assert "HC777" in table.inner_text() and "HC888" in table.inner_text()
    assert "€ 700,00" in table.inner_text().replace("\N{NO-BREAK SPACE}", " ")

    # Styles and htmx arrived: our stylesheet colours the header, the NL Design System CSS loaded.
    header_bg = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
    assert header_bg == "rgb(8, 61, 71)"
    vendor_rules = page.evaluate(
        """() => [...document.styleSheets]
            .filter(s => s.href && s.href.includes('component-library.css'))
            .map(s => s.cssRules.length)"""
    )
    assert vendor_rules and vendor_rules[0] > 100
    assert page.evaluate("() => typeof window.htmx") == "object"

    # Filtering swaps the table in place and puts the choice in the address bar.
    page.get_by_label("Profiel").select_option("new")
    page.wait_for_url("**segment=new**")
    page.get_by_role("status").filter(has_text="Nieuwe huurder").wait_for()
    assert "HC777" not in page.get_by_role("table").inner_text()
    assert "HC888" in page.get_by_role("table").inner_text()

    page.get_by_label("Profiel").select_option("")
    page.get_by_role("link", name="HC777").wait_for()
    page.get_by_role("link", name="HC777").click()

    page.get_by_role("heading", name="M. Vermeulen").wait_for()
    ledger = page.get_by_role("table", name="Alle boekingen tot en met vandaag")
    rows = ledger.get_by_role("row")
    assert rows.count() == 1 + 5  # header and five entries
    ledger_text = ledger.inner_text().replace("\N{NO-BREAK SPACE}", " ")
    assert "Betaling" in ledger_text and "Servicekosten" in ledger_text
    assert "€ 700,00" in ledger_text
