"""Inzage per medewerker: the beheerder reads what one user looked at, their refusals and failed
sign-ins, filtered by dates and outcome; contract numbers only, never the tenant's data."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
URL = "/inzage/medewerker/"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def table_of(response) -> str:
    """The lines shown, without the form above them (whose choices name every outcome)."""
    text = text_of(response)
    return text[text.index("nieuwste eerst") :] if "nieuwste eerst" in text else ""


@pytest.fixture
def looked(client, officer, partner):
    """Ilse opens two tenancies; a week ago she opened a third; Paula is refused one; someone tried 'ilse'."""
    first, second, old = (
        make_tenancy("HC-1", surname="Smit"),
        make_tenancy("HC-2", surname="Bakker"),
        make_tenancy("HC-3"),
    )
    client.force_login(officer)
    for tenancy in (first, second, old):
        assert client.get(f"/huurcontract/{tenancy.ref}/").status_code == 200
    AccessLog.objects.filter(object_id="HC-3").update(at=timezone.now() - timedelta(days=7))
    client.force_login(partner)
    assert client.get(f"/huurcontract/{first.ref}/").status_code == 403
    client.logout()
    client.post("/login/", {"username": "ilse", "password": "fout"})
    return first, second, old


def test_the_beheerder_sees_what_one_user_looked_at_without_the_tenants_data(client, admin_user_, looked):
    client.force_login(admin_user_)
    response = client.get(URL, {"gebruiker": "ilse"})
    text = table_of(response)
    assert response.status_code == 200
    assert text.index("Inloggen mislukt") < text.index("HC-2") < text.index("HC-1") < text.index("HC-3")  # newest first
    assert "Smit" not in text and "Bakker" not in text
    assert "paula" not in text


def test_filters_on_dates_and_outcome(client, admin_user_, looked):
    client.force_login(admin_user_)
    today = timezone.localdate().isoformat()
    text = table_of(client.get(URL, {"gebruiker": "ilse", "van": today, "uitkomst": "shown"}))
    assert "HC-1" in text and "HC-2" in text and "HC-3" not in text and "Inloggen mislukt" not in text
    text = table_of(client.get(URL, {"gebruiker": "ilse", "uitkomst": "signin_failed"}))
    assert "Inloggen mislukt" in text and "HC-1" not in text
    text = table_of(client.get(URL, {"gebruiker": "paula"}))
    assert "Geweigerd" in text and "HC-1" in text  # the page refused, by its address


def test_a_wrong_date_or_unknown_name_says_so(client, admin_user_, looked):
    client.force_login(admin_user_)
    text = text_of(client.get(URL, {"gebruiker": "ilse", "van": "gisteren"}))
    assert "Vul een datum in" in text
    text = text_of(client.get(URL, {"gebruiker": "niemand"}))
    assert "Over niemand staat niets in het inzagelog" in text


def test_the_tenancy_search_page_leads_to_the_user_page(client, admin_user_):
    client.force_login(admin_user_)
    response = client.get("/inzage/", {"gebruiker": "ilse"})
    assert response.status_code == 302 and response["Location"] == f"{URL}?gebruiker=ilse"


@pytest.mark.parametrize("who", ["officer", "teamleader", "partner", "outsider"])
def test_no_one_else_reads_it(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL, {"gebruiker": "ilse"}).status_code == 403
