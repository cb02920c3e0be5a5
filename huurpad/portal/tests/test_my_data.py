"""Mijn gegevens: the tenant sees what was sent to them, what went to the municipality and to whom
they were referred, and downloads everything Huurpad holds about them (AVG art. 15)."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from huurpad.accounts.models import DESCRIPTIONS, AccessLog
from huurpad.cases.models import CaseEvent
from huurpad.messaging.models import OutboxMessage
from huurpad.portal.access import LOOKS
from huurpad.tenancies.models import Municipality

from . import history as h


@pytest.fixture
def annas_file(home, other_home):
    """What happened to Anna Bakker's tenancy, and something of Bram's that she must never see."""
    Municipality.objects.create(code="GM0363", name="Amsterdam", debt_help="Bel 14 020")
    h.message(home, date(2026, 3, 2), body="Beste mevrouw Bakker, uw huur van maart is nog niet binnen.")
    h.message(home, date(2026, 3, 9), channel="letter", body="Herinnering: betaal vóór 23 maart.")
    h.message(home, date(2026, 3, 10), body="Nog niet verstuurd", status=OutboxMessage.Status.QUEUED)
    h.message(home, date(2026, 3, 11), channel="whatsapp", body="Zullen we even bellen?")
    h.signal(home, date(2026, 4, 15), feedback="Inwoner heeft al een ander lopend traject")
    h.referral(home, date(2026, 4, 20))
    h.event(home, date(2026, 3, 3), CaseEvent.Type.NOTE, text="Belde terug, betaalt vrijdag")
    h.looked_at(home, date(2026, 3, 3))
    h.message(other_home, date(2026, 3, 2), body="Beste heer De Wit, dit is voor Bram.")
    return home


def test_the_page_shows_what_was_sent_signalled_and_referred_in_plain_dutch(tenant_client, annas_file):
    page = tenant_client.get(reverse("portal:my_data")).content.decode()
    assert "uw huur van maart is nog niet binnen" in page and "Herinnering: betaal vóór 23 maart." in page
    assert "Brief" in page and "Sms" in page and "WhatsApp" in page
    assert "Nog niet verstuurd" not in page  # only what actually went out
    assert "15 april 2026: aan Amsterdam, achterstand €\N{NO-BREAK SPACE}700,00." in page
    assert "De gemeente liet ons weten: ‘Inwoner heeft al een ander lopend traject’" in page
    assert "naar Buurtteam Noord, omdat: Hulp bij de administratie" in page
    assert "dit is voor Bram" not in page


def test_a_tenant_with_nothing_on_file_reads_that_in_words(tenant_client, home):
    page = tenant_client.get(reverse("portal:my_data")).content.decode()
    assert "We hebben u nog geen berichten of brieven gestuurd." in page
    assert "We hebben niets over u aan de gemeente doorgegeven." in page
    assert "We hebben u niet doorverwezen naar een andere organisatie." in page


def test_the_overview_links_to_the_page(tenant_client, home):
    assert reverse("portal:my_data") in tenant_client.get(reverse("portal:overview")).content.decode()


def download(client) -> zipfile.ZipFile:
    response = client.get(reverse("portal:my_data_file"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
    assert "no-store" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_download_holds_a_readable_page_and_the_same_data_for_a_computer(tenant_client, annas_file):
    archive = download(tenant_client)
    assert sorted(archive.namelist()) == ["gegevens.json", "lees-mij.html"]
    page = archive.read("lees-mij.html").decode()
    for heading in (
        "Uw gegevens",
        "Boekingen",
        "Tijdlijn",
        "Berichten en brieven",
        "Meldingen aan de gemeente",
        "Doorverwijzingen",
        "Betalingsregelingen",
        "Pauzes",
        "Hulpvragen",
        "Mijn Huurpad",
        "Wie keek naar uw gegevens",
        "Hoe lang we uw gegevens bewaren",
    ):
        assert heading in page, heading
    assert "Autoriteit Persoonsgegevens" in page and "artikel 15" in page
    assert "Belde terug, betaalt vrijdag" in page and "dit is voor Bram" not in page
    data = json.loads(archive.read("gegevens.json"))
    parts = {p["onderdeel"]: p["regels"] for p in data["onderdelen"]}
    assert parts["huurder"][0]["achternaam"] == "Bakker"
    assert [row["bedrag"] for row in parts["boekingen"]] == ["650.00", "50.00"]
    assert {row["tekst"] for row in parts["berichten"]} >= {"Herinnering: betaal vóór 23 maart."}
    assert parts["vroegsignalen"][0]["terugkoppeling zoals ontvangen"] == "x;Inwoner heeft al een ander lopend traject"
    assert parts["doorverwijzingen"][0]["partner"] == "Buurtteam Noord"


def test_the_download_names_no_staff_member(tenant_client, annas_file):
    archive = download(tenant_client)
    text = archive.read("gegevens.json").decode() + archive.read("lees-mij.html").decode()
    assert "ilse" not in text  # the officer who wrote the note and looked at the file
    parts = {p["onderdeel"]: p["regels"] for p in json.loads(archive.read("gegevens.json"))["onderdelen"]}
    assert {row["door"] for row in parts["tijdlijn"]} == {"een medewerker"}
    assert parts["inzage"][0] | {"tijdstip": None} == {
        "tijdstip": None,
        "huurcontract": "HC1",
        "wat": "bekeken",
        "door": "een medewerker",
    }


def test_the_download_is_logged_as_the_tenant_s_own(tenant_client, annas_file):
    download(tenant_client)
    line = AccessLog.objects.get(action="subject_download")
    assert line.object_id == "HC1" and line.user.portal_account.tenant == annas_file.tenant


@pytest.mark.parametrize("name", ["portal:my_data", "portal:my_data_file"])
def test_someone_not_logged_in_goes_to_the_login(client, home, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"] == reverse("portal:login")


def test_every_kind_of_access_log_line_about_a_tenancy_is_said_in_dutch_in_the_file():
    assert {action for kind, action in DESCRIPTIONS if kind == "tenancy"} - set(LOOKS) == set()


def test_the_download_holds_her_debt_help_and_her_household_plan(tenant_client, annas_file, django_user_model):
    from huurpad.debthelp.models import DebtHelp, DebtMessage
    from huurpad.plans.plans import HelperSpec, make_plan

    officer = django_user_model.objects.get(username="ilse")  # who wrote the note in annas_file
    helped = DebtHelp.objects.create(
        tenancy=annas_file, counsellor="Kredietbank Noord", counsellor_reference="KB-77", started_on=date(2026, 5, 1)
    )
    DebtMessage.objects.create(
        message_id="skn-1",
        direction="in",
        type="statusbericht",
        date=date(2026, 5, 20),
        tenancy=annas_file,
        debt_help=helped,
        status="received",
        payload={"text": "De aanvraag is compleet."},
    )
    make_plan(
        annas_file,
        date(2026, 5, 2),
        acting_user=officer,
        helpers=[HelperSpec("Sanne de Vries", "Buurtteam Noord", role="coach")],
        goals=[("money", "Schulden bij drie schuldeisers", "Een schuldregeling die loopt")],
    )
    archive = download(tenant_client)
    page = archive.read("lees-mij.html").decode()
    assert "Schuldhulp" in page and "Plan van aanpak" in page
    parts = {p["onderdeel"]: p["regels"] for p in json.loads(archive.read("gegevens.json"))["onderdelen"]}
    assert any(row.get("kenmerk schuldhulpverlener") == "KB-77" for row in parts["schuldhulp"])
    assert "De aanvraag is compleet." in json.dumps(parts["schuldhulp"], ensure_ascii=False)
    assert "Een schuldregeling die loopt" in json.dumps(parts["plan_van_aanpak"], ensure_ascii=False)
    assert "ilse" not in archive.read("gegevens.json").decode()  # no staff member is named
