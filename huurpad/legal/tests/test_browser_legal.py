"""In a real browser: the team leader hands a case to the bailiff and records the summons on the
tenancy page; the track's stage and dates show under Juridisch traject; a scheduled eviction during
debt help is refused with its reason and a task to ask for a hold. Another household's eviction,
scheduled without debt help, shows what is done to prevent it after the day's run, and the team
leader records its cancellation with the reason. axe-core finds nothing serious.
Screenshots: /tmp/legal-*.png."""

from datetime import date

import pytest

from conftest import sign_in
from huurpad.cases.models import Task
from huurpad.collection.daily import run_day
from huurpad.legal import track
from huurpad.legal.models import LegalCase

from .scenario import approve, debt_help, ready_for_court, to_judgment_served

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def record_step(page, stage: str, day: str, **fields) -> None:
    panel = page.locator("#juridisch")
    details = panel.locator("details")
    if details.get_attribute("open") is None:
        panel.get_by_text("Stap vastleggen").click()
    panel.get_by_label("Welke stap?").select_option(label=stage)
    panel.get_by_label("Datum van de stap").fill(day)
    for label, value in fields.items():
        field = panel.get_by_label(label)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    panel.get_by_role("button", name="Stap opslaan").click()
    page.wait_for_load_state()


def test_the_legal_track_on_the_case_file(live_server, teamleader, officer, browser_page, look):
    page = browser_page
    tenancy = ready_for_court("HC-RECHT")
    approve(tenancy, user=teamleader)
    sign_in(page, live_server.url, "tom")
    page.goto(f"{live_server.url}/huurcontract/HC-RECHT/#juridisch")
    panel = page.locator("#juridisch")
    assert "Geen juridisch traject" in panel.inner_text()
    page.screenshot(path="/tmp/legal-1-empty.png", full_page=False)

    record_step(page, "Overgedragen aan de deurwaarder", "2026-06-15", **{"Stuk (kenmerk of naam)": "OV-2026-12"})
    assert "Vastgelegd: overgedragen aan de deurwaarder." in page.content()
    record_step(
        page,
        "Dagvaarding betekend",
        "2026-06-20",
        **{
            "Datum van de zitting (bij de dagvaarding)": "2026-07-08",
            "Besloten door (rechtbank, deurwaarder)": "Deurwaarders Oost",
            "Kosten deurwaarder (euro)": "95.00",
        },
    )
    text = panel.inner_text()
    assert "Dagvaarding betekend" in text and "8 juli 2026" in text and "15 juni 2026" in text
    assert "OV-2026-12" in text and "Deurwaarders Oost" in text
    panel.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/legal-2-summons.png", full_page=False)
    panel.screenshot(path="/tmp/legal-2-panel.png")
    look("summons")

    # On to the judgment served (recorded through the track), then debt help starts: no eviction.
    track.record(
        tenancy, "judgment", date(2026, 7, 22), track.Details(outcome="ontbinding_ontruiming"), acting_user=teamleader
    )
    track.record(tenancy, "judgment_served", date(2026, 8, 1), acting_user=teamleader)
    debt_help(tenancy, date(2026, 8, 3))
    page.goto(f"{live_server.url}/huurcontract/HC-RECHT/#juridisch")
    record_step(
        page,
        "Ontruiming gepland",
        "2026-08-10",
        **{"Datum van de ontruiming (bij een geplande ontruiming)": "2026-09-15"},
    )
    said = page.locator(".messages, [role=alert], .utrecht-alert").first.inner_text()
    assert "schuldhulptraject" in page.content()
    assert "aan te houden" in page.content()
    assert LegalCase.objects.get(tenancy=tenancy).held_since == date(2026, 8, 10)
    assert Task.objects.filter(tenancy=tenancy, kind="legal_hold", status="open").exists()
    assert "Aangehouden sinds 10 augustus 2026" in page.locator("#juridisch").inner_text()
    page.locator("#juridisch").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/legal-3-held.png", full_page=False)
    look("held")
    assert said

    # Another household: the eviction is scheduled, the day's run prepares its prevention.
    other = ready_for_court("HC-VOORKOM")
    to_judgment_served(other, teamleader)
    track.record(
        other,
        "eviction_scheduled",
        date(2026, 8, 10),
        track.Details(eviction_date=date(2026, 9, 15)),
        acting_user=officer,
    )
    run_day(date(2026, 8, 10), full=True)
    page.goto(f"{live_server.url}/huurcontract/HC-VOORKOM/#juridisch")
    prevention = page.locator("#ontruiming-voorkomen")
    text = prevention.inner_text()
    assert "15 september 2026" in text and "Ontruiming dreigt: bel de huurder: uiterlijk 18 augustus" in text
    assert "huisbezoek: uiterlijk 25 augustus" in text and "laatste aanbod: uiterlijk 1 september" in text
    assert "Crisissignaal aan de gemeente van 10 augustus 2026" in text
    prevention.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/legal-4-prevention.png", full_page=False)
    look("prevention")

    record_step(
        page,
        "Ontruiming afgeblazen",
        "2026-08-20",
        **{"Waarom gaat de ontruiming niet door?": "Er is een betalingsregeling"},
    )
    panel_text = page.locator("#juridisch").inner_text()
    assert "gaat niet door: er is een betalingsregeling" in panel_text
    assert "Ontruiming voorkomen" not in panel_text
    assert not Task.objects.filter(tenancy=other, kind__startswith="eviction_", status="open").exists()
    page.locator("#juridisch").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/legal-5-cancelled.png", full_page=False)
    look("cancelled")
