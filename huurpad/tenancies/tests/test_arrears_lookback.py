"""Bulk arrears read the newest charges first and look further back only when needed; both
paths, and asking for a few tenancies, give the core's reference position."""

from datetime import date, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.core import ledger
from huurpad.core.money import to_cents
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry, Tenancy
from huurpad.testing.ledgers import book, make_tenancy, parse_ledger
from huurpad.testing.strategies import days_from
from huurpad.testing.strategies import entries as ledger_entries

START = date(2024, 1, 1)


def _expected(tenancy: Tenancy, items: list[ledger.Entry], on: date) -> ledger.Position:
    return ledger.position(items, on=on, monthly_due=tenancy.monthly_due_on(on))


def test_arrears_older_than_the_lookback(db):
    text = "\n".join(f"{START + timedelta(days=31 * n)} rent 700.00" for n in range(14))
    text += "\n2024-03-05 payment 1000.00"
    tenancy = make_tenancy("OLD1", start=START, rent="700.00", service_costs="0.00")
    book(tenancy, text)
    on = date(2025, 2, 10)
    (row,) = arrears.compute(on)
    assert row.position.oldest_unpaid_due_date == date(2024, 2, 1)
    assert row.position == _expected(tenancy, parse_ledger(text), on)


spread = days_from(START, 3 * 365)
entries = ledger_entries(
    spread, [ledger.Kind.RENT, ledger.Kind.RENT, ledger.Kind.PAYMENT, ledger.Kind.REVERSAL, ledger.Kind.WRITE_OFF]
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(entries, max_size=30), min_size=1, max_size=4), spread, st.booleans())
def test_compute_over_years_equals_core_position(db, ledgers, on, only_some):
    with transaction.atomic():
        expected, tenancies = {}, []
        for number, items in enumerate(ledgers):
            tenancy = make_tenancy(f"Y{number}", start=START - timedelta(days=30))
            LedgerEntry.objects.bulk_create(
                LedgerEntry(
                    tenancy=tenancy,
                    date=e.date,
                    kind=e.kind.value,
                    amount_cents=to_cents(e.amount),
                    external_id=f"y{number}-{i}",
                )
                for i, e in enumerate(items)
            )
            expected[tenancy.ref] = _expected(tenancy, items, on)
            tenancies.append(tenancy.pk)
        if only_some:  # the path the tenancy page takes: a queryset of a few tenancies
            chosen = Tenancy.objects.filter(pk__in=tenancies[::2])
            expected = {ref: p for ref, p in expected.items() if ref in set(chosen.values_list("ref", flat=True))}
            got = {row.ref: row.position for row in arrears.compute(on, chosen)}
        else:
            got = {row.ref: row.position for row in arrears.compute(on)}
        assert got == expected
        transaction.set_rollback(True)
