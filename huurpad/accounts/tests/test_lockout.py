"""Guessing passwords: after 10 failed sign-ins a (username, address) pair is locked for 15
minutes, in which even the right password is refused; others are not locked out; the beheerder
can lift a lock. Behind a proxy the address comes from the trusted header."""

from datetime import timedelta

import django.test
import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.signals import user_login_failed
from django.urls import reverse
from django.utils import timezone

from conftest import app_device, current_code, landing
from huurpad.accounts.signin_models import SignInLock

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"  # as in conftest.py
HOME, ELSEWHERE = "192.0.2.10", "198.51.100.20"


def sign_in(username, password, address=HOME, **headers):
    return django.test.Client(REMOTE_ADDR=address, **headers).post(
        reverse("login"), {"username": username, "password": password}
    )


def guess(username, times, address=HOME, **headers):
    return [sign_in(username, f"fout-{n}", address, **headers) for n in range(times)]


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("second_factor"))


@pytest.fixture
def ilse(officer):
    app_device(officer)
    return officer


def test_nine_wrong_passwords_do_not_lock(ilse):
    assert [r.status_code for r in guess("ilse", 9)] == [200] * 9
    assert signed_in(sign_in("ilse", PASSWORD))


def test_the_tenth_wrong_password_locks_and_then_the_right_one_is_refused(ilse):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0)), tick=False):
        responses = guess("ilse", 10)
        assert [r.status_code for r in responses] == [200] * 9 + [429]
        response = sign_in("ilse", PASSWORD)
    text = response.content.decode()
    assert response.status_code == 429
    assert "Inloggen is even geblokkeerd" in text and "ook niet met het goede wachtwoord" in text
    assert "Probeer het opnieuw na <strong>09:15 uur</strong>" in text
    assert AccessFailureLog.objects.filter(username="ilse", locked_out=True).exists()  # the lock is logged


def test_the_lock_ends_after_fifteen_minutes(ilse):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        guess("ilse", 10)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert sign_in("ilse", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=14 + 16), tick=False):  # a try in the lock starts it anew
        assert signed_in(sign_in("ilse", PASSWORD))


def test_guessing_at_names_from_one_address_locks_no_one_out_elsewhere(ilse, teamleader):
    app_device(teamleader)
    guess("ilse", 10, HOME)
    assert sign_in("ilse", PASSWORD, HOME).status_code == 429
    assert signed_in(sign_in("ilse", PASSWORD, ELSEWHERE))  # Ilse at her own desk
    assert signed_in(sign_in("tom", PASSWORD, HOME))  # another name from the same address


def test_django_still_reports_each_failed_sign_in_also_when_locked(ilse):
    failed = []

    def receiver(sender, credentials, request, **kwargs):
        failed.append(credentials["username"])

    user_login_failed.connect(receiver)
    try:
        guess("ilse", 10)
        sign_in("ilse", PASSWORD)
    finally:
        user_login_failed.disconnect(receiver)
    assert failed == ["ilse"] * 11


def test_wrong_codes_count_as_failed_sign_ins(ilse):
    browser = django.test.Client(REMOTE_ADDR=HOME)
    browser.post(reverse("login"), {"username": "ilse", "password": PASSWORD})
    statuses = [browser.post(reverse("second_factor"), {"code": f"00000{n}"}).status_code for n in range(10)]
    assert statuses == [200] * 9 + [429]
    assert "_auth_user_id" not in browser.session  # signed out
    assert sign_in("ilse", PASSWORD).status_code == 429


def test_the_beheerder_lifts_a_lock(ilse, admin_user_, client):
    guess("ilse", 10)
    admin_user_.is_staff = True
    admin_user_.save()
    client.force_login(admin_user_)
    listing = client.get(reverse("admin:accounts_signinlock_changelist")).content.decode()
    assert "Selecteer inlogblokkade" in listing and "Blokkade opheffen" in listing and "Mislukte pogingen" in listing
    assert listing.count("icon-yes.svg") == 1  # locked
    lock = SignInLock.objects.get(username="ilse")
    response = client.post(
        reverse("admin:accounts_signinlock_changelist"), {"action": "lift", "_selected_action": [lock.pk]}, follow=True
    )
    assert "Blokkade opgeheven voor 1" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="ilse").exists()
    assert signed_in(sign_in("ilse", PASSWORD))


def test_only_the_beheerder_sees_the_locks(ilse, teamleader, client):
    teamleader.is_staff = True
    teamleader.save()
    client.force_login(teamleader)
    assert client.get(reverse("admin:accounts_signinlock_changelist")).status_code == 403


def test_behind_a_proxy_the_trusted_header_gives_the_address(ilse, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    # The attacker writes an address of their own in front; the proxy adds the one it saw.
    guess("ilse", 10, proxy, HTTP_X_FORWARDED_FOR=f"{ELSEWHERE}, {HOME}")
    assert sign_in("ilse", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=HOME).status_code == 429
    assert signed_in(sign_in("ilse", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE))  # the whole city is not locked
    assert AccessAttempt.objects.get().ip_address == HOME


def test_without_the_setting_the_header_is_not_believed(ilse):
    guess("ilse", 10, HOME, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert AccessAttempt.objects.get().ip_address == HOME


def test_the_right_password_alone_does_not_wipe_the_count(ilse):
    guess("ilse", 5)
    browser = django.test.Client(REMOTE_ADDR=HOME)
    browser.post(reverse("login"), {"username": "ilse", "password": PASSWORD})
    statuses = [browser.post(reverse("second_factor"), {"code": f"00000{n}"}).status_code for n in range(5)]
    assert statuses == [200] * 4 + [429]


def test_a_completed_sign_in_wipes_the_count(ilse):
    guess("ilse", 9)
    browser = django.test.Client(REMOTE_ADDR=HOME)
    browser.post(reverse("login"), {"username": "ilse", "password": PASSWORD})
    assert browser.post(reverse("second_factor"), {"code": current_code(app_device(ilse))})["Location"] == landing()
    assert not AccessAttempt.objects.exists()
    assert [r.status_code for r in guess("ilse", 9)] == [200] * 9
