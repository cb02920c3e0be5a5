"""Measures a household received are recorded with their start, on the timeline too."""

from datetime import date

import pytest

from huurpad.cases.models import CaseEvent, Measure
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


def test_an_officer_records_a_budget_coach(client, officer):
    tenancy = make_tenancy("HC800")
    client.force_login(officer)
    response = client.post(
        f"/huurcontract/{tenancy.ref}/maatregelen/",
        {"kind": "budget_coach", "started_on": "2026-11-20", "note": "via buurtteam"},
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert (measure.kind, measure.started_on, measure.created_by) == ("budget_coach", date(2026, 11, 20), officer)
    event = CaseEvent.objects.get(type=CaseEvent.Type.MEASURE_APPLIED)
    assert event.params == {"measure": "Budgetcoach (1.4)", "note": "via buurtteam"} and event.date == date(
        2026, 11, 20
    )
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert "Budgetcoach (1.4), sinds 20 november 2026: via buurtteam" in page


def test_a_measure_needs_a_kind_and_a_day(client, officer):
    tenancy = make_tenancy("HC801")
    client.force_login(officer)
    response = client.post(f"/huurcontract/{tenancy.ref}/maatregelen/", {"kind": "", "started_on": ""})
    assert response.status_code == 400
    assert "Kies welke maatregel." in response.content.decode() and not Measure.objects.exists()


def test_a_note_goes_on_the_timeline_and_an_empty_one_is_refused(client, officer):
    tenancy = make_tenancy("HC802")
    client.force_login(officer)
    assert client.post(f"/huurcontract/{tenancy.ref}/notitie/", {"text": "  "}).status_code == 400
    assert client.post(f"/huurcontract/{tenancy.ref}/notitie/", {"text": "Buurvrouw belde: zorgen"}).status_code == 302
    note = CaseEvent.objects.get(type=CaseEvent.Type.NOTE)
    assert note.params == {"text": "Buurvrouw belde: zorgen"} and note.actor == officer
    assert "Bericht: Buurvrouw belde: zorgen" in client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
