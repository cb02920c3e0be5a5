"""A household in debt help or under a pause reads in Mijn Huurpad what runs (who helps them, the
pause until when, the settlement) and what is still asked of them: this month's rent. The button
pays that rent only, never the old arrears, whatever the browser sends; no arrangement of its own."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.core.money import from_cents
from huurpad.debthelp.models import DebtHelp
from huurpad.messaging.models import PayLink
from huurpad.portal import selfservice
from huurpad.solutions.models import Pause
from huurpad.testing.ledgers import book, make_tenancy

from .conftest import last_month

pytestmark = pytest.mark.django_db
NBSP = "\N{NO-BREAK SPACE}"


def this_month() -> date:
    return timezone.localdate().replace(day=1)


@pytest.fixture
def paused(home):
    """Anna Bakker (HC1) owes € 7.023,58 of old arrears and this month's rent; a Kennisgeving paused the collection."""
    book(
        home,
        f"{last_month() - timedelta(days=200)} other_charge 6323.58\n{this_month()} rent 650.00\n{this_month()} service_costs 50.00",
    )
    Pause.objects.create(
        tenancy=home,
        reason=Pause.Reason.KENNISGEVING,
        start=last_month(),
        review_date=this_month() + timedelta(days=120),
    )
    return home


def test_a_paused_household_is_told_what_runs_and_asked_only_for_this_months_rent(tenant_client, paused):
    page = tenant_client.get(reverse("portal:overview")).content.decode()
    assert f"Betaal €{NBSP}7.023,58" not in page and f"Betaal €{NBSP}7.723,58" not in page
    assert "Een deel betalen" not in page and "Maak een betalingsregeling" not in page
    assert "U krijgt hulp bij uw schulden" in page
    assert f'U heeft nog een achterstand van <strong id="achterstand">€{NBSP}7.023,58</strong>' in page
    review = paused.pauses.get().review_date
    assert f"in elk geval tot {review.day} " in page
    month = selfservice.MONTHS[this_month().month - 1]
    assert f"Betaal de huur van {month}: €{NBSP}700,00" in page


def test_the_pay_button_pays_this_months_rent_whatever_amount_is_sent(tenant_client, paused):
    response = tenant_client.post(reverse("portal:pay"), {"amount": "7023,58"})
    link = PayLink.objects.get()
    assert response.status_code == 302 and link.amount_cents == 70000
    tenant_client.post(reverse("portal:pay"))
    assert sorted(PayLink.objects.values_list("amount_cents", flat=True)) == [70000, 70000]


def test_once_this_months_rent_is_paid_nothing_is_asked(tenant_client, paused):
    book(paused, f"{timezone.localdate()} payment 700.00")
    page = tenant_client.get(reverse("portal:overview")).content.decode()
    assert "is betaald. Dank u wel!" in page and "Betaal de huur" not in page
    tenant_client.post(reverse("portal:pay"))
    assert not PayLink.objects.exists()


def test_a_household_in_debt_help_reads_who_helps_and_the_settlement(tenant_client, home):
    start = last_month()
    DebtHelp.objects.create(
        tenancy=home,
        counsellor="Schuldhulp Lindestad",
        counsellor_reference="SH-1",
        started_on=start - timedelta(days=90),
        stage=DebtHelp.Stage.LOPEND,
        offer_months=18,
        settlement_start=start,
    )
    page = tenant_client.get(reverse("portal:overview")).content.decode()
    assert "Schuldhulp Lindestad helpt u met uw schulden. Uw schuldregeling loopt." in page
    assert f"Uw schuldregeling loopt vanaf {start.day} " in page
    assert f"Betaal €{NBSP}700,00" not in page  # last month's rent is old arrears now
    assert "Maak een betalingsregeling" not in page


def test_no_arrangement_of_its_own_during_debt_help(tenant_client, paused):
    with pytest.raises(selfservice.Refused):
        selfservice.request_arrangement(paused, Decimal("100.00"), timezone.localdate(), acting_user=None)


def test_without_help_the_arrears_are_still_offered_whole(tenant_client, home):
    assert f"Betaal €{NBSP}700,00" in tenant_client.get(reverse("portal:overview")).content.decode()


charge = st.tuples(
    st.integers(min_value=0, max_value=400),  # days before today
    st.sampled_from(["rent", "service_costs", "collection_costs", "other_charge", "payment", "reversal"]),
    st.integers(min_value=1, max_value=200000),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(charge, max_size=10))
def test_under_a_pause_no_more_than_this_months_rent_is_ever_asked(sender, entries):
    today = timezone.localdate()
    tenancy = make_tenancy(start=date(2020, 1, 1))
    text = "\n".join(f"{today - timedelta(days=back)} {kind} {from_cents(cents)}" for back, kind, cents in entries)
    book(tenancy, text)
    Pause.objects.create(tenancy=tenancy, reason=Pause.Reason.MORATORIUM, start=today, review_date=today)
    found = selfservice.overview(tenancy, today).help
    rent_this_month = sum(
        (
            e.amount
            for e in tenancy.core_entries(today)
            if e.date >= this_month() and e.kind.value in ("rent", "service_costs")
        ),
        Decimal(0),
    )
    assert Decimal(0) <= found.rent_to_pay <= rent_this_month
    link = selfservice.open_pay_link(tenancy, acting_user=None, base_url="http://testserver", today=today)
    assert (link is None) == (found.rent_to_pay == 0)
    if link is not None:
        assert from_cents(link.amount_cents) == found.rent_to_pay
