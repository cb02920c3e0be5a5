"""Passwords: at least 12 characters and not a common one; every staff user changes their own
from the header; a forgotten one is reset by e-mail. All in Dutch."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"  # as in conftest.py
NEW = "drie fietsen in de regen"


@pytest.mark.parametrize("weak", ["Zomer2026", "kort-wachtw", "qwertyuiop123", "123456789012"])
def test_weak_passwords_are_refused(weak, officer):
    with pytest.raises(ValidationError) as refused:
        validate_password(weak, officer)
    assert refused.value.messages[0].startswith("Dit wachtwoord ")  # is te kort, is te algemeen, bevat alleen cijfers


def test_a_long_uncommon_password_passes(officer):
    validate_password(NEW, officer)


def test_the_header_links_to_changing_the_password(client, officer):
    client.force_login(officer)
    page = client.get(reverse("worklist")).content.decode()
    assert f'href="{reverse("password_change")}">Wachtwoord wijzigen</a>' in page
    assert f'href="{reverse("account")}">Mijn account</a>' in page


def test_changing_the_password_refuses_zomer2026_in_dutch(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Zomer2026", "new_password2": "Zomer2026"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Het wachtwoord is niet gewijzigd" in text and "Gebruik minimaal 12 tekens" in text
    for described in re.findall(r'aria-describedby="([^"]+)"', text):  # every reference finds its text
        assert f'id="{described}"' in text
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_changing_the_password_keeps_the_session(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response["Location"] == reverse("password_change_done")
    assert "Uw wachtwoord is gewijzigd" in client.get(response["Location"]).content.decode()
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert client.get(reverse("worklist")).status_code == 200


def test_a_forgotten_password_is_reset_by_e_mail(client, officer):
    officer.email = "ilse@woonstichting.nl"
    officer.save()
    response = client.post(reverse("password_reset"), {"email": "ilse@woonstichting.nl"})
    assert response["Location"] == reverse("password_reset_done")
    assert "Kijk in uw mail" in client.get(response["Location"]).content.decode()
    message = mail.outbox[-1]
    assert message.subject == "Een nieuw wachtwoord voor Huurpad" and "Uw gebruikersnaam is: ilse" in message.body
    link = re.search(r"https?://[^/\s]+(/wachtwoord/nieuw/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in form.content.decode()
    refused = client.post(form.redirect_chain[-1][0], {"new_password1": "Zomer2026", "new_password2": "Zomer2026"})
    assert "Gebruik minimaal 12 tekens" in refused.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("password_reset_complete")
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert "Deze link werkt niet meer" in client.get(link, follow=True).content.decode()  # once


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, officer):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.nl"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_long_passwords_and_any_characters_are_welcome(client, officer):
    client.force_login(officer)
    long_one = "één lange zin met 🏠 en 🔑 " * 5  # 130 characters, spaces and emoji
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": long_one, "new_password2": long_one}
    )
    assert response["Location"] == reverse("password_change_done")
    officer.refresh_from_db()
    assert officer.check_password(long_one) and not officer.check_password(long_one[:72])  # nothing cut off


def test_changing_the_password_ends_the_other_sessions(client, officer):
    elsewhere = type(client)()
    elsewhere.force_login(officer)
    client.force_login(officer)
    client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert client.get(reverse("worklist")).status_code == 200
    assert elsewhere.get(reverse("worklist"))["Location"].startswith(reverse("login"))
