"""Recording contact from the tenancy page, and the Bgs checklist on scripted timelines."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.cases import events
from huurpad.cases.models import CaseEvent, Task
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind():
    """Behind since last month's rent (a stretch of arrears that started over a month ago)."""
    today = timezone.localdate()
    tenancy = make_tenancy("HC500", phone="0612345678", start=today.replace(year=today.year - 3))
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # first of last month
    book(tenancy, f"{first} rent 700.00")
    return tenancy


def url(tenancy, tail=""):
    return f"/huurcontract/{tenancy.ref}/{tail}"


def test_a_call_not_reached_then_a_promise_to_pay(client, officer, behind):
    client.force_login(officer)
    response = client.post(url(behind, "contact/"), {"channel": "phone", "reached": "nee", "day_part": "ochtend"})
    assert response.status_code == 302 and response["Location"].endswith("#tijdlijn")
    promise = timezone.localdate() + timedelta(days=5)
    client.post(url(behind, "contact/"), {"channel": "phone", "reached": "ja", "day_part": "middag",
                                          "outcome": "promise_to_pay", "promise_date": promise.isoformat()})  # fmt: skip
    page = client.get(url(behind)).content.decode()
    assert "Contact vastgelegd: gesproken." in page and "Betaalbelofte nakijken" in page  # under Open taken
    assert "Uitkomst: belooft te betalen" in page and "Bereikt: nee" in page
    task = Task.objects.get(tenancy=behind, action="promise_check")
    assert task.due_date == promise + timedelta(days=1) and task.assigned_to == officer
    assert [e.actor for e in CaseEvent.objects.filter(tenancy=behind)] == [officer, officer]


def test_a_promise_without_a_date_is_refused_and_nothing_is_recorded(client, officer, behind):
    client.force_login(officer)
    response = client.post(url(behind, "contact/"), {"channel": "phone", "reached": "ja", "outcome": "promise_to_pay"})
    assert response.status_code == 400
    assert "Vul in op welke dag de huurder belooft te betalen." in response.content.decode()
    response = client.post(url(behind, "contact/"), {"channel": "phone"})
    assert "Kies of u de huurder hebt gesproken." in response.content.decode()
    assert not CaseEvent.objects.exists() and not Task.objects.exists()


def test_only_case_roles_record_contact(client, partner, outsider, behind):
    for user in (partner, outsider):
        client.force_login(user)
        assert client.post(url(behind, "contact/"), {"channel": "phone", "reached": "nee"}).status_code == 403
        assert client.get(url(behind, "contact/")).status_code in (403, 405)
    assert not CaseEvent.objects.exists()
    assert not AccessLog.objects.exists()


def checklist(client, tenancy) -> str:
    page = client.get(url(tenancy)).content.decode()
    return page[page.index('id="bgs-kop"') :].split("</section>")[0]


def test_the_bgs_checklist_names_what_is_missing_until_all_four_are_proven(client, officer, behind):
    client.force_login(officer)
    text = checklist(client, behind)
    assert text.count("(nog niet)") == 4
    assert "Nog nodig voor een vroegsignaal: geprobeerd persoonlijk contact te krijgen; gewezen op schuldhulpverlening;" in text

    today = timezone.localdate()
    events.reminder_letter(behind, today - timedelta(days=3), offers_data_sharing=True, points_to_debt_help=False).save()
    text = checklist(client, behind)
    assert text.count("(gedaan)") == 2 and "brief van" in text  # (c) and (d) from the letter
    assert "Nog nodig voor een vroegsignaal: geprobeerd persoonlijk contact te krijgen; gewezen op schuldhulpverlening." in text

    client.post(url(behind, "contact/"), {"channel": "phone", "reached": "ja", "debt_help_pointed": "on"})
    text = checklist(client, behind)
    assert text.count("(gedaan)") == 4 and "Alle vier voorwaarden zijn vervuld" in text

    client.post(url(behind, "contact/"), {"channel": "phone", "reached": "ja", "objection": "on"})
    text = checklist(client, behind)
    assert "de huurder heeft bezwaar gemaakt" in text and "Nog nodig voor een vroegsignaal: aangeboden gegevens door te geven, geen bezwaar." in text


def test_steps_from_before_the_current_arrears_do_not_count(client, officer, behind):
    long_ago = timezone.localdate() - timedelta(days=400)
    events.reminder_letter(behind, long_ago, offers_data_sharing=True, points_to_debt_help=True).save()
    events.contact_attempt(behind, long_ago, channel="phone", reached=True).save()
    client.force_login(officer)
    assert checklist(client, behind).count("(nog niet)") == 4


def test_no_checklist_without_arrears(client, officer):
    tenancy = make_tenancy("HC501")
    client.force_login(officer)
    assert "Geen achterstand: de voorwaarden gelden voor een lopende achterstand." in checklist(client, tenancy)
