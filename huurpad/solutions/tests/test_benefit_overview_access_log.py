"""The overview of municipalities' payments that are missing or short names the tenants to call
about: one access-log line per household shown, in one statement."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huurpad.solutions.models import BenefitPayment
from huurpad.testing.access_log import get_logged_in_one_statement, logged
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


def test_the_households_whose_payment_is_missing_are_logged(client, officer):
    months_ago = (timezone.localdate() - timedelta(days=100)).replace(day=1)
    for ref in ("HC1", "HC2"):
        BenefitPayment.objects.create(
            tenancy=make_tenancy(ref, surname=f"Smit{ref}"),
            municipality_code="GM0363",
            amount_cents=30000,
            day=5,
            start=months_ago,
            created_by=officer,
        )
    make_tenancy("HC3")  # no payment registered: not on the page
    client.force_login(officer)
    page = get_logged_in_one_statement(client, "/geregelde-betalingen/").content.decode()
    assert "SmitHC1" in page and "SmitHC2" in page
    assert logged("benefit_overview", officer) == [("tenancy", "HC1"), ("tenancy", "HC2")]
