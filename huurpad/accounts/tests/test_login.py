"""Logging in and out, in Dutch."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from conftest import app_device, current_code, landing

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"  # as in conftest.py


def test_login_page_is_dutch_and_accessible(client):
    response = client.get(reverse("login"))
    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in text
    assert 'href="#inhoud">Direct naar de inhoud</a>' in text
    assert '<main id="inhoud"' in text
    assert '<label class="utrecht-form-label" for="id_username">Gebruikersnaam</label>' in text
    assert '<label class="utrecht-form-label" for="id_password">Wachtwoord</label>' in text
    assert 'autocomplete="current-password"' in text
    assert f'href="{reverse("password_reset")}">Wachtwoord vergeten?</a>' in text


def test_officer_logs_in_with_password_and_code_and_lands_on_the_worklist(client, officer):
    device = app_device(officer)
    response = client.post(reverse("login"), {"username": "ilse", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('second_factor')}?{urlencode({'next': landing()})}"
    assert client.get(reverse("worklist"))["Location"].startswith(reverse("second_factor"))  # not yet
    response = client.post(response["Location"], {"code": current_code(device), "next": landing()})
    assert client.get(response["Location"], follow=True).request["PATH_INFO"] == reverse("worklist")
    page = client.get(reverse("worklist")).content.decode()
    assert "ilse" in page and "Incassomedewerker" in page


def test_login_returns_to_the_page_asked_for(client, officer):
    device = app_device(officer)
    wanted = reverse("tenancy_detail", args=["HC1"])
    response = client.post(reverse("login"), {"username": "ilse", "password": PASSWORD, "next": wanted})
    assert response["Location"] == f"{reverse('second_factor')}?next=%2Fhuurcontract%2FHC1%2F"
    response = client.post(reverse("second_factor"), {"code": current_code(device), "next": wanted})
    assert response["Location"] == wanted


def test_signing_in_gives_a_new_session_key(client, officer):
    before = client.session  # a session from before signing in, as one planted by someone else would be
    before["planted"] = True
    before.save()
    client.post(reverse("login"), {"username": "ilse", "password": PASSWORD})
    assert client.session.session_key != before.session_key
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_the_code_step_refuses_to_send_anyone_elsewhere(client, officer):
    device = app_device(officer)
    client.post(reverse("login"), {"username": "ilse", "password": PASSWORD})
    response = client.post(reverse("second_factor"), {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == landing()


def test_wrong_password_says_so_kindly(client, officer):
    response = client.post(reverse("login"), {"username": "ilse", "password": "fout"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "De gebruikersnaam of het wachtwoord klopt niet" in text
    assert 'aria-invalid="true"' in text
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    page = client.get(reverse("worklist")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}">' in page
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("worklist")).status_code == 302


def test_pages_send_the_csrf_token_for_htmx_once_on_body(client, officer):
    client.force_login(officer)
    page = client.get(reverse("worklist")).content.decode()
    assert page.count("hx-headers=") == 1
    assert '<body class="voorbeeld-theme utrecht-document" hx-headers=\'{"X-CSRFToken": "' in page


def test_the_worklist_link_is_offered_only_to_case_roles(client, officer, partner):
    client.force_login(partner)
    assert ">Werklijst</a>" not in client.get(reverse("login")).content.decode()
    client.force_login(officer)
    assert ">Werklijst</a>" in client.get(reverse("login")).content.decode()
