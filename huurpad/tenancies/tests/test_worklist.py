"""The worklist: households in arrears today, sortable, filterable by segment, paginated."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from huurpad.cases.models import CaseEvent
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)
NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2026, 3, 15, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        yield


def in_arrears(ref, months_unpaid, *, start=date(2020, 1, 1), rent="650.00", service="50.00", **kw):
    """A tenancy whose last `months_unpaid` monthly charges (up to 1 March 2026) are unpaid."""
    tenancy = make_tenancy(ref, start=start, rent=rent, service_costs=service, **kw)
    lines = []
    for month in range(1, 4):  # January to March 2026
        lines.append(f"2026-{month:02d}-01 rent {rent}")
        lines.append(f"2026-{month:02d}-01 service_costs {service}")
        if month <= 3 - months_unpaid:
            lines.append(f"2026-{month:02d}-02 payment {float(rent) + float(service):.2f}")
    book(tenancy, "\n".join(lines))
    return tenancy


def refs_in(response):
    return [row["tenancy"].ref for row in response.context["rows"]]


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("worklist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_users_without_a_case_role_get_a_friendly_403(client, outsider):
    in_arrears("HC1", 1, surname="Dekker")
    client.force_login(outsider)
    response = client.get(reverse("worklist"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "geen toegang" in text
    assert "Dekker" not in text


def test_a_partner_starts_on_the_households_referred_to_them(client, partner):
    in_arrears("HC1", 1, surname="Dekker")
    client.force_login(partner)
    response = client.get(reverse("worklist"))
    assert response.status_code == 302 and response["Location"] == reverse("cases:partner_list")
    assert "Dekker" not in client.get(response["Location"]).content.decode()


def test_officer_sees_households_in_arrears_and_not_those_who_paid(client, officer):
    in_arrears("HC1", 2, surname="Dekker")
    in_arrears("HC2", 0, surname="Betaaltoptijd")
    client.force_login(officer)
    response = client.get(reverse("worklist"))
    assert response.status_code == 200
    text = response.content.decode()
    assert refs_in(response) == ["HC1"]
    assert "Dekker" in text and "Betaaltoptijd" not in text
    # Two months of € 700 unpaid: the Dutch money format, and the summary line on top.
    assert f"€{NBSP}1.400,00" in text
    assert "<strong>1 huishouden</strong> een huurachterstand" in text
    assert "15 maart 2026" in text


def test_summary_counts_all_households_and_sums_their_arrears(client, officer):
    in_arrears("HC1", 1)
    in_arrears("HC2", 2)
    client.force_login(officer)
    text = client.get(reverse("worklist")).content.decode()
    assert "<strong>2 huishoudens</strong>" in text
    assert f"samen <strong>€{NBSP}2.100,00</strong>" in text


def test_default_order_is_largest_arrears_first(client, officer):
    in_arrears("HC1", 1)
    in_arrears("HC2", 3)
    in_arrears("HC3", 2)
    client.force_login(officer)
    assert refs_in(client.get(reverse("worklist"))) == ["HC2", "HC3", "HC1"]


def test_sort_by_days_overdue_both_ways(client, officer):
    in_arrears("HC1", 2)  # oldest unpaid 1 Feb: 42 days
    in_arrears("HC2", 1)  # 1 March: 14 days
    in_arrears("HC3", 3)  # 1 January: 73 days
    client.force_login(officer)
    assert refs_in(client.get(reverse("worklist"), {"sort": "days"})) == ["HC2", "HC1", "HC3"]
    response = client.get(reverse("worklist"), {"sort": "-days"})
    assert refs_in(response) == ["HC3", "HC1", "HC2"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_sort_by_months_uses_the_rent_in_force(client, officer):
    # Same arrears (€ 1.400), but a lower rent means more months behind.
    in_arrears("HC1", 2, rent="650.00", service="50.00")  # 2.00 months
    in_arrears("HC2", 4, rent="300.00", service="50.00")  # only three months booked: € 1.050 = 3.00
    client.force_login(officer)
    assert refs_in(client.get(reverse("worklist"), {"sort": "-months"})) == ["HC2", "HC1"]
    assert refs_in(client.get(reverse("worklist"), {"sort": "months"})) == ["HC1", "HC2"]


def test_sort_by_contract(client, officer):
    for ref in ["HC3", "HC1", "HC2"]:
        in_arrears(ref, 1)
    client.force_login(officer)
    assert refs_in(client.get(reverse("worklist"), {"sort": "contract"})) == ["HC1", "HC2", "HC3"]
    assert refs_in(client.get(reverse("worklist"), {"sort": "-contract"})) == ["HC3", "HC2", "HC1"]


def test_unknown_sort_falls_back_to_arrears(client, officer):
    in_arrears("HC1", 1)
    in_arrears("HC2", 2)
    client.force_login(officer)
    assert refs_in(client.get(reverse("worklist"), {"sort": "surname"})) == ["HC2", "HC1"]


def test_filter_by_segment(client, officer):
    in_arrears("NEW1", 1, start=date(2025, 12, 1))  # started less than a year ago
    in_arrears("FIRST1", 1)  # overdue, no reminders
    often = in_arrears("OFTEN1", 1)
    for month in range(5, 11):  # six reminders within the last year
        CaseEvent.objects.create(tenancy=often, date=date(2025, month, 10), type=CaseEvent.Type.REMINDER_LETTER)
    client.force_login(officer)

    assert refs_in(client.get(reverse("worklist"), {"segment": "new"})) == ["NEW1"]
    assert refs_in(client.get(reverse("worklist"), {"segment": "first_time"})) == ["FIRST1"]
    response = client.get(reverse("worklist"), {"segment": "frequent"})
    assert refs_in(response) == ["OFTEN1"]
    text = response.content.decode()
    assert "Vaak achter" in text
    # The summary still speaks of everyone in arrears; the status line of the filtered list.
    assert "<strong>3 huishoudens</strong>" in text
    assert "1 huishouden in ‘Vaak achter’" in text
    # An unknown segment shows everyone.
    assert len(refs_in(client.get(reverse("worklist"), {"segment": "nonsense"}))) == 3


def test_segment_labels_are_dutch(client, officer):
    in_arrears("NEW1", 1, start=date(2025, 12, 1))
    client.force_login(officer)
    text = client.get(reverse("worklist")).content.decode()
    assert "Nieuwe huurder" in text
    assert ">new<" not in text
    # The segment is the risk profile, not the kind of household.
    assert '<th scope="col" class="utrecht-table__header-cell">Profiel</th>' in text
    assert '<label class="utrecht-form-label" for="segment">Profiel</label>' in text
    assert "Soort huishouden" not in text


def test_fifty_a_page(client, officer):
    for number in range(51):
        in_arrears(f"HC{number:03d}", 1)
    client.force_login(officer)
    first = client.get(reverse("worklist"), {"sort": "contract"})
    assert len(refs_in(first)) == 50
    assert "Pagina 1 van 2" in first.content.decode()
    assert "sort=contract&amp;pagina=2" in first.content.decode()
    second = client.get(reverse("worklist"), {"sort": "contract", "pagina": 2})
    assert refs_in(second) == ["HC050"]
    # A page number out of range shows the last page rather than an error.
    assert refs_in(client.get(reverse("worklist"), {"sort": "contract", "pagina": 99})) == ["HC050"]


def test_htmx_request_gets_only_the_results(client, officer):
    in_arrears("HC1", 1)
    client.force_login(officer)
    response = client.get(reverse("worklist"), {"sort": "days"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text and "<h1" not in text
    assert "<table" in text and "HC1" in text
    # The status line outside the swapped region is updated out of band.
    assert 'id="werklijst-status" hx-swap-oob="innerHTML"' in text
    assert "HX-Request" in response["Vary"]


def test_full_page_has_htmx_attributes_and_works_without_them(client, officer):
    in_arrears("HC1", 1)
    client.force_login(officer)
    text = client.get(reverse("worklist")).content.decode()
    assert "<html" in text
    assert 'hx-target="#resultaten"' in text and 'hx-push-url="true"' in text
    # Plain links and a GET form for browsers without script.
    assert 'href="?sort=-days"' in text  # a first click puts the longest overdue on top
    assert '<form class="filter" method="get"' in text
    assert '<label class="utrecht-form-label" for="segment">' in text


def test_htmx_history_restore_gets_the_full_page(client, officer):
    in_arrears("HC1", 1)
    client.force_login(officer)
    response = client.get(reverse("worklist"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_empty_worklist_says_so_kindly(client, officer):
    in_arrears("HC1", 0)
    client.force_login(officer)
    text = client.get(reverse("worklist")).content.decode()
    assert "geen enkel huishouden een huurachterstand" in text
    assert "<table" not in text
