"""In a real browser: a team leader changes a number in the policy, checks the diff, saves it and
finds the new version in the change log. The browser comes from the browser_page fixture (conftest.py)."""

import pytest

from conftest import app_device, enter_code
from huurpad.collection.models import PolicyVersion
from huurpad.collection.policy_settings import label_of
from huurpad.core.policy import config

OLD = "[steps.first_time]          # late for the first time in a year: a nudge is usually enough\nnudge_after_days = 3"
NEW = OLD.replace("= 3", "= 6")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_teamleader_changes_a_number_checks_the_diff_and_finds_the_new_version(live_server, teamleader, browser_page):
    page = browser_page
    app_device(teamleader)  # Tom set up his app before
    page.goto(f"{live_server.url}/beleid/")
    page.get_by_label("Gebruikersnaam").fill("tom")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    enter_code(page, "tom")
    page.get_by_role("heading", name="Incassobeleid").wait_for()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beleid").wait_for()

    page.get_by_role("link", name="Wijzigen als bestand").click()  # the text; "Beleid wijzigen" is the form
    text_box = page.get_by_label("Tekst van het beleid")
    text = text_box.input_value()
    assert OLD in text
    text_box.fill(text.replace(OLD, NEW))
    page.get_by_label("Toelichting (verplicht)").fill("Eerste keer achter: drie dagen later herinneren")
    page.get_by_role("button", name="Verschillen bekijken").click()

    page.get_by_role("heading", name="Controleer de wijziging").wait_for()
    changes = page.get_by_role("table", name="Instellingen die anders zijn")
    row = changes.get_by_role("row", name=label_of("steps.first_time.nudge_after_days"))
    assert row.inner_text().split()[-3:] == ["steps.first_time.nudge_after_days", "3", "6"]
    assert row.inner_text().startswith(label_of("steps.first_time.nudge_after_days"))  # the Dutch name first
    diff = page.get_by_role("table", name="Regels die veranderen").inner_text()
    assert "nudge_after_days = 3" in diff and "nudge_after_days = 6" in diff
    assert PolicyVersion.objects.count() == 1  # nothing saved before the confirmation

    page.get_by_role("button", name="Opslaan als versie 2").click()
    page.get_by_role("heading", name="Beleid versie 2").wait_for()
    assert "Versie 2 is opgeslagen" in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Terug naar de wijzigingen").click()
    log = page.get_by_role("table", name="Alle versies, nieuwste bovenaan")
    rows = log.get_by_role("row")
    assert rows.count() == 1 + 2
    assert "Versie 2" in rows.nth(1).inner_text()
    assert "Eerste keer achter: drie dagen later herinneren" in rows.nth(1).inner_text()

    version = PolicyVersion.objects.get(number=2)
    assert version.created_by == teamleader
    assert version.text == config.default_text().replace(OLD, NEW)  # the text survived the round trips intact
