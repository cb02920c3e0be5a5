"""The error pages say in Dutch what happened, on our own layout (its stylesheets, no inline style)."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error


def test_a_server_error_says_it_is_not_the_users_fault():
    page = server_error(RequestFactory().get("/"))
    text = page.content.decode()
    assert page.status_code == 500 and "Er ging iets mis" in text and "Het is niet uw schuld." in text
    assert "huurpad.css" in text and "<style" not in text


@pytest.mark.django_db
def test_a_form_whose_csrf_token_is_missing_says_nothing_was_saved(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    page = client.post("/huurcontract/HC1/notitie/", {"text": "Buurvrouw belde"})
    text = page.content.decode()
    assert page.status_code == 403 and "Dit formulier is verlopen" in text and "Er is niets opgeslagen." in text
    assert "huurpad.css" in text and "<style" not in text
