"""Signing in and out is in the access log: a sign-in once it is complete (after the code from the
app or a recovery code, after setting up the app, by single sign-on, with the password alone where
the second factor is off, or a tenant's login link), and every end of a session (signed out, idle,
locked after wrong codes, a tenant's session that lapsed), with the user and the client's address.
The beheerder reads them on Inzage per medewerker. (The idle end: test_idle_timeout.py.)"""

import django.test
import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from conftest import app_device, current_code
from huurpad.accounts import second_factor
from huurpad.accounts.models import AccessLog
from huurpad.accounts.tests.test_sso import callback, claims, oidc  # noqa: F401 (fixture)
from huurpad.accounts.tests.test_user_access_log import table_of
from huurpad.portal import auth
from huurpad.portal.tests.conftest import home, log_in, sender  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"  # as in conftest.py
ADDRESS = "192.0.2.7"


@pytest.fixture
def browser():
    return django.test.Client(REMOTE_ADDR=ADDRESS)  # no shortcut: force_login passes no second factor


def account_lines() -> list[tuple[str, str, str, str | None]]:
    return [
        (line.username, line.outcome, line.action, line.address)
        for line in AccessLog.objects.filter(object_type="account").exclude(action="signin").order_by("id")
    ]


def password_step(browser, username="ilse"):
    assert browser.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302


def test_a_sign_in_is_logged_once_the_code_from_the_app_is_given(browser, officer):
    device = app_device(officer)
    password_step(browser)
    assert account_lines() == []  # the password alone is not a sign-in yet
    assert browser.post(reverse("second_factor"), {"code": current_code(device)}).status_code == 302
    assert account_lines() == [("ilse", AccessLog.Outcome.SIGNED_IN, "signin_app", ADDRESS)]
    line = AccessLog.objects.get(action="signin_app")
    assert line.user == officer and line.object_id == "ilse" and line.path.startswith(reverse("second_factor"))


def test_a_wrong_code_is_a_failed_sign_in_not_a_sign_in(browser, officer):
    app_device(officer)
    password_step(browser)
    browser.post(reverse("second_factor"), {"code": "000000"})
    assert AccessLog.objects.filter(outcome=AccessLog.Outcome.SIGNED_IN).count() == 0
    assert AccessLog.objects.filter(outcome=AccessLog.Outcome.SIGNIN_FAILED, username="ilse").count() == 1


def test_a_recovery_code_says_so(browser, officer):
    app_device(officer)
    codes = second_factor.new_recovery_codes(officer)
    password_step(browser)
    browser.post(reverse("second_factor"), {"code": codes[0]})
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert account_lines() == [("ilse", AccessLog.Outcome.SIGNED_IN, "signin_recovery", ADDRESS)]


def test_setting_up_the_first_app_completes_the_sign_in_and_a_new_phone_is_no_new_sign_in(browser, officer):
    password_step(browser)
    browser.get(reverse("second_factor_setup"))
    device = second_factor.pending_device(officer)
    assert browser.post(reverse("second_factor_setup"), {"code": current_code(device)}).status_code == 302
    assert account_lines() == [("ilse", AccessLog.Outcome.SIGNED_IN, "signin_setup", ADDRESS)]
    browser.get(reverse("second_factor_setup"))  # later, a new phone: set up again while signed in
    device = second_factor.pending_device(officer)
    assert browser.post(reverse("second_factor_setup"), {"code": current_code(device)}).status_code == 302
    assert len(account_lines()) == 1


def test_with_the_second_factor_off_the_password_completes_the_sign_in(browser, officer, settings):
    settings.SECOND_FACTOR_OFF = True
    password_step(browser)
    assert account_lines() == [("ilse", AccessLog.Outcome.SIGNED_IN, "signin_password", ADDRESS)]


def test_signing_out_is_logged(browser, officer):
    device = app_device(officer)
    password_step(browser)
    browser.post(reverse("second_factor"), {"code": current_code(device)})
    browser.post(reverse("logout"))
    assert account_lines()[-1] == ("ilse", AccessLog.Outcome.SIGNED_OUT, "signout", ADDRESS)
    browser.post(reverse("logout"))  # no one signed in any more: nothing to log
    assert len(account_lines()) == 2


def test_a_session_ended_by_the_lock_after_wrong_codes_says_so(browser, officer, settings):
    app_device(officer)
    password_step(browser)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        browser.post(reverse("second_factor"), {"code": "000000"})
    assert account_lines()[-1] == ("ilse", AccessLog.Outcome.SIGNED_OUT, "signout_locked", ADDRESS)
    assert AccessLog.objects.filter(outcome=AccessLog.Outcome.SIGNED_IN).count() == 0


def test_single_sign_on_is_logged_when_the_provider_did_the_second_factor(db):
    callback(claims(["Huurpad beheer"], amr=["pwd", "mfa"]))
    assert [(outcome, action) for _, outcome, action, _ in account_lines()] == [
        (AccessLog.Outcome.SIGNED_IN, "signin_sso")
    ]
    assert AccessLog.objects.get(action="signin_sso").username == "oidc-a1b2c3"


def test_single_sign_on_without_the_providers_second_factor_waits_for_huurpads_code(db):
    callback(claims(["Huurpad beheer"], amr=["pwd"]))
    assert account_lines() == []  # the code step logs the sign-in, as after a password


def test_a_tenant_signing_in_and_out_of_mijn_huurpad_is_logged(client, home):
    log_in(client, "anna@example.nl")
    client.post(reverse("portal:logout"))
    username = home.tenant.portal_account.user.username
    assert account_lines() == [
        (username, AccessLog.Outcome.SIGNED_IN, "signin_link", "127.0.0.1"),
        (username, AccessLog.Outcome.SIGNED_OUT, "signout", "127.0.0.1"),
    ]


def test_a_tenant_s_session_that_lapsed_is_ended_and_says_so(client, home):
    log_in(client, "anna@example.nl")
    session = client.session
    session[auth.SESSION_SEEN] = 0  # the last request was long ago
    session.save()
    assert client.get(reverse("portal:overview"))["Location"] == reverse("portal:login")
    assert [action for _, _, action, _ in account_lines()] == ["signin_link", "signout_lapsed"]


def test_the_beheerder_reads_sign_ins_and_sign_outs_per_user(client, browser, officer, admin_user_):
    device = app_device(officer)
    password_step(browser)
    browser.post(reverse("second_factor"), {"code": current_code(device)})
    browser.post(reverse("logout"))
    client.force_login(admin_user_)
    shown = table_of(client.get("/inzage/medewerker/", {"gebruiker": "ilse"}))
    assert "Ingelogd, met een code uit de app" in shown and "Uitgelogd" in shown and ADDRESS in shown
    shown = table_of(client.get("/inzage/medewerker/", {"gebruiker": "ilse", "uitkomst": "signed_in"}))
    assert "Ingelogd, met een code uit de app" in shown and "Uitgelogd" not in shown
