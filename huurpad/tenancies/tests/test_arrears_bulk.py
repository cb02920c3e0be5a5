"""The bulk computation over the database equals the core's reference on every tenancy."""

from datetime import date, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.cases.models import CaseEvent
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
                LedgerEntry(
                    tenancy=tenancy,
                    date=e.date,
                    kind=e.kind.value,
                    amount_cents=to_cents(e.amount),
                    external_id=f"{number}-{i}",
                )
                for i, e in enumerate(items)
            )
            expected[tenancy.ref] = ledger.position(items, on=on, monthly_due=tenancy.monthly_due_on(on))
        got = {row.ref: row.position for row in arrears.compute(on)}
        assert got == expected
        transaction.set_rollback(True)


EVENT_TYPES = [*CaseEvent.REMINDERS, "arrangement_started", "arrangement_ended", "bailiff_handover", "contact_attempt"]
events = st.tuples(st.sampled_from(EVENT_TYPES), st.integers(-400, 30))  # days from D: the window, and after D


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.lists(entries, max_size=25), st.lists(events, max_size=8)), min_size=1, max_size=4),
    days,
    st.sampled_from([400, 200]),
    st.booleans(),
)
def test_one_tenancy_in_memory_equals_compute(db, tenancies, on, started_days_before, rent_change):
    """The tenancy page works its figures out from the ledger and timeline it shows (arrears.one):
    position, segment and how long the segment holds agree with the daily computation."""
    with transaction.atomic():
        made = []
        for number, (items, happened) in enumerate(tenancies):
            tenancy = make_tenancy(f"T{number}", start=START - timedelta(days=started_days_before))
            if rent_change:
                RentComponent.objects.create(tenancy=tenancy, valid_from=START + timedelta(days=60), rent_cents=80000)
            LedgerEntry.objects.bulk_create(
                LedgerEntry(
                    tenancy=tenancy,
                    date=e.date,
                    kind=e.kind.value,
                    amount_cents=to_cents(e.amount),
                    external_id=f"{number}-{i}",
                )
                for i, e in enumerate(items)
            )
            happened = [(kind, on + timedelta(days=offset)) for kind, offset in happened]
            CaseEvent.objects.bulk_create(CaseEvent(tenancy=tenancy, type=kind, date=day) for kind, day in happened)
            made.append((tenancy, items, happened))
        expected = {row.ref: row for row in arrears.compute(on)}
        for tenancy, items, happened in made:
            monthly = to_cents(tenancy.monthly_due_on(on))
            got = arrears.one(tenancy, items, monthly, [(day, kind) for kind, day in happened], on)
            assert got == expected[tenancy.ref]
        transaction.set_rollback(True)


def test_one_tenancy_ignores_what_the_timeline_holds_after_the_day(db):
    tenancy = make_tenancy("T1", start=date(2023, 1, 1))
    later = date(2025, 3, 1)
    CaseEvent.objects.create(tenancy=tenancy, type=CaseEvent.Type.REMINDER_LETTER, date=later)
    on = date(2025, 2, 1)
    (expected,) = arrears.compute(on)
    got = arrears.one(tenancy, [], to_cents(tenancy.monthly_due_on(on)), [(later, CaseEvent.Type.REMINDER_LETTER)], on)
    assert got == expected
    assert got.segment_until == date.max
