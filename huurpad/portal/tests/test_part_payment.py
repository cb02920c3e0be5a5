"""Paying part of the arrears from the portal: any amount from € 5 up to what is owed, through the
same pay link as paying it all; the bounds are checked on the server, whatever the browser sends."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.cases.models import CaseEvent
from huurpad.messaging.models import PayLink
from huurpad.portal import selfservice
from huurpad.testing.ledgers import book

from .conftest import last_month

pytestmark = pytest.mark.django_db


def test_the_overview_offers_to_pay_part_with_its_bounds(tenant_client, home):
    page = tenant_client.get(reverse("portal:overview")).content.decode()
    assert "Betaal €\xa0700,00" in page  # paying it all stays one press
    assert "Een deel betalen" in page and "Minstens €\xa05,00, hoogstens €\xa0700,00." in page
    assert 'min="5.00" max="700.00"' in page


def test_part_of_the_arrears_opens_a_pay_link_for_that_part(tenant_client, home):
    response = tenant_client.post(reverse("portal:pay"), {"amount": "250,50"})
    link = PayLink.objects.get()
    assert response.status_code == 302 and response["Location"] == link.checkout_url
    assert (link.tenancy, link.amount_cents, link.description) == (home, 25050, "Huurachterstand HC1")
    note = CaseEvent.objects.get(tenancy=home, type="note").params["text"]
    assert (
        note == "Betaalt via Mijn Huurpad: betaallink geopend voor € 250,50 (een deel van de achterstand van € 700,00)."
    )


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("4,99", "Vul een bedrag van minstens € 5,00 in."),
        ("0", "Vul een bedrag van minstens € 5,00 in."),
        ("-10", "Vul een bedrag van minstens € 5,00 in."),
        ("700,01", "U hoeft niet meer te betalen dan € 700,00."),
        ("1e9", "Dit bedrag is te hoog."),
        ("vijf", "Vul een bedrag in, zoals 50 of 75,50."),
        ("", "Vul een bedrag in."),
        ("10,001", "Gebruik hoogstens 2 cijfers na de komma."),
    ],
)
def test_an_amount_out_of_bounds_is_refused_and_no_link_is_made(tenant_client, home, amount, error):
    response = tenant_client.post(reverse("portal:pay"), {"amount": amount})
    page = response.content.decode()
    assert response.status_code == 400 and error in page, page[page.find("field-error") - 200 :][:600]
    assert '<details class="portal-part" open>' in page and 'aria-invalid="true"' in page
    assert not PayLink.objects.exists() and not CaseEvent.objects.filter(type="note").exists()


def test_a_small_debt_is_paid_whole_without_a_part_to_choose(tenant_client, home):
    book(home, f"{last_month()} payment 697.00")  # € 3 left
    page = tenant_client.get(reverse("portal:overview")).content.decode()
    assert "Betaal €\xa03,00" in page and "Een deel betalen" not in page
    tenant_client.post(reverse("portal:pay"), {"amount": "3"})
    assert PayLink.objects.get().amount_cents == 300


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cents=st.integers(min_value=-10_000, max_value=200_000))
def test_the_server_never_opens_a_link_outside_the_bounds(home, cents):
    """Whatever amount reaches the service, a link is opened only from € 5 up to what is owed."""
    PayLink.objects.all().delete()
    amount = Decimal(cents) / 100
    try:
        link = selfservice.open_pay_link(
            home, acting_user=None, base_url="http://127.0.0.1:8000", today=timezone.localdate(), amount=amount
        )
    except selfservice.Refused:
        assert not (Decimal("5.00") <= amount <= Decimal("700.00"))
        assert not PayLink.objects.exists()
    else:
        assert Decimal("5.00") <= amount <= Decimal("700.00") and link.amount_cents == cents
