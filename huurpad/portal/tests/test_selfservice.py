"""The tenant's pages: the balance and what is still open, paying, the collection day, a payment
arrangement within the self-service bounds (or a call back when outside them), 'bel mij', a
message. Each action is on the timeline with the tenant as actor; what needs a person is on the
officers' 'Vandaag' list."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from huurpad.bank.models import CollectionDayChange
from huurpad.cases.models import CaseEvent, Task
from huurpad.core import calendar
from huurpad.core.calendar import first_of_next_month
from huurpad.core.dutch import date_nl
from huurpad.messaging.models import OutboxMessage, PayLink
from huurpad.portal import selfservice
from huurpad.portal.models import PortalAccount
from huurpad.rents.models import RentYearFacts
from huurpad.solutions.models import Arrangement
from huurpad.testing.ledgers import book

from .conftest import last_month, log_in

pytestmark = pytest.mark.django_db


def tenant_user():
    return PortalAccount.objects.get(tenant__email="anna@example.nl").user


def today_list(client, officer) -> str:
    client.force_login(officer)
    return client.get(reverse("cases:today")).content.decode()


def test_overview_shows_the_arrears_the_open_items_and_when_the_rent_is_next_due(tenant_client, home):
    page = tenant_client.get(reverse("portal:overview")).content.decode()
    assert "Hallo A. Bakker" in page and "HC1" in page
    assert '<strong id="achterstand">€\xa0700,00</strong>' in page
    assert "Huur" in page and "Servicekosten" in page and "€\xa0650,00" in page and "€\xa050,00" in page
    assert page.count("te laat</span>") == 2
    expected = selfservice.next_due(home, timezone.localdate())
    assert expected > timezone.localdate()
    assert "Volgende afschrijving" in page and date_nl(expected) in page
    assert f'action="{reverse("portal:pay")}"' in page and "Betaal €\xa0700,00" in page
    # Only the tenant's own things: no staff menu, nothing of the staff pages.
    assert "Werklijst" not in page and "/huurcontract/" not in page


def test_overview_without_arrears_says_so_kindly_and_offers_no_payment(client, other_home):
    log_in(client, "bram@example.nl")
    page = client.get(reverse("portal:overview")).content.decode()
    assert "U heeft geen achterstand. Goed zo!" in page
    assert reverse("portal:pay") not in page and reverse("portal:arrangement") not in page
    assert reverse("portal:collection_day") not in page  # pays by transfer: no day to choose
    assert "Volgende huur betalen vóór" in page and date_nl(first_of_next_month(timezone.localdate())) in page


def test_the_checks_are_linked_with_the_household_filled_in(tenant_client, home):
    home.energy_label = "C"
    home.save()
    page = tenant_client.get(reverse("portal:overview")).content.decode()
    query = "personen=1&amp;huishouden=single&amp;huur=650.00&amp;servicekosten=50.00&amp;label=C&amp;gemeente=GM0363"
    assert f'href="/huurcheck/?{query}"' in page and f'href="/geldcheck/?{query}"' in page
    # The checks' forms come filled in from the link (huurpad.prevention reads these names).
    check = tenant_client.get("/huurcheck/?" + query.replace("&amp;", "&")).content.decode()
    assert re.search(r'name="huur"[^>]*value="650(\.00)?"|value="650(\.00)?"[^>]*name="huur"', check)
    assert re.search(r'<option value="C" selected>', check)


def test_the_checks_also_get_the_age_and_the_income_the_corporation_knows(tenant_client, home):
    home.tenant.birth_date = date(1980, 3, 15)
    home.tenant.save()
    RentYearFacts.objects.create(
        tenancy=home, year=timezone.localdate().year - 1, income=24000, income_source="statement"
    )
    page = tenant_client.get(reverse("portal:overview")).content.decode()
    today = timezone.localdate()
    age = today.year - 1980 - ((today.month, today.day) < (3, 15))
    assert f"leeftijd={age}&amp;belastbaar=24000" in page
    check = tenant_client.get(
        f"/huurcheck/?personen=1&huishouden=single&leeftijd={age}&belastbaar=24000"
    ).content.decode()
    assert re.search(rf'name="leeftijd"[^>]*value="{age}"|value="{age}"[^>]*name="leeftijd"', check)


def test_paying_opens_a_pay_link_for_the_arrears_and_goes_there(tenant_client, home):
    response = tenant_client.post(reverse("portal:pay"))
    link = PayLink.objects.get()
    assert response.status_code == 302 and response["Location"] == link.checkout_url
    assert link.tenancy == home and link.amount_cents == 70000
    event = CaseEvent.objects.get(tenancy=home, type="note")
    assert event.actor == tenant_user() and event.source == "portaal" and "€ 700,00" in event.params["text"]


def test_no_pay_link_without_arrears(client, other_home):
    log_in(client, "bram@example.nl")
    response = client.post(reverse("portal:pay"))
    assert response["Location"] == reverse("portal:overview") and not PayLink.objects.exists()


def test_changing_the_collection_day(tenant_client, home):
    page = tenant_client.get(reverse("portal:collection_day")).content.decode()
    assert "Nu schrijven we de huur af op de <strong>1e</strong>" in page
    assert page.count('type="radio"') == 6
    response = tenant_client.post(reverse("portal:collection_day"), {"day": "15"})
    assert response["Location"] == reverse("portal:overview")
    change = CollectionDayChange.objects.get()
    start = first_of_next_month(timezone.localdate())
    assert (change.tenancy, change.day, change.effective_from, change.made_by) == (home, 15, start, tenant_user())
    event = CaseEvent.objects.get(tenancy=home, type="collection_day_changed")
    assert event.actor == tenant_user() and event.params["collection_day"] == 15
    page = tenant_client.get(reverse("portal:overview")).content.decode()
    assert f"Gelukt. Vanaf {date_nl(start)} schrijven we de huur af op de 15e van de maand." in page
    assert "schrijven we af op de 15e van de maand" in page


def test_a_day_not_on_the_list_is_refused(tenant_client, home):
    page = tenant_client.post(reverse("portal:collection_day"), {"day": "3"}).content.decode()
    assert "Kies een van de dagen in de lijst." in page
    assert not CollectionDayChange.objects.exists()


def test_no_collection_day_for_a_tenant_who_pays_by_transfer(client, other_home):
    log_in(client, "bram@example.nl")
    assert "U betaalt de huur zelf" in client.get(reverse("portal:collection_day")).content.decode()
    client.post(reverse("portal:collection_day"), {"day": "15"})
    assert not CollectionDayChange.objects.exists()


def test_an_arrangement_within_the_self_service_bounds_starts_at_once(client, tenant_client, home, officer):
    page = tenant_client.get(reverse("portal:arrangement")).content.decode()
    assert "hoogstens 6 maanden" in page and "minstens <strong>€\xa0116,67</strong>" in page
    preview = tenant_client.get(reverse("portal:arrangement_preview"), {"amount": "200"}).content.decode()
    assert "Dit kunt u zelf regelen." in preview and "4 keer €\xa0200,00 (de laatste keer €\xa0100,00)" in preview

    page = tenant_client.post(reverse("portal:arrangement"), {"amount": "200"}).content.decode()
    assert "Uw betalingsregeling is gemaakt" in page and "4 keer €\xa0200,00" in page and "per brief" in page
    arrangement = Arrangement.objects.get()
    assert (arrangement.status, arrangement.count, arrangement.instalment, arrangement.source) == (
        "running",
        4,
        Decimal("200.00"),
        "tenant",
    )
    assert arrangement.created_by == tenant_user()
    started = CaseEvent.objects.get(tenancy=home, type="arrangement_started")
    assert started.actor == tenant_user()
    assert OutboxMessage.objects.filter(tenancy=home, action="arrangement_confirmation", channel="letter").exists()
    task = Task.objects.get(tenancy=home)
    assert (task.action, task.role, task.status) == ("portal_arrangement", "incassomedewerker", "open")
    listing = today_list(client, officer)
    assert "Regeling via Mijn Huurpad: even nakijken" in listing and ">HC1</a>" in listing


def test_an_arrangement_outside_the_bounds_does_not_start_the_officer_calls_back(client, tenant_client, home, officer):
    preview = tenant_client.get(reverse("portal:arrangement_preview"), {"amount": "50"}).content.decode()
    assert "14 keer" in preview and "langer dan u zelf kunt regelen" in preview
    page = tenant_client.post(reverse("portal:arrangement"), {"amount": "50"}).content.decode()
    assert "We bellen u" in page and "Een medewerker belt u" in page
    assert not Arrangement.objects.exists()
    assert not OutboxMessage.objects.filter(action="arrangement_confirmation").exists()
    task = Task.objects.get(tenancy=home)
    assert (task.action, task.role, task.title) == (
        "call",
        "incassomedewerker",
        "Terugbellen: vraagt om een betalingsregeling",
    )
    assert "€ 50,00 per maand" in task.explanation and "meer dan 6 termijnen" in task.explanation
    note = CaseEvent.objects.get(tenancy=home, type="note")
    assert note.actor == tenant_user() and "€ 50,00 per maand" in note.params["text"]
    listing = today_list(client, officer)
    assert "Terugbellen: vraagt om een betalingsregeling" in listing and ">HC1</a>" in listing


def test_arrears_beyond_a_months_rent_are_never_arranged_alone(tenant_client, home):
    book(home, f"{last_month()} other_charge 300.00")  # € 1.000 against a rent of € 700
    page = tenant_client.get(reverse("portal:arrangement")).content.decode()
    assert "Uw achterstand is hoger dan €\xa0700,00" in page
    preview = tenant_client.get(reverse("portal:arrangement_preview"), {"amount": "500"}).content.decode()
    assert "2 keer €\xa0500,00" in preview and "Uw achterstand is te hoog om de regeling zelf te maken." in preview
    tenant_client.post(reverse("portal:arrangement"), {"amount": "500"})  # two instalments, still not alone
    assert not Arrangement.objects.exists()
    assert Task.objects.get(tenancy=home).action == "call"


def test_an_amount_too_small_for_any_arrangement_becomes_a_call_too(tenant_client, home):
    preview = tenant_client.get(reverse("portal:arrangement_preview"), {"amount": "5"}).content.decode()
    assert "te laag" in preview
    tenant_client.post(reverse("portal:arrangement"), {"amount": "5"})
    assert not Arrangement.objects.exists() and Task.objects.get(tenancy=home).action == "call"


def test_with_an_arrangement_running_a_new_one_is_a_call(tenant_client, home):
    tenant_client.post(reverse("portal:arrangement"), {"amount": "350"})
    tenant_client.post(reverse("portal:arrangement"), {"amount": "175"})
    assert Arrangement.objects.get().instalment == Decimal("350.00")
    assert sorted(Task.objects.values_list("action", flat=True)) == ["call", "portal_arrangement"]


def test_amounts_as_people_write_them(tenant_client, home):
    tenant_client.post(reverse("portal:arrangement"), {"amount": "€ 233,34"})
    assert Arrangement.objects.get().instalment == Decimal("233.34")


def test_a_wrong_amount_is_explained(tenant_client, home):
    page = tenant_client.post(reverse("portal:arrangement"), {"amount": "veel"}).content.decode()
    assert "Vul een bedrag in, zoals 50 of 75,50." in page and 'aria-invalid="true"' in page
    assert not Arrangement.objects.exists() and not Task.objects.exists()


def test_without_a_sender_for_the_letter_the_arrangement_becomes_a_call(tenant_client, home, sender):
    sender.delete()
    tenant_client.post(reverse("portal:arrangement"), {"amount": "200"})
    assert not Arrangement.objects.exists()
    assert Task.objects.get(tenancy=home).action == "call"


def test_ask_to_be_called(client, tenant_client, home, officer):
    page = tenant_client.get(reverse("portal:call_me")).content.decode()
    assert 'value="0612345678"' in page  # the number we have, filled in
    response = tenant_client.post(
        reverse("portal:call_me"), {"when": "'s middags", "phone": "06 87654321", "about": "Mijn uitkering is later"}
    )
    assert response["Location"] == reverse("portal:overview")
    task = Task.objects.get(tenancy=home)
    assert (task.action, task.role, task.title) == ("call", "incassomedewerker", "Terugbellen: de huurder vraagt erom")
    assert (
        "'s middags" in task.explanation
        and "06 87654321" in task.explanation
        and "uitkering is later" in task.explanation
    )
    note = CaseEvent.objects.get(tenancy=home, type="note")
    assert note.actor == tenant_user() and "teruggebeld" in note.params["text"]
    assert "Terugbellen: de huurder vraagt erom" in today_list(client, officer)


def test_a_wrong_phone_number_is_explained(tenant_client, home):
    page = tenant_client.post(reverse("portal:call_me"), {"when": "'s middags", "phone": "bel me"}).content.decode()
    assert "Vul een telefoonnummer in, zoals 06 12345678." in page
    assert not Task.objects.exists()


def test_no_call_for_a_tenant_who_asked_not_to_be_called(tenant_client, home):
    home.tenant.no_calls = True
    home.tenant.save()
    assert reverse("portal:call_me") not in tenant_client.get(reverse("portal:overview")).content.decode()
    assert "Stuur ons daarom een bericht" in tenant_client.get(reverse("portal:call_me")).content.decode()
    tenant_client.post(reverse("portal:call_me"), {"when": "'s middags", "phone": "0612345678"})
    assert not Task.objects.exists()


def test_a_message_to_the_officer(client, tenant_client, home, officer):
    response = tenant_client.post(reverse("portal:message"), {"text": "  Ik ben mijn baan kwijt. Kan ik langskomen?  "})
    assert response["Location"] == reverse("portal:overview")
    task = Task.objects.get(tenancy=home)
    assert (task.action, task.role, task.title) == ("tenant_message", "incassomedewerker", "Bericht van de huurder")
    assert task.explanation == "Via Mijn Huurpad: Ik ben mijn baan kwijt. Kan ik langskomen?"
    note = CaseEvent.objects.get(tenancy=home, type="note")
    assert (
        note.actor == tenant_user()
        and note.params["text"] == "Bericht via Mijn Huurpad: Ik ben mijn baan kwijt. Kan ik langskomen?"
    )
    assert "Bericht van de huurder" in today_list(client, officer)


def test_an_empty_message_is_refused(tenant_client, home):
    page = tenant_client.post(reverse("portal:message"), {"text": "   "}).content.decode()
    assert "Schrijf eerst uw bericht." in page and not Task.objects.exists()


def test_at_most_ten_requests_a_day(tenant_client, home):
    for n in range(12):
        tenant_client.post(reverse("portal:message"), {"text": f"Bericht {n}"})
    # One open task of its kind, holding every message; ten a day at most.
    (task,) = Task.objects.filter(tenancy=home)
    assert [f"Bericht {n}" in task.explanation for n in range(12)] == [True] * 10 + [False] * 2
    assert selfservice.REQUESTS_PER_DAY == 10
    page = tenant_client.get(reverse("portal:overview")).content.decode()
    assert "U heeft vandaag al veel gevraagd." in page


def test_the_officer_sees_who_did_it_on_the_timeline(client, tenant_client, home, officer):
    tenant_client.post(reverse("portal:collection_day"), {"day": "20"})
    tenant_client.post(reverse("portal:message"), {"text": "Graag vanaf de 20e."})
    client.force_login(officer)
    page = client.get(reverse("tenancy_detail", args=["HC1"])).content.decode()
    assert page.count("Door A. Bakker (huurder)") == 2


def test_open_items_come_from_the_ledger_as_on_the_staff_page(tenant_client, home):
    book(home, f"{timezone.localdate()} payment 650.00")
    found = selfservice.overview(home, timezone.localdate())
    assert [(row["label"], row["item"].open) for row in found.open_items] == [("Servicekosten", Decimal("50.00"))]
    assert found.position.arrears == Decimal("50.00")
    assert selfservice.next_due(home, date(2026, 3, 2)) == date(2026, 4, 1)


def test_an_arrangement_after_a_new_collection_day_starts_on_that_day(tenant_client, home):
    tenant_client.post(reverse("portal:collection_day"), {"day": "15"})
    tenant_client.post(reverse("portal:arrangement"), {"amount": "200"})
    month = first_of_next_month(timezone.localdate())
    assert Arrangement.objects.get().first_due == calendar.collection_date(month.year, month.month, 15)


@pytest.mark.parametrize("name", ["overview", "collection_day", "arrangement", "call_me", "message"])
def test_the_pages_read_easily(tenant_client, home, name):
    """Plain Dutch (B1): the same bar as the long letters (messaging/tests/test_texts.py)."""
    import textstat
    from django.utils.html import strip_tags

    html = tenant_client.get(reverse(f"portal:{name}")).content.decode()
    text = strip_tags(html.split('<main id="inhoud"', 1)[1].split("</main>")[0])
    textstat.set_lang("nl")
    assert textstat.flesch_reading_ease(text) >= 60, name
