"""The print view of a case: the essentials of the tenancy page on paper, without menus, forms or
buttons, and logged as a view of the case."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.cases import actions, events
from huurpad.cases.models import Partner
from huurpad.solutions.models import Arrangement
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(officer):
    today = timezone.localdate()
    tenancy = make_tenancy("HC800", surname="Visser", phone="0612345678", start=today.replace(year=today.year - 3))
    due = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # the first of last month
    book(tenancy, f"{due} rent 700.00")
    events.reminder_letter(tenancy, due + timedelta(days=3), offers_data_sharing=True, points_to_debt_help=True).save()
    actions.record_contact(
        tenancy,
        acting_user=officer,
        channel="phone",
        reached=True,
        outcome="arrangement_wanted",
        note="Belt terug na loon",
    )
    team = Partner.objects.create(name="Buurtteam Noord", kind=Partner.Kind.BUURTTEAM)
    actions.refer(
        tenancy,
        partner=team,
        reason="Hulp bij de post",
        basis="consent",
        follow_up_on=today + timedelta(days=14),
        acting_user=officer,
    )
    Arrangement.objects.create(
        tenancy=tenancy,
        status=Arrangement.Status.AWAITING,
        source=Arrangement.Source.TENANT,
        arrears_at_start_cents=70000,
        instalment_cents=5000,
        count=14,
        first_due=date(2030, 1, 1),
        created_by=officer,
    )
    actions.open_case(tenancy, acting_user=officer, note="Zorgen van de buren")
    return tenancy


def test_the_print_view_shows_the_case_without_menus_forms_or_buttons(client, officer, case):
    client.force_login(officer)
    response = client.get(f"/huurcontract/{case.ref}/afdrukken/")
    assert response.status_code == 200
    html = response.content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for essential in (
        "J. Visser",
        "Dossier · huurcontract HC800",
        "Afgedrukt op",
        "door ilse",
        "Dossier open sinds",
        "Huurachterstand € 700,00",
        "Openstaande posten",
        "Totaal open € 700,00",  # arrears and open items
        "Voorwaarden voor een vroegsignaal (Bgs art. 2)",
        "Schriftelijke herinnering gestuurd",  # the checklist
        "Regeling wacht op de teamleider: 14 termijnen van € 50,00",  # arrangements
        "naar Buurtteam Noord",
        "Reden: Hulp bij de post",
        "Grondslag: toestemming van de huurder",  # referrals
        "Contactpogingen",
        "Uitkomst: wil een betalingsregeling",
        "Notitie: Belt terug na loon",  # contacts
        "Doorverwijzing nabellen",  # open tasks
        "Tijdlijn",
        "Herinneringsbrief",
        "Dossier geopend",  # the timeline
    ):
        assert essential in text, essential
    for interactive in (
        "<form",
        "<button",
        "<input",
        "<select",
        "<textarea",
        "<nav",
        "site-header",
        "Uitloggen",
        "htmx",
    ):
        assert interactive not in html, interactive
    line = AccessLog.objects.get(object_id=case.ref)
    assert (line.user, line.action, line.path) == (officer, "print", f"/huurcontract/{case.ref}/afdrukken/")


def test_the_tenancy_page_links_to_the_print_view(client, officer, case):
    client.force_login(officer)
    page = client.get(f"/huurcontract/{case.ref}/").content.decode()
    assert f'href="/huurcontract/{case.ref}/afdrukken/">Afdrukken</a>' in page


def test_others_cannot_print_a_case(client, partner, outsider, admin_user_, case):
    for user in (partner, outsider, admin_user_):
        client.force_login(user)
        assert client.get(f"/huurcontract/{case.ref}/afdrukken/").status_code == 403
    assert not AccessLog.objects.filter(outcome=AccessLog.Outcome.SHOWN).exists()  # refusals are logged, nothing shown
