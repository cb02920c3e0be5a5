"""Logging in to Mijn Huurpad by a code sent by SMS: the same answer for every number, a code that
works once, for 30 minutes, only in the browser that asked for it, at most five codes and links an
hour together, and five wrong tries before a new code is needed."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.messaging import channels
from huurpad.portal import auth
from huurpad.portal.models import LoginLink
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


class Phone:
    """The SMS channel as the provider would see it: every text sent, by number."""

    idempotent = False

    def __init__(self):
        self.sent = []

    def send(self, message) -> str:
        self.sent.append(message)
        return message.reference

    def code_for(self, number: str) -> str:
        [last] = [m for m in self.sent if m.recipient == number][-1:]
        return re.search(r"\b(\d{6})\b", last.body).group(1)


@pytest.fixture
def phone(monkeypatch):
    sms = Phone()
    monkeypatch.setattr(auth.channels, "get", lambda name: sms if name == "sms" else None)
    return sms


def ask(client, number) -> str:
    response = client.post(reverse("portal:login_sms"), {"phone": number})
    assert response.status_code == 302 and response["Location"] == reverse("portal:enter_code")
    page = client.get(response["Location"]).content.decode()
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", page)  # new each page


def enter(client, code):
    return client.post(reverse("portal:enter_code"), {"code": code})


def test_the_login_page_leads_to_the_sms_page(client):
    page = client.get(reverse("portal:login")).content.decode()
    assert f'href="{reverse("portal:login_sms")}">Log in met een code per sms</a>' in page
    sms = client.get(reverse("portal:login_sms")).content.decode()
    assert '<label class="utrecht-form-label" for="inloggen-sms-phone">Uw mobiele nummer</label>' in sms
    assert 'type="tel"' in sms and 'type="password"' not in sms


def test_a_known_number_gets_a_code_that_logs_in_once(client, home, phone):
    page = ask(client, "06 12 34 56 78")  # as people type it; on file as 0612345678
    assert "Is dit nummer bij ons bekend?" in page
    [text] = phone.sent
    assert text.recipient == "0612345678" and text.channel == "sms" and "30 minuten" in text.body
    assert len(text.body) <= 160  # one text message
    code = phone.code_for("0612345678")
    link = LoginLink.objects.get()
    assert code not in link.token_hash and link.tenancy == home  # only a hash is kept
    response = enter(client, code)
    assert response.status_code == 302 and response["Location"] == reverse("portal:overview")
    assert "Hallo A. Bakker" in client.get(reverse("portal:overview")).content.decode()
    assert AccessLog.objects.filter(action="signin_sms", outcome=AccessLog.Outcome.SIGNED_IN).count() == 1
    assert LoginLink.objects.get().used_at is not None
    client.post(reverse("portal:logout"))
    assert enter(client, code).status_code == 302  # no code asked in this session: back to asking
    ask(client, "0612345678")
    phone.sent.clear()
    assert enter(client, code).status_code == 400  # the old code is used up


def test_an_unknown_number_gets_the_same_pages_and_no_text(client, home, other_home, phone):
    known = ask(client, "0612345678")
    client.cookies.clear()
    unknown = ask(client, "0687654321")
    assert unknown == known and len(phone.sent) == 1
    wrong_unknown = enter(client, "123456").content.decode()
    client.cookies.clear()
    ask(client, "0612345678")
    wrong_known = enter(client, "000000" if phone.code_for("0612345678") != "000000" else "111111").content.decode()
    strip = lambda page: re.sub(r'"X-CSRFToken": "[^"]+"|value="[^"]*"', "", page)  # noqa: E731
    assert strip(wrong_unknown) == strip(wrong_known)
    assert "Deze code klopt niet of werkt niet meer." in wrong_known


def test_a_number_two_tenants_share_gets_no_code(client, home, phone):
    make_tenancy("HC9", surname="Bakker", phone="+31 6 1234 5678")
    ask(client, "0612345678")
    assert phone.sent == []


def test_the_code_works_only_in_the_browser_that_asked_for_it(client, home, phone, django_user_model):
    from django.test import Client

    ask(client, "0612345678")
    other = Client()
    other.post(reverse("portal:login_sms"), {"phone": "0699999999"})  # a session of its own, another number
    response = enter(other, phone.code_for("0612345678"))
    assert response.status_code == 400 and LoginLink.objects.get().used_at is None


def test_an_expired_code_is_refused(client, home, phone):
    ask(client, "0612345678")
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert enter(client, phone.code_for("0612345678")).status_code == 400
    assert LoginLink.objects.get().used_at is None


def test_five_wrong_codes_and_a_new_one_is_needed(client, home, phone):
    ask(client, "0612345678")
    right = phone.code_for("0612345678")
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(auth.CODE_TRIES - 1):
        assert enter(client, wrong).status_code == 400
    response = enter(client, wrong)
    assert response.status_code == 302 and response["Location"] == reverse("portal:login_sms")
    assert enter(client, right)["Location"] == reverse("portal:login_sms")  # the right code no longer helps
    assert LoginLink.objects.get().used_at is None


def test_codes_and_links_count_together_at_most_five_an_hour(client, home, phone):
    client.post(reverse("portal:login"), {"email": "anna@example.nl"})
    for _ in range(6):
        ask(client, "0612345678")
    assert len(phone.sent) == auth.LINKS_PER_HOUR - 1 and LoginLink.objects.count() == auth.LINKS_PER_HOUR


def test_a_number_that_is_not_one_is_explained_and_nothing_is_sent(client, home, phone):
    response = client.post(reverse("portal:login_sms"), {"phone": "hallo"})
    assert response.status_code == 200 and "Vul een mobiel nummer in, zoals 06 1234 5678." in response.content.decode()
    assert phone.sent == [] and auth.SESSION_CODE not in client.session


def test_an_sms_provider_that_fails_does_not_give_a_known_number_away(client, home, monkeypatch):
    class Broken:
        def send(self, message):
            raise channels.TryAgain("CM.com niet bereikbaar")

    monkeypatch.setattr(auth.channels, "get", lambda name: Broken())
    known = ask(client, "0612345678")
    client.cookies.clear()
    assert ask(client, "0687654321") == known
