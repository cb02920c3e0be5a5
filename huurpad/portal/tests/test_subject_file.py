"""A written request for access (AVG art. 15): a team leader or the beheerder makes, from the
tenancy page, the same file the tenant downloads in Mijn Huurpad; the export is logged."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from huurpad.accounts.models import AccessLog
from huurpad.accounts.roles import may_make_subject_file

from . import history as h


@pytest.fixture
def url(home):
    h.message(home, date(2026, 3, 2), body="Beste mevrouw Bakker, uw huur van maart is nog niet binnen.")
    return reverse("subject_file", args=[home.ref])


@pytest.mark.parametrize("who", ["teamleader", "admin_user_"])
def test_a_team_leader_or_the_beheerder_makes_the_file_and_it_is_logged(client, url, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(url)
    assert (
        response.status_code == 200
        and response["Content-Type"] == "application/zip"
        and "no-store" in response["Cache-Control"]
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "aangevraagd via een schriftelijk verzoek" in archive.read("lees-mij.html").decode()
    parts = {p["onderdeel"]: p["regels"] for p in json.loads(archive.read("gegevens.json"))["onderdelen"]}
    assert parts["berichten"][0]["tekst"] == "Beste mevrouw Bakker, uw huur van maart is nog niet binnen."
    line = AccessLog.objects.get()
    assert (line.user, line.object_type, line.object_id, line.action) == (user, "tenancy", "HC1", "subject_file")


@pytest.mark.parametrize("who", ["officer", "partner", "outsider"])
def test_anyone_else_is_refused_and_nothing_is_logged(client, url, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url).status_code == 403
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["refused"]  # the refusal, no export


def test_a_tenant_in_the_portal_cannot_make_it_for_anyone(tenant_client, other_home):
    assert tenant_client.post(reverse("subject_file", args=[other_home.ref])).status_code == 403


def test_an_unknown_contract_is_not_found_for_the_team_leader_and_refused_before_lookup_for_others(
    client, teamleader, officer, home
):
    missing = reverse("subject_file", args=["HC999"])
    client.force_login(officer)
    assert client.post(missing).status_code == 403  # the role first: no telling which contracts exist
    client.force_login(teamleader)
    assert client.post(missing).status_code == 404


def test_opening_the_address_is_not_enough_it_takes_the_button(client, teamleader, url):
    client.force_login(teamleader)
    assert client.get(url).status_code == 405


def test_the_tenancy_page_shows_the_button_only_to_who_may_press_it(client, teamleader, officer, home, url):
    client.force_login(teamleader)
    assert url in client.get(reverse("tenancy_detail", args=[home.ref])).content.decode()
    client.force_login(officer)
    assert url not in client.get(reverse("tenancy_detail", args=[home.ref])).content.decode()


def test_the_predicate_is_team_leader_and_beheerder(teamleader, admin_user_, officer, partner, outsider):
    assert [may_make_subject_file(u) for u in (teamleader, admin_user_, officer, partner, outsider)] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_the_beheerder_reads_the_export_in_the_tenancy_s_access_log(client, teamleader, admin_user_, url, home):
    client.force_login(teamleader)
    client.post(url)
    client.force_login(admin_user_)
    page = client.get(reverse("tenancy_access_log", args=[home.ref])).content.decode()
    assert "Alle gegevens van de huurder gedownload (inzageverzoek, AVG art. 15)" in page


def test_the_beheerder_makes_the_file_from_the_tenancy_s_access_log_page(client, admin_user_, home, url):
    client.force_login(admin_user_)
    page = client.get(reverse("tenancy_access_log", args=[home.ref])).content.decode()
    assert url in page
    assert client.post(url).status_code == 200
