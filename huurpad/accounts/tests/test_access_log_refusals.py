"""Failed sign-ins and refusals are in the access log: who (or the name tried), which page, from
where; never a password."""

import pytest
from django.urls import reverse

from huurpad.accounts.models import AccessLog
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


def test_a_failed_sign_in_logs_the_name_tried_and_the_address_never_the_password(client, officer):
    client.post(reverse("login"), {"username": "ilse", "password": "Zomer2026-fout"}, REMOTE_ADDR="203.0.113.7")
    client.post(reverse("login"), {"username": "niet-bestaand", "password": "raden"}, REMOTE_ADDR="203.0.113.8")
    lines = list(AccessLog.objects.order_by("id"))
    assert [(line.outcome, line.username, line.user, line.address, line.object_type) for line in lines] == [
        ("signin_failed", "ilse", officer, "203.0.113.7", "account"),
        ("signin_failed", "niet-bestaand", None, "203.0.113.8", "account"),
    ]
    stored = " ".join(f"{line.username} {line.object_id} {line.path} {line.action}" for line in lines)
    assert "Zomer2026" not in stored and "raden" not in stored


def test_a_good_sign_in_writes_no_line(client, officer):
    client.post(reverse("login"), {"username": "ilse", "password": "geheim-wachtwoord-1"})
    assert not AccessLog.objects.exists()


def test_every_refusal_says_who_was_refused_which_page_and_shows_nothing(client, partner):
    tenancy = make_tenancy("HC8", surname="Vries")
    client.force_login(partner)
    response = client.get(f"/huurcontract/{tenancy.ref}/?tab=1", REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 403 and "Vries" not in response.content.decode()
    (line,) = AccessLog.objects.all()
    assert (line.outcome, line.user, line.username, line.path, line.address, line.object_id) == (
        "refused",
        partner,
        "paula",
        f"/huurcontract/{tenancy.ref}/?tab=1",
        "198.51.100.4",
        "",
    )


def test_a_refusal_in_beheer_is_logged_too(client, officer):
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    assert client.get("/beheer/tenancies/tenancy/").status_code == 403
    assert list(AccessLog.objects.values_list("outcome", "path")) == [("refused", "/beheer/tenancies/tenancy/")]


def test_a_form_sent_without_its_csrf_token_is_refused_and_logged(officer):
    from django.test import Client

    tenancy = make_tenancy("HC9")
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(f"/huurcontract/{tenancy.ref}/notitie/", {"text": "Zonder token"})
    assert response.status_code == 403
    assert list(AccessLog.objects.values_list("outcome", "username", "path")) == [
        ("refused", "ilse", f"/huurcontract/{tenancy.ref}/notitie/")
    ]
