"""Logging in to Mijn Huurpad by a one-time e-mail link: the same answer for every address, a link
that works once and for 30 minutes only, at most five an hour, and a session that ends when idle."""

import re
from datetime import date, timedelta

import pytest
import textstat
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from huurpad.portal import auth
from huurpad.portal.models import LoginLink, PortalAccount
from huurpad.testing.ledgers import make_tenancy

from .conftest import link_from_outbox, log_in

pytestmark = pytest.mark.django_db


def ask(client, email):
    response = client.post(reverse("portal:login"), {"email": email})
    assert response.status_code == 302 and response["Location"] == reverse("portal:link_sent")
    page = client.get(response["Location"]).content.decode()
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", page)  # masked differently on every page


def test_login_page_is_dutch_accessible_and_asks_only_for_an_email_address(client):
    page = client.get(reverse("portal:login")).content.decode()
    assert '<html lang="nl">' in page and '<main id="inhoud"' in page
    assert '<label class="utrecht-form-label" for="inloggen-email">Uw e-mailadres</label>' in page
    assert 'autocomplete="email"' in page and 'type="password"' not in page
    assert "Werklijst" not in page  # none of the staff menu


def test_a_known_address_gets_one_link_and_the_page_says_the_same_as_for_an_unknown_one(client, home, other_home):
    known = ask(client, "Anna@Example.nl ")  # as people type it
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.nl"]
    assert "Beste A. Bakker" in message.body and "30 minuten" in message.body
    textstat.set_lang("nl")
    assert (
        textstat.flesch_reading_ease(message.body.split("http")[0] + message.body.split("/\n", 1)[1]) >= 60
    )  # plain Dutch
    assert link_from_outbox("anna@example.nl").startswith("/mijn/inloggen/")

    unknown = ask(client, "nobody@example.nl")
    assert len(mail.outbox) == 1
    assert unknown == known
    assert "Is dit e-mailadres bij ons bekend?" in unknown


def test_a_mail_server_that_fails_does_not_give_a_known_address_away(client, home, monkeypatch):
    def broken(tenancy, url):
        raise OSError("mail server down")

    monkeypatch.setattr(auth, "_send", broken)
    assert ask(client, "anna@example.nl") == ask(client, "nobody@example.nl")


def test_no_link_for_an_address_two_tenants_share_or_a_tenancy_that_ended(client, sender):
    make_tenancy("HC7", email="gedeeld@example.nl")
    make_tenancy("HC8", email="gedeeld@example.nl")
    make_tenancy(
        "HC9", email="vertrokken@example.nl", start=date(2020, 1, 1), end=timezone.localdate() - timedelta(days=1)
    )
    ask(client, "gedeeld@example.nl")
    ask(client, "vertrokken@example.nl")
    assert mail.outbox == [] and not LoginLink.objects.exists()


def test_only_a_hash_of_the_token_is_kept(client, home):
    ask(client, "anna@example.nl")
    path = link_from_outbox("anna@example.nl")
    token = path.split("/")[-2]
    stored = LoginLink.objects.get()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert stored.tenancy == home and stored.used_at is None


def test_opening_the_link_does_not_use_it_pressing_the_button_does(client, home):
    ask(client, "anna@example.nl")
    path = link_from_outbox("anna@example.nl")
    for _ in range(2):  # a mail program checking the link opens it too
        page = client.get(path)
        assert page.status_code == 200 and "Welkom, A. Bakker" in page.content.decode()
    assert LoginLink.objects.get().used_at is None
    response = client.post(path)
    assert response["Location"] == reverse("portal:overview")
    assert LoginLink.objects.get().used_at is not None
    assert "Hallo A. Bakker" in client.get(reverse("portal:overview")).content.decode()


def test_a_used_link_is_refused(client, home):
    path = log_in(client, "anna@example.nl")
    client.post(reverse("portal:logout"))
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 404
        assert "Deze link werkt niet meer" in response.content.decode()
    assert client.get(reverse("portal:overview"))["Location"] == reverse("portal:login")


def test_an_expired_link_is_refused(client, home):
    ask(client, "anna@example.nl")
    path = link_from_outbox("anna@example.nl")
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
    assert LoginLink.objects.get().used_at is None


def test_a_link_the_database_expired_is_refused_even_with_a_good_signature(client, home):
    ask(client, "anna@example.nl")
    path = link_from_outbox("anna@example.nl")
    LoginLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(path).status_code == 404


