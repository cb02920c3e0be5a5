"""The daily run gives the compliment for arrears a direct debit cleared only once the money is
final, remembering the arrears meanwhile, and never when the debit comes back."""

from datetime import date, timedelta

import pytest

from huurpad.collection.models import Proposal, TenancyState
from huurpad.collection.run import run_policy
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

# Behind since 1 March (the March debit failed); the debit of 25 March takes March and April.
HISTORY = """2026-02-01 rent 700.00
2026-02-01 payment 700.00
2026-03-01 rent 700.00
2026-03-25 direct_debit 1400.00
2026-04-01 rent 700.00"""


@pytest.fixture
def homes(db):
    kept = make_tenancy("KEPT", payment_method="direct_debit", collection_day=25, phone="0611111111")
    book(kept, HISTORY)
    returned = make_tenancy("RETURNED", payment_method="direct_debit", collection_day=25, phone="0622222222")
    book(returned, HISTORY + "\n2026-03-31 reversal 1400.00")
    return kept, returned


def run_days(start: date, end: date, *, full: bool) -> None:
    day = start
    while day <= end:
        run_policy(day, full=full)
        day += timedelta(days=1)


@pytest.mark.parametrize("full", [False, True])
def test_the_compliment_comes_when_the_debit_is_final(homes, full):
    kept, returned = homes
    run_days(date(2026, 3, 20), date(2026, 3, 27), full=full)
    assert not Proposal.objects.filter(action="compliment").exists()
    # Waiting: the state keeps the arrears the debit cleared, and wakes on the day it is final.
    state = TenancyState.objects.get(tenancy=kept)
    assert (state.arrears_cents, state.cleared_arrears_cents) == (0, 70000)
    assert state.wake_on == date(2026, 4, 2)  # returns possible up to Wednesday 1 April
    run_days(date(2026, 3, 28), date(2026, 4, 10), full=full)
    [compliment] = Proposal.objects.filter(action="compliment")
    assert (compliment.tenancy, compliment.due_date) == (kept, date(2026, 4, 2))
    assert "incasso van 25 maart 2026 is definitief" in compliment.explanation
    assert not TenancyState.objects.filter(tenancy=kept).exists()  # nothing owed, nothing waits
