"""Permission for a lodger or subtenant (toolkit 3.7, Onder de Pannen): a tenant in arrears may
let a room, legally, for at most a year, to earn the arrears back."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from huurpad.cases import events
from huurpad.core.dutch import date_nl
from huurpad.core.money import AmountError, fmt, from_cents, to_cents
from huurpad.tenancies.models import Tenancy

from .models import LodgerPermission

MAX_YEARS = 1  # Onder de Pannen: at most a year
DEFAULT_PURPOSE = LodgerPermission._meta.get_field("purpose").default


class LodgerError(ValueError):
    """A permission that cannot be given; the message is plain Dutch, for the officer."""


def latest_end(start: date) -> date:
    """The last day a permission from `start` may run: the day before the same date a year later
    (from 1 March 2026: 28 February 2027). A year from 29 February runs to 28 February, the day
    before 1 March: such a year holds the leap day."""
    try:
        anniversary = start.replace(year=start.year + MAX_YEARS)
    except ValueError:  # 29 February, and no leap year then
        anniversary = date(start.year + MAX_YEARS, 3, 1)
    return anniversary - timedelta(days=1)


def grant(
    tenancy: Tenancy,
    lodger_name: str,
    start: date,
    end: date,
    purpose: str,
    monthly_income: Decimal | None,
    today: date,
    *,
    acting_user,
) -> LodgerPermission:
    """Give permission for a lodger from `start` up to and including `end`, at most a year.
    Raises LodgerError when something is not right."""
    name = (lodger_name or "").strip()
    if not name:
        raise LodgerError("Vul de naam van de kamerhuurder in.")
    if len(name) > 100:
        raise LodgerError("De naam is te lang. Gebruik hoogstens 100 tekens.")
    if end <= start:
        raise LodgerError("De einddatum moet na de begindatum liggen.")
    if end > (limit := latest_end(start)):
        raise LodgerError(f"Toestemming kan voor hoogstens een jaar. Kies een einddatum tot en met {date_nl(limit)}.")
    purpose = (purpose or "").strip() or DEFAULT_PURPOSE
    if len(purpose) > 200:
        raise LodgerError("Het doel is te lang. Gebruik hoogstens 200 tekens.")
    cents = None
    if monthly_income is not None:
        try:
            cents = to_cents(Decimal(monthly_income))
        except (AmountError, ArithmeticError, TypeError, ValueError):
            raise LodgerError(
                "Vul de huur van de kamerhuurder in met hoogstens twee cijfers achter de komma."
            ) from None
        if cents < 0:
            raise LodgerError("De huur van de kamerhuurder kan niet minder dan € 0 zijn.")
    with transaction.atomic():
        permission = LodgerPermission.objects.create(
            tenancy=tenancy,
            lodger_name=name,
            start=start,
            end=end,
            purpose=purpose,
            monthly_income_cents=cents,
            created_by=acting_user,
        )
        # The lodger's name stays on the permission, not on the timeline (it is someone else's data).
        extra = {"amount": fmt(from_cents(cents))} if cents is not None else {}
        events.lodger_permission(
            tenancy, today, start=start, end=end, note=purpose, acting_user=acting_user, **extra
        ).save()
    return permission
