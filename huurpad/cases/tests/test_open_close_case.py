"""Opening and closing a case by hand from the tenancy page: on the timeline, with who and why."""

import pytest

from huurpad.cases import actions
from huurpad.cases.models import Case, CaseEvent
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


def url(tenancy, tail=""):
    return f"/huurcontract/{tenancy.ref}/{tail}"


def dossier(client, tenancy) -> str:
    page = client.get(url(tenancy)).content.decode()
    return page[page.index('id="dossier"') :].split("</section>")[0]


def test_an_officer_opens_a_case_and_closes_it_with_a_reason(client, officer):
    tenancy = make_tenancy("HC600")
    client.force_login(officer)
    assert "Er is geen open dossier." in dossier(client, tenancy) and "Dossier openen" in dossier(client, tenancy)

    response = client.post(url(tenancy, "dossier/openen/"), {"note": "Buurvrouw maakt zich zorgen"})
    assert response.status_code == 302 and response["Location"].endswith("#dossier")
    case = Case.objects.get(tenancy=tenancy, closed_on__isnull=True)
    assert (case.opened_because, case.opened_by, case.note) == (
        Case.Opened.PERSON,
        officer,
        "Buurvrouw maakt zich zorgen",
    )
    opened = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.CASE_OPENED)
    assert opened.actor == officer and opened.params == {"note": "Buurvrouw maakt zich zorgen"}
    part = dossier(client, tenancy)
    assert "geopend door ilse: Buurvrouw maakt zich zorgen" in part and "Dossier sluiten" in part

    client.post(url(tenancy, "dossier/openen/"), {})  # a second click: still one open case
    assert Case.objects.filter(tenancy=tenancy).count() == 1
    assert CaseEvent.objects.filter(type=CaseEvent.Type.CASE_OPENED).count() == 1

    response = client.post(url(tenancy, "dossier/sluiten/"), {"reason": "Zorgen weggenomen na huisbezoek"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (
        case.closed_on is not None
        and case.closed_by == officer
        and case.close_reason == "Zorgen weggenomen na huisbezoek"
    )
    closed = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.CASE_CLOSED)
    assert closed.actor == officer and closed.params == {"reason": "Zorgen weggenomen na huisbezoek"}
    page = client.get(url(tenancy)).content.decode()
    assert "Dossier gesloten" in page and "Reden: Zorgen weggenomen na huisbezoek" in page  # on the timeline
    assert "Het laatste dossier is gesloten op" in dossier(client, tenancy)

    response = client.post(url(tenancy, "dossier/sluiten/"), {"reason": "Nog een keer"}, follow=True)
    assert "Er is geen open dossier meer" in response.content.decode()
    assert CaseEvent.objects.filter(type=CaseEvent.Type.CASE_CLOSED).count() == 1


def test_closing_needs_a_reason(client, officer):
    tenancy = make_tenancy("HC601")
    case = actions.open_case(tenancy, acting_user=officer)
    client.force_login(officer)
    response = client.post(url(tenancy, "dossier/sluiten/"), {"reason": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Het dossier is nog niet gesloten." in page and "Schrijf kort waarom u het dossier sluit." in page
    case.refresh_from_db()
    assert case.closed_on is None and not CaseEvent.objects.filter(type=CaseEvent.Type.CASE_CLOSED).exists()


def test_a_case_the_daily_run_opened_says_so_and_closes_like_any_other(client, teamleader):
    tenancy = make_tenancy("HC602")
    Case.objects.create(tenancy=tenancy, opened_on="2026-01-02")
    client.force_login(teamleader)
    assert "geopend omdat er een huurachterstand is" in dossier(client, tenancy)
    assert client.post(url(tenancy, "dossier/sluiten/"), {"reason": "Regeling elders"}).status_code == 302
    assert not Case.objects.filter(tenancy=tenancy, closed_on__isnull=True).exists()


def test_only_case_roles_open_or_close(client, partner, outsider, officer):
    tenancy = make_tenancy("HC603")
    case = actions.open_case(tenancy, acting_user=officer)
    for user in (partner, outsider):
        client.force_login(user)
        assert client.post(url(tenancy, "dossier/sluiten/"), {"reason": "weg"}).status_code == 403
        assert client.post(url(tenancy, "dossier/openen/"), {}).status_code == 403
    case.refresh_from_db()
    assert case.closed_on is None
