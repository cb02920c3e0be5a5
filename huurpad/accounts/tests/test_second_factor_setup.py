"""Setting up the authenticator app, in Dutch: a QR code (inline SVG) and the secret as text,
one code to confirm, then the recovery codes, shown once."""

import re
from base64 import b32decode

import django.test
import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import pass_second_factor

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"  # as in conftest.py


@pytest.fixture
def browser(officer):
    browser = django.test.Client()
    browser.post(reverse("login"), {"username": "ilse", "password": PASSWORD})
    return browser


def code_for(secret_text: str) -> str:
    """What the app shows after the secret was typed in."""
    key = b32decode(secret_text.replace(" ", "") + "=" * (-len(secret_text.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def secret_on(page: str) -> str:
    return re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page).group(1)


def test_the_setup_page_shows_a_qr_code_and_the_secret(browser):
    page = browser.get(reverse("second_factor_setup")).content.decode()
    assert "Stel de app op uw telefoon in" in page
    assert "<svg" in page and "QR-code voor uw authenticator-app" in page and "<img" not in page
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", secret_on(page))
    assert 'autocomplete="one-time-code"' in page
    # the same secret on a reload, until it is confirmed
    assert secret_on(browser.get(reverse("second_factor_setup")).content.decode()) == secret_on(page)


def test_a_confirmed_code_links_the_app_and_shows_recovery_codes_once(browser, officer):
    secret = secret_on(browser.get(reverse("second_factor_setup")).content.decode())
    response = browser.post(reverse("second_factor_setup"), {"code": code_for(secret), "next": "/vandaag/"})
    assert response["Location"] == f"{reverse('recovery_codes')}?next=%2Fvandaag%2F"
    page = browser.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert "U ziet deze codes maar één keer" in page and 'href="/vandaag/"' in page
    assert browser.get(response["Location"])["Location"] == "/vandaag/"  # shown once
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert browser.get("/vandaag/").status_code == 200  # the session passed the second factor


def test_a_wrong_code_links_nothing(browser, officer):
    browser.get(reverse("second_factor_setup"))
    response = browser.post(reverse("second_factor_setup"), {"code": "123456"})
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert browser.get("/")["Location"].startswith(reverse("second_factor_setup"))


def test_a_new_phone_replaces_the_old_app_after_the_code(officer):
    client = django.test.Client()
    client.force_login(officer)
    pass_second_factor(client, officer)
    old = TOTPDevice.objects.get(user=officer)
    secret = secret_on(client.get(reverse("second_factor_setup")).content.decode())
    client.post(reverse("second_factor_setup"), {"code": code_for(secret)})
    assert list(TOTPDevice.objects.filter(user=officer).values_list("confirmed", flat=True)) == [True]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_the_account_page_makes_new_recovery_codes(client, officer):
    client.force_login(officer)
    page = client.get(reverse("account")).content.decode()
    assert "U heeft nog 0 herstelcodes" in page
    response = client.post(reverse("new_recovery_codes"))
    assert len(re.findall(r"<li><code>", client.get(response["Location"]).content.decode())) == 10
    assert "U heeft nog 10 herstelcodes" in client.get(reverse("account")).content.decode()


def test_the_beheerder_removes_a_lost_phones_app(client, officer, admin_user_):
    app = TOTPDevice.objects.create(user=officer, name="Authenticator-app", confirmed=True)
    admin_user_.is_staff = True
    admin_user_.save()
    client.force_login(admin_user_)
    url = reverse("admin:accounts_authenticatorapp_delete", args=[app.pk])
    assert "authenticator-app" in client.get(url).content.decode()
    client.post(url, {"post": "yes"})
    assert not TOTPDevice.objects.filter(user=officer).exists()
    browser = django.test.Client()
    browser.post(reverse("login"), {"username": "ilse", "password": PASSWORD})
    assert browser.get("/")["Location"].startswith(reverse("second_factor_setup"))  # sets up the new phone