def test_a_changed_token_is_refused(client, home):
    ask(client, "anna@example.nl")
    path = link_from_outbox("anna@example.nl")
    token = path.split("/")[-2]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.post(reverse("portal:use_link", args=[forged])).status_code == 404
    raw = token.split(".")[0]  # the random part without its signature
    assert client.post(reverse("portal:use_link", args=[raw])).status_code == 404


def test_a_link_stops_working_when_the_tenancy_ends(client, home):
    ask(client, "anna@example.nl")
    path = link_from_outbox("anna@example.nl")
    home.end_date = timezone.localdate() - timedelta(days=1)
    home.save()
    assert client.post(path).status_code == 404


def test_at_most_five_links_an_hour(client, home):
    for _ in range(7):
        ask(client, "anna@example.nl")
    assert len(mail.outbox) == auth.LINKS_PER_HOUR == 5
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        ask(client, "anna@example.nl")
    assert len(mail.outbox) == 6


def test_the_session_ends_after_30_minutes_without_a_request(client, home):
    log_in(client, "anna@example.nl")
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert client.get(reverse("portal:overview")).status_code == 200  # keeps it alive
    with time_machine.travel(timezone.now() + timedelta(minutes=45)):
        assert client.get(reverse("portal:overview")).status_code == 200  # 25 minutes after the last request
    with time_machine.travel(timezone.now() + timedelta(minutes=80)):
        response = client.get(reverse("portal:overview"))
        assert response["Location"] == reverse("portal:login")
        assert "_auth_user_id" not in client.session
    assert client.get(reverse("portal:overview"))["Location"] == reverse("portal:login")


def test_the_server_ends_an_idle_session_whatever_the_session_store_says(client, home):
    log_in(client, "anna@example.nl")
    session = client.session
    session[auth.SESSION_SEEN] -= 31 * 60
    session.set_expiry(8 * 60 * 60)  # a store that kept it longer
    session.save()
    response = client.get(reverse("portal:overview"))
    assert response["Location"] == reverse("portal:login")
    assert "_auth_user_id" not in client.session


def test_the_session_cookie_lasts_30_minutes(client, home):
    log_in(client, "anna@example.nl")
    assert client.session.get_expiry_age() == 30 * 60


def test_the_tenant_is_a_user_without_password_staff_flag_or_role(client, home):
    log_in(client, "anna@example.nl")
    account = PortalAccount.objects.select_related("user").get()
    user = account.user
    assert account.tenant == home.tenant
    assert not user.has_usable_password() and not user.is_staff and not user.is_superuser
    assert not user.groups.exists()
    assert user.get_full_name() == "A. Bakker (huurder)"
    # Logging in again uses the same account.
    client.post(reverse("portal:logout"))
    log_in(client, "anna@example.nl")
    assert (
        PortalAccount.objects.count() == 1
        and get_user_model().objects.filter(portal_account__isnull=False).count() == 1
    )


def test_the_staff_login_does_not_accept_a_tenant(client, home):
    log_in(client, "anna@example.nl")
    client.post(reverse("portal:logout"))
    username = PortalAccount.objects.get().user.username
    for password in ("", "!", "x"):
        client.post(reverse("login"), {"username": username, "password": password})
        assert "_auth_user_id" not in client.session


def test_a_portal_user_given_a_role_can_no_longer_use_the_portal(client, home):
    log_in(client, "anna@example.nl")
    from django.contrib.auth.models import Group

    PortalAccount.objects.get().user.groups.add(Group.objects.get(name="incassomedewerker"))
    assert client.get(reverse("portal:overview"))["Location"] == reverse("portal:login")


def test_staff_on_the_portal_are_sent_to_its_login_and_stay_logged_in(client, officer, home):
    client.force_login(officer)
    response = client.get(reverse("portal:overview"))
    assert response["Location"] == reverse("portal:login")
    assert client.get(reverse("worklist")).status_code == 200


def test_logging_out(client, home):
    log_in(client, "anna@example.nl")
    page = client.get(reverse("portal:overview")).content.decode()
    assert f'<form method="post" action="{reverse("portal:logout")}">' in page
    assert client.get(reverse("portal:logout")).status_code == 405  # a POST only
    response = client.post(reverse("portal:logout"))
    assert response["Location"] == reverse("portal:login")
    assert client.get(reverse("portal:overview"))["Location"] == reverse("portal:login")


def test_forms_need_the_csrf_token(home):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("portal:login"), {"email": "anna@example.nl"}).status_code == 403
    assert mail.outbox == []
