"""The code step: after the password, every staff page waits for a code from the app (or a
recovery code, which works once). Sign-in, sign-out, password reset and the public and portal
pages stay reachable. Real steps here, without the test client's shortcut."""

from datetime import timedelta
from urllib.parse import urlencode

import django.test
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from conftest import app_device, current_code, landing
from huurpad.accounts import second_factor
from huurpad.portal.tests.conftest import home, log_in, sender  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"  # as in conftest.py


@pytest.fixture
def browser():
    return django.test.Client()  # no shortcut: force_login here passes no second factor


def password_step(browser, username="ilse"):
    response = browser.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_after_the_password_every_staff_page_asks_for_the_code(browser, officer, admin_user_):
    app_device(officer)
    password_step(browser)
    for path in [
        "/",
        "/vandaag/",
        "/huurcontract/HC1/",
        "/vroegsignalen/",
        reverse("account"),
        reverse("password_change"),
    ]:
        response = browser.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("second_factor") + "?next="), path
    # a write is refused the same way: nothing happens before the code
    assert browser.post("/huurcontract/HC1/notitie/", {"text": "x"})["Location"].startswith(reverse("second_factor"))


def test_the_beheerder_needs_the_code_for_the_admin_too(browser, admin_user_):
    admin_user_.is_staff = True
    admin_user_.save()
    app_device(admin_user_)
    password_step(browser, "bea")
    assert browser.get("/beheer/")["Location"].startswith(reverse("second_factor"))
    assert browser.get("/beheer/login/")["Location"] == reverse("login")  # the admin signs in at our door


def test_sign_out_reset_and_public_pages_stay_open_before_the_code(browser, officer):
    app_device(officer)
    password_step(browser)
    assert browser.get(reverse("second_factor")).status_code == 200
    assert browser.get(reverse("password_reset")).status_code == 200
    assert browser.get(reverse("prevention:affordability")).status_code == 200
    assert browser.get(reverse("portal:login")).status_code == 200
    assert browser.post(reverse("logout"))["Location"] == reverse("login")
    assert "_auth_user_id" not in browser.session


def test_a_wrong_code_is_refused_kindly(browser, officer):
    app_device(officer)
    password_step(browser)
    response = browser.post(reverse("second_factor"), {"code": "000000"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Deze code klopt niet" in text and 'aria-invalid="true"' in text
    assert browser.get("/")["Location"].startswith(reverse("second_factor"))


def test_a_used_code_does_not_work_a_second_time(browser, officer):
    device = app_device(officer)
    password_step(browser)
    code = current_code(device)
    assert browser.post(reverse("second_factor"), {"code": code})["Location"] == landing()
    other = django.test.Client()
    password_step(other)
    assert other.post(reverse("second_factor"), {"code": code}).status_code == 200  # refused: replayed


def test_a_recovery_code_works_once(browser, officer):
    app_device(officer)
    codes = second_factor.new_recovery_codes(officer)
    password_step(browser)
    response = browser.post(reverse("second_factor"), {"code": codes[0].upper()}, follow=True)
    assert "U gebruikte een herstelcode" in response.content.decode()
    assert browser.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=officer).count() == len(codes) - 1
    other = django.test.Client()
    password_step(other)
    assert other.post(reverse("second_factor"), {"code": codes[0]}).status_code == 200  # used up: refused
    with time_machine.travel(timezone.now() + timedelta(seconds=10)):  # a wrong code holds the next try back a moment
        assert other.post(reverse("second_factor"), {"code": codes[1]})["Location"] == landing()


def test_someone_without_an_app_is_sent_to_set_it_up(browser, officer):
    response = password_step(browser)
    assert response["Location"] == f"{reverse('second_factor_setup')}?{urlencode({'next': landing()})}"
    assert browser.get("/")["Location"].startswith(reverse("second_factor_setup"))
    assert browser.get(reverse("second_factor"))["Location"].startswith(reverse("second_factor_setup"))


def test_a_password_alone_cannot_add_another_app(browser, officer):
    app_device(officer)
    password_step(browser)
    assert browser.get(reverse("second_factor_setup"))["Location"].startswith(reverse("second_factor"))


def test_a_tenant_in_mijn_huurpad_is_not_asked_for_a_code(browser, home):
    log_in(browser, "anna@example.nl")
    assert browser.get(reverse("portal:overview")).status_code == 200
    assert not second_factor.has_device(home.tenant.portal_account.user)


def test_the_demo_switch_lets_staff_in_without_a_code(browser, officer, settings):
    settings.SECOND_FACTOR_OFF = True
    password_step(browser)
    assert browser.get("/").status_code == 200


def test_before_the_code_the_header_offers_no_pages(browser, officer):
    app_device(officer)
    password_step(browser)
    page = browser.get(reverse("second_factor")).content.decode()
    assert ">Werklijst</a>" not in page and ">Mijn account</a>" not in page
    assert ">Uitloggen</button>" in page


def test_a_portal_session_is_told_apart_by_the_portals_own_key():
    from huurpad.portal import auth as portal_auth

    assert second_factor.PORTAL_SESSION == portal_auth.SESSION_TENANCY
