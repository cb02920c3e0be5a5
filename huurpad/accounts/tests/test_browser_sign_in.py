"""In a real browser: the first sign-in sets up the app (QR code and key), confirms a code, shows
the recovery codes; the next sign-in asks the code. Each page is screenshot and checked with
axe-core (var/test-artifacts/)."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "geheim-wachtwoord-1"  # as in conftest.py


def test_first_sign_in_sets_up_the_app_and_the_next_asks_the_code(live_server, officer, browser_page, look):
    page, url = browser_page, live_server.url
    page.goto(f"{url}/vandaag/")
    look("login")
    page.get_by_label("Gebruikersnaam").fill("ilse")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("heading", name="Stel de app op uw telefoon in").wait_for()
    look("setup")
    assert page.locator(".qr svg").count() == 1
    secret = page.locator("#secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code uit de app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="App koppelen").click()

    page.get_by_role("heading", name="Uw herstelcodes").wait_for()
    look("recovery-codes")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    page.get_by_role("heading", name="Vandaag").first.wait_for()
    assert page.url == f"{url}/vandaag/"

    page.get_by_role("link", name="Mijn account").click()
    look("account")
    page.get_by_role("banner").get_by_role("link", name="Wachtwoord wijzigen").click()
    page.get_by_label("Oud wachtwoord").fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("Zomer2026")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Zomer2026")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    look("password-too-short")
    assert page.get_by_text("Dit wachtwoord is te kort. Gebruik minimaal 12 tekens.").count() == 1
    page.get_by_role("button", name="Uitloggen").click()

    page.get_by_label("Gebruikersnaam").fill("ilse")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Verder").click()
    look("wrong-code")
    assert page.get_by_text("Deze code klopt niet").count() == 1
    # django-otp throttles a device for a second after a wrong code (doubling with each further one):
    # a person takes longer than that to find a recovery code.
    page.wait_for_timeout(1500)
    page.get_by_label("Code", exact=True).fill(codes[0])  # the phone is not at hand: a recovery code
    page.get_by_role("button", name="Verder").click()
    page.get_by_text("U gebruikte een herstelcode").wait_for()
    assert page.url == f"{url}/"


def test_the_lock_page_says_when_to_try_again(live_server, officer, browser_page, look):
    page, url = browser_page, live_server.url
    page.goto(f"{url}/wachtwoord/vergeten/")
    look("password-reset")
    page.goto(f"{url}/login/")
    for n in range(10):
        page.get_by_label("Gebruikersnaam").fill("ilse")
        page.get_by_label("Wachtwoord").fill(f"fout-{n}")
        page.get_by_role("button", name="Inloggen").click()
        if n < 9:
            page.get_by_role("heading", name="Inloggen").wait_for()
    page.get_by_role("heading", name="Inloggen is even geblokkeerd").wait_for()
    look("locked")
    assert "Probeer het opnieuw na" in page.content()
