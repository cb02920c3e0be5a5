"""Tenancies and ledgers in the test database, the ledger written as text (see text.py)."""

from datetime import date
from decimal import Decimal

from huurpad.core.money import to_cents
from huurpad.tenancies.models import Household, LedgerEntry, RentComponent, Tenancy, Tenant

from .text import parse_ledger

_counter = iter(range(1, 10**9))


def make_tenancy(
    ref: str | None = None,
    *,
    start: date = date(2020, 1, 1),
    end: date | None = None,
    rent: str = "650.00",
    service_costs: str = "50.00",
    payment_method: str = "transfer",
    collection_day: int | None = None,
    **tenant,
) -> Tenancy:
    n = next(_counter)
    household = Household.objects.create(size=1, kind="single")
    person = Tenant.objects.create(
        household=household,
        initials=tenant.pop("initials", "J."),
        surname=tenant.pop("surname", f"Jansen{n}"),
        **tenant,
    )
    tenancy = Tenancy.objects.create(
        ref=ref or f"HC{n:05d}",
        household=household,
        tenant=person,
        street="Lindelaan",
        house_number=n,
        postcode="1234 AB",
        city="Lindestad",
        municipality_code="GM0363",
        start_date=start,
        end_date=end,
        payment_method=payment_method,
        collection_day=collection_day,
    )
    RentComponent.objects.create(
        tenancy=tenancy,
        valid_from=start,
        rent_cents=to_cents(Decimal(rent)),
        service_costs_cents=to_cents(Decimal(service_costs)),
    )
    return tenancy


def book(tenancy: Tenancy, text: str) -> list[LedgerEntry]:
    rows = [
        LedgerEntry(
            tenancy=tenancy,
            date=e.date,
            kind=e.kind.value,
            amount_cents=to_cents(e.amount),
            external_id=f"{tenancy.ref}-{e.external_id}-{next(_counter)}",
        )
        for e in parse_ledger(text)
    ]
    return LedgerEntry.objects.bulk_create(rows)
