"""A staff user hears by e-mail when their password, app or recovery codes changed."""

import re
from base64 import b32decode

import django.test
import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"  # as in conftest.py
NEW = "drie fietsen in de regen"


@pytest.fixture
def ilse(officer):
    officer.email = "ilse@woonstichting.nl"
    officer.save()
    return officer


def told() -> list[str]:
    return [m.body for m in mail.outbox if m.subject == "Uw inloggegevens voor Huurpad zijn gewijzigd"]


def test_a_changed_password_is_told(client, ilse):
    client.force_login(ilse)
    client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert len(told()) == 1 and "Uw wachtwoord voor Huurpad is gewijzigd." in told()[0]
    assert "Laat het dan meteen de beheerder van Huurpad weten" in told()[0]


def test_a_refused_change_tells_nothing(client, ilse):
    client.force_login(ilse)
    client.post(reverse("password_change"), {"old_password": "fout", "new_password1": NEW, "new_password2": NEW})
    assert told() == []


def test_new_recovery_codes_and_a_new_app_are_told(client, ilse):
    client.force_login(ilse)
    client.post(reverse("new_recovery_codes"))
    page = client.get(reverse("second_factor_setup")).content.decode()
    secret = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    client.post(reverse("second_factor_setup"), {"code": f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"})
    assert ["nieuwe herstelcodes" in body for body in told()] == [True, False]
    assert "nieuwe authenticator-app" in told()[1]


def test_the_first_app_needs_no_notice(ilse):
    browser = django.test.Client()
    browser.post(reverse("login"), {"username": "ilse", "password": PASSWORD})
    page = browser.get(reverse("second_factor_setup")).content.decode()
    secret = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    browser.post(reverse("second_factor_setup"), {"code": f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"})
    assert browser.get(reverse("worklist")).status_code == 200
    assert told() == []
