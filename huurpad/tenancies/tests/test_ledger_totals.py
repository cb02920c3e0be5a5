"""LedgerTotals stays equal to the sums of the ledger, whichever way entries are written."""

from collections import defaultdict
from datetime import date

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.core import ledger
from huurpad.core.money import to_cents
from huurpad.tenancies.imports import insert_entries
from huurpad.tenancies.models import LedgerEntry, LedgerTotals
from huurpad.testing.ledgers import make_tenancy
from huurpad.testing.strategies import days_from
from huurpad.testing.strategies import entries as ledger_entries

entries = ledger_entries(days_from(date(2025, 1, 1), 60))
WAYS = ("insert_entries", "bulk_create", "create", "delete", "update")


def expected_totals() -> dict[int, tuple[int, int, int]]:
    sums = defaultdict(lambda: [0, 0, 0])
    for tid, kind, cents in LedgerEntry.objects.values_list("tenancy_id", "kind", "amount_cents"):
        k = ledger.Kind(kind)
        sums[tid][0 if k in ledger.CHARGES else 1 if k in ledger.CREDITS else 2] += cents
    return {tid: tuple(s) for tid, s in sums.items()}


def stored_totals() -> dict[int, tuple[int, int, int]]:
    rows = LedgerTotals.objects.values_list("tenancy_id", "charges_cents", "credits_cents", "reversals_cents")
    return {tid: tuple(sums) for tid, *sums in rows}


def nonzero(totals: dict) -> dict:
    """A tenancy whose entries were all deleted keeps a row of zeros: the same as no row."""
    return {tid: sums for tid, sums in totals.items() if any(sums)}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.sampled_from(WAYS), st.integers(0, 2), st.lists(entries, min_size=1, max_size=8)), max_size=8)
)
def test_totals_follow_every_write(db, steps):
    with transaction.atomic():
        tenancies = [make_tenancy() for _ in range(3)]
        for number, (way, which, items) in enumerate(steps):
            tenancy = tenancies[which]
            rows = [
                (tenancy.id, e.date, e.kind.value, to_cents(e.amount), f"{number}-{i}-{tenancy.id}", "")
                for i, e in enumerate(items)
            ]
            if way == "insert_entries":
                insert_entries(rows)
            elif way == "bulk_create":
                LedgerEntry.objects.bulk_create(
                    LedgerEntry(tenancy_id=t, date=d, kind=k, amount_cents=c, external_id=x)
                    for t, d, k, c, x, _ in rows
                )
            elif way == "create":
                for t, d, k, c, x, _ in rows:
                    LedgerEntry.objects.create(tenancy_id=t, date=d, kind=k, amount_cents=c, external_id=x)
            elif way == "delete":  # never done by Huurpad itself; the totals must follow anyway
                LedgerEntry.objects.filter(
                    tenancy=tenancy, id__in=LedgerEntry.objects.filter(tenancy=tenancy).values("id")[:2]
                ).delete()
            else:
                LedgerEntry.objects.filter(tenancy=tenancy, kind="rent").update(kind="payment", amount_cents=123)
            assert nonzero(stored_totals()) == nonzero(expected_totals()), way
        transaction.set_rollback(True)


def test_a_new_tenancy_has_no_totals_until_its_first_entry(db):
    tenancy = make_tenancy()
    assert not LedgerTotals.objects.filter(tenancy=tenancy).exists()
    LedgerEntry.objects.create(
        tenancy=tenancy, date=date(2025, 1, 1), kind="rent", amount_cents=65000, external_id="r1"
    )
    LedgerEntry.objects.create(
        tenancy=tenancy, date=date(2025, 1, 2), kind="payment", amount_cents=60000, external_id="p1"
    )
    LedgerEntry.objects.create(
        tenancy=tenancy, date=date(2025, 1, 3), kind="reversal", amount_cents=60000, external_id="s1"
    )
    totals = LedgerTotals.objects.get(tenancy=tenancy)
    assert (totals.charges_cents, totals.credits_cents, totals.reversals_cents) == (65000, 60000, 60000)
