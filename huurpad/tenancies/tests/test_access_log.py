"""Inzage: the beheerder looks up a tenancy and sees who looked at it, when and what, without the
tenant's data; everyone else is refused."""

import re

import pytest
from django.contrib.auth.models import Group

from huurpad.accounts.roles import Role
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def tenancy():
    return make_tenancy("HC-77", surname="Smit", phone="0687654321")


@pytest.fixture
def bea(admin_user_):
    """Bea, beheerder, with access to Beheer (the admin)."""
    admin_user_.first_name, admin_user_.last_name, admin_user_.is_staff = "Bea", "Beheer", True
    admin_user_.save()
    return admin_user_


def test_the_beheerder_finds_a_tenancy_and_sees_who_looked_when_and_what(client, officer, bea, tenancy):
    officer.first_name, officer.last_name = "Ilse", "de Jong"
    officer.save()
    client.force_login(officer)
    assert client.get(f"/huurcontract/{tenancy.ref}/").status_code == 200
    assert client.get(f"/huurcontract/{tenancy.ref}/afdrukken/").status_code == 200

    client.force_login(bea)
    assert client.get(f"/beheer/tenancies/tenant/{tenancy.tenant_id}/change/").status_code == 200  # the tenant's record

    response = client.get("/inzage/", {"contract": "hc-77"})  # typed in lower case
    assert response.status_code == 302 and response["Location"] == f"/huurcontract/{tenancy.ref}/inzage/"
    response = client.get(response["Location"])
    assert response.status_code == 200
    rows = re.findall(r'<tr class="utrecht-table__row">(.*?)</tr>', response.content.decode(), re.S)
    lines = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows[1:]]  # after the heading row
    assert len(lines) == 3, lines  # newest first
    assert "Bea Beheer" in lines[0] and "Gegevens van de huurder geopend in Beheer" in lines[0]
    assert (
        "Ilse de Jong" in lines[1]
        and "Dossier afgedrukt" in lines[1]
        and f"/huurcontract/{tenancy.ref}/afdrukken/" in lines[1]
    )
    assert "Ilse de Jong" in lines[2] and "Huurcontract bekeken" in lines[2]
    assert re.search(r"\d{1,2} \w+ \d{4} \d\d:\d\d", lines[2])  # when
    page = text_of(response)
    assert "Smit" not in page and "0687654321" not in page  # no personal data on this page


def test_the_menu_shows_inzage_to_the_beheerder_only(client, officer, bea):
    client.force_login(bea)
    assert '<a href="/inzage/"' in client.get("/inzage/").content.decode()
    client.force_login(officer)
    assert 'href="/inzage/"' not in client.get("/vandaag/").content.decode()


def test_an_unknown_contract_number_is_said_so(client, bea, tenancy):
    client.force_login(bea)
    response = client.get("/inzage/", {"contract": "HC-78"})
    assert response.status_code == 200
    assert "Er is geen huurcontract met nummer HC-78." in text_of(response)


def test_a_colleague_with_both_roles_gets_there_from_the_tenancy_page(client, officer, tenancy):
    client.force_login(officer)
    assert "Wie keek naar dit huurcontract" not in client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    officer.groups.add(Group.objects.get(name=Role.BEHEERDER.value))
    officer._huurpad_roles = None
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert f'href="/huurcontract/{tenancy.ref}/inzage/">Wie keek naar dit huurcontract</a>' in page


def test_other_roles_are_refused(client, officer, teamleader, partner, outsider, tenancy):
    for user in (officer, teamleader, partner, outsider):
        client.force_login(user)
        assert client.get("/inzage/", {"contract": tenancy.ref}).status_code == 403
        assert client.get(f"/huurcontract/{tenancy.ref}/inzage/").status_code == 403
