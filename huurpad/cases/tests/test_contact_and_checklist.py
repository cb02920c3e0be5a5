"""Recording contact from the tenancy page, and the Bgs checklist on scripted timelines."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.cases import events
from huurpad.cases.models import CaseEvent, Task
from huurpad.core.dutch import date_nl
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
    client.post(
        url(behind, "contact/"),
        {
            "channel": "phone",
            "reached": "ja",
            "day_part": "middag",
            "outcome": "promise_to_pay",
            "promise_date": promise.isoformat(),
        },
    )
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


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_from_the_page_itself_only_the_parts_that_change_come_back(client, officer, behind):
    """The page's form posts with htmx: the answer is the contact section (fresh, with what was
    saved), and the open tasks, the Bgs checklist and the timeline to swap in where they are."""
    client.force_login(officer)
    promise = timezone.localdate() + timedelta(days=5)
    response = client.post(
        url(behind, "contact/"),
        {"channel": "phone", "reached": "ja", "outcome": "promise_to_pay", "promise_date": promise.isoformat()},
        **HTMX,
    )
    part = response.content.decode()
    assert response.status_code == 200 and part.startswith('<section class="contact no-print" id="contact"')
    assert "Contact vastgelegd: gesproken." in part and "<h1" not in part  # not the whole page
    swapped = re.findall(r'id="([^"]+)"[^>]*hx-swap-oob="true"', part)
    assert swapped == ["taken", "bgs", "tijdlijn-items"]
    assert "Betaalbelofte nakijken" in part and "Uitkomst: belooft te betalen" in part
    assert 'Geprobeerd persoonlijk contact te krijgen <span class="visually-hidden">(gedaan)' in part.replace(
        "</strong>", ""
    )
    assert AccessLog.objects.filter(object_id=behind.ref).count() == 1  # the answer shows the case


def test_from_the_page_itself_a_refused_contact_comes_back_with_its_errors(client, officer, behind):
    client.force_login(officer)
    response = client.post(
        url(behind, "contact/"), {"channel": "phone", "reached": "ja", "outcome": "promise_to_pay"}, **HTMX
    )
    part = response.content.decode()
    assert response.status_code == 200  # htmx swaps only successful answers: the errors must show
    assert (
        "Het contact is nog niet opgeslagen." in part and "Vul in op welke dag de huurder belooft te betalen." in part
    )
    assert not CaseEvent.objects.exists() and not Task.objects.exists()


def test_only_case_roles_record_contact(client, partner, outsider, behind):
    for user in (partner, outsider):
        client.force_login(user)
        assert client.post(url(behind, "contact/"), {"channel": "phone", "reached": "nee"}).status_code == 403
        assert client.get(url(behind, "contact/")).status_code in (403, 405)
    assert not CaseEvent.objects.exists()
    assert not AccessLog.objects.filter(outcome=AccessLog.Outcome.SHOWN).exists()  # refusals are logged, nothing shown


def checklist(client, tenancy) -> str:
    page = client.get(url(tenancy)).content.decode()
    return page[page.index('id="bgs-kop"') :].split("</section>")[0]


def test_the_bgs_checklist_names_what_is_missing_until_all_four_are_proven(client, officer, behind):
    client.force_login(officer)
    text = checklist(client, behind)
    assert text.count("(nog niet)") == 4
    assert (
        "Nog nodig voor een vroegsignaal: geprobeerd persoonlijk contact te krijgen; gewezen op schuldhulpverlening;"
        in text
    )

    today = timezone.localdate()
    events.reminder_letter(
        behind, today - timedelta(days=3), offers_data_sharing=True, points_to_debt_help=False
    ).save()
    text = checklist(client, behind)
    assert text.count("(gedaan)") == 2 and "brief van" in text  # (c) and (d) from the letter
    assert (
        "Nog nodig voor een vroegsignaal: geprobeerd persoonlijk contact te krijgen; gewezen op schuldhulpverlening."
        in text
    )

    client.post(url(behind, "contact/"), {"channel": "phone", "reached": "ja", "debt_help_pointed": "on"})
    text = checklist(client, behind)
    assert text.count("(gedaan)") == 4 and "Alle vier voorwaarden zijn vervuld" in text
    assert f"telefoon op {date_nl(today)}" in text  # the evidence in plain Dutch

    client.post(url(behind, "contact/"), {"channel": "phone", "reached": "ja", "objection": "on"})
    text = checklist(client, behind)
    assert (
        "de huurder heeft bezwaar gemaakt" in text
        and "Nog nodig voor een vroegsignaal: aangeboden gegevens door te geven, geen bezwaar." in text
    )


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
