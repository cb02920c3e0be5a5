"""Requests for help from the public page are stored; the limits count per household (phone number,
e-mail address), not per network address: a whole city behind one proxy can ask. A request that
is not stored says so on the page, kindly, and is never dropped silently."""

import pytest

from huurpad.prevention import actions
from huurpad.prevention.models import HelpRequest
from huurpad.prevention.tests.test_public_checks import _ask, text_of

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"  # the city's proxy: every household's request comes from here


def client_post(client, **fields):
    client.defaults["REMOTE_ADDR"] = PROXY
    return _ask(client, **fields)


def test_six_households_behind_one_address_are_all_stored(client):
    for n in range(6):
        response = client_post(client, naam=f"Huishouden {n}", telefoon=f"06 1234 56{n:02d}")
        assert response.status_code == 302 and response["Location"] == "/geldcheck/hulp/?verstuurd=1"
    assert HelpRequest.objects.count() == 6
    assert sorted(HelpRequest.objects.values_list("name", flat=True)) == [f"Huishouden {n}" for n in range(6)]


def test_one_household_asking_again_and_again_is_told_its_questions_are_there(client):
    for _ in range(actions.PER_HOUSEHOLD_PER_DAY):
        assert client_post(client, telefoon="06 12345678").status_code == 302
    again = client_post(client, telefoon="+31 6-1234 5678", naam="Dezelfde, ander nummerformaat")
    assert again.status_code == 429
    page = text_of(again)
    assert "U heeft al om hulp gevraagd" in page and "Die vragen hebben we." in page
    assert HelpRequest.objects.count() == actions.PER_HOUSEHOLD_PER_DAY  # the earlier ones are on the officers' list


def test_the_same_e_mail_address_counts_as_the_same_household(client):
    for _ in range(actions.PER_HOUSEHOLD_PER_DAY):
        client_post(client, telefoon="", email="fatima@example.nl")
    assert client_post(client, telefoon="", email="Fatima@Example.nl").status_code == 429
    assert client_post(client, telefoon="", email="buurvrouw@example.nl").status_code == 302
    assert HelpRequest.objects.count() == actions.PER_HOUSEHOLD_PER_DAY + 1


def test_a_flood_from_one_address_is_held_back_and_the_page_says_so(client, monkeypatch):
    monkeypatch.setattr(actions, "PER_ADDRESS_PER_HOUR", 2)
    for n in range(2):
        assert client_post(client, telefoon=f"06 000000{n:02d}").status_code == 302
    refused = client_post(client, telefoon="06 99999999")
    assert refused.status_code == 429 and "Uw vraag is niet bewaard" in text_of(refused)
    assert HelpRequest.objects.count() == 2


@pytest.mark.parametrize(
    "written, key",
    [("06 1234 5678", "0612345678"), ("+31 6 12345678", "0612345678"), ("0031-6-12345678", "0612345678"), ("", "")],
)
def test_a_phone_number_is_compared_as_digits(written, key):
    assert actions.phone_key(written) == key
