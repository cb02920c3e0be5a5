"""The rent increase's proposals show per household its size, rents and a discount for a low
income: each page writes one access-log line per household it shows, in one statement, only for
the proposals the chosen filter shows."""

from datetime import date

import pytest
from django.utils import timezone

from huurpad.rents.models import RentIncreaseProposal
from huurpad.rents.views import default_year
from huurpad.testing.access_log import get_logged_in_one_statement, logged
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
S = RentIncreaseProposal.Status


def test_the_proposals_shown_are_logged(client, teamleader):
    year = default_year(timezone.localdate())
    for ref, status in (("HC1", S.PROPOSED), ("HC2", S.APPROVED)):
        RentIncreaseProposal.objects.create(
            tenancy=make_tenancy(ref),
            year=year,
            effective=date(year, 7, 1),
            status=status,
            old_rent_cents=65000,
            new_rent_cents=67000,
            percent="3.08",
            paid_before_cents=65000,
            pay_cents=67000,
        )
    client.force_login(teamleader)
    get_logged_in_one_statement(client, "/huurverhoging/", {"toon": "open"})
    assert logged("rent_proposals", teamleader) == [("tenancy", "HC1")]
    get_logged_in_one_statement(client, "/huurverhoging/")
    assert logged("rent_proposals", teamleader) == [("tenancy", "HC1"), ("tenancy", "HC1"), ("tenancy", "HC2")]
