"""The bulk computation over the database equals the core's reference on every tenancy."""

from datetime import date, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.core import ledger
from huurpad.core.money import to_cents
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry, RentComponent
from huurpad.testing.ledgers import make_tenancy
from huurpad.testing.strategies import days_from
from huurpad.testing.strategies import entries as ledger_entries

START = date(2025, 1, 1)
days = days_from(START, 120)
entries = ledger_entries(days)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(entries, max_size=25), min_size=1, max_size=6), days, st.booleans())
def test_compute_equals_core_position(db, ledgers, on, rent_change):
    with transaction.atomic():
        expected = {}
        for number, items in enumerate(ledgers):
            tenancy = make_tenancy(f"T{number}", start=START - timedelta(days=400))
            if rent_change:
                RentComponent.objects.create(tenancy=tenancy, valid_from=START + timedelta(days=60), rent_cents=80000)
            LedgerEntry.objects.bulk_create(
                LedgerEntry(tenancy=tenancy, date=e.date, kind=e.kind.value, amount_cents=to_cents(e.amount), external_id=f"{number}-{i}")
                for i, e in enumerate(items)
            )
            expected[tenancy.ref] = ledger.position(items, on=on, monthly_due=tenancy.monthly_due_on(on))
        got = {row.ref: row.position for row in arrears.compute(on)}
        assert got == expected
        transaction.set_rollback(True)
