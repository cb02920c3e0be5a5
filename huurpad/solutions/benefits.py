"""Rent paid straight from benefits (Geregelde Betaling, toolkit 3.1): the municipality keeps the
rent back from the tenant's benefit and pays it to the corporation each month, around a fixed
day. Huurpad registers what is expected and reconciles it, month by month, against what arrived,
so officers know when to call the municipality.

What counts as arrived: the tenancy's ledger credits of kind "benefit_payment" (money the ERP
marks as coming from the municipality), and credits of kind "payment" that a bank statement
booked from the payer's IBAN (found through bank.models.BankTransaction: booked, money in, that
tenancy, that counterparty IBAN).

Which month a payment is for: the latest expected month whose expected date is at most
EARLY_DAYS after the payment. So a payment may come up to two weeks early, and a late one still
counts for the month it was late for (until the next month's payment window opens).
"""

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from huurpad.bank.models import BankTransaction
from huurpad.cases import events
from huurpad.core.calendar import first_of_next_month
from huurpad.core.dutch import date_nl
from huurpad.core.money import AmountError, from_cents, to_cents
from huurpad.tenancies.models import LedgerEntry, Tenancy

from .models import BenefitPayment

GRACE_DAYS = 5  # a payment is missing only when it has not come this many days after its day
EARLY_DAYS = 14  # a payment this many days before its day still counts for that month

RECEIVED, SHORT, MISSING, NOT_YET = "ontvangen", "te weinig", "ontbreekt", "nog niet"
PROBLEMS = (SHORT, MISSING)
STATUS_STYLES = {RECEIVED: "success", SHORT: "warning", MISSING: "danger", NOT_YET: "neutral"}

_MUNICIPALITY_CODE = re.compile(r"^(GM)?(\d{4})$")


class BenefitError(ValueError):
    """A registration that cannot be accepted; the message is plain Dutch, for the officer."""


@dataclass(frozen=True)
class MonthCheck:
    """One month of one benefit payment: what was expected, when, and what arrived for it."""

    benefit: BenefitPayment
    month: date  # the first of the month
    expected_on: date
    expected_cents: int
    received_cents: int
    status: str

    @property
    def expected(self) -> Decimal:
        return from_cents(self.expected_cents)

    @property
    def received(self) -> Decimal:
        return from_cents(self.received_cents)

    @property
    def short_cents(self) -> int:
        return max(self.expected_cents - self.received_cents, 0)

    @property
    def style(self) -> str:
        return STATUS_STYLES[self.status]


def register(
    tenancy: Tenancy,
    municipality_code: str,
    amount: Decimal,
    day: int,
    payer_iban: str,
    start: date,
    today: date,
    *,
    acting_user,
) -> BenefitPayment:
    """Register that the municipality pays `amount` of the rent each month around `day`, from
    `start` (the first of a month) on. A registration that was running then ends the day before.
    Raises BenefitError when something is not right."""
    code = _municipality_code(municipality_code)
    try:
        cents = to_cents(Decimal(amount))
    except (AmountError, ArithmeticError, TypeError, ValueError):
        raise BenefitError("Vul het bedrag in met hoogstens twee cijfers achter de komma.") from None
    if cents <= 0:
        raise BenefitError("Het bedrag moet meer dan € 0 zijn.")
    if not isinstance(day, int) or not 1 <= day <= 28:
        raise BenefitError("Kies een dag van 1 tot en met 28. Die dag bestaat in elke maand.")
    if start.day != 1:
        raise BenefitError("Een geregelde betaling begint op de eerste dag van een maand.")
    iban = _iban(payer_iban)
    with transaction.atomic():
        Tenancy.objects.select_for_update().filter(
            pk=tenancy.pk
        ).first()  # two registrations at once: one after the other
        current = tenancy.benefit_payments.filter(Q(end__isnull=True) | Q(end__gte=start))
        later = current.filter(start__gte=start).order_by("start").first()
        if later is not None:
            raise BenefitError(
                f"Er is al een geregelde betaling vanaf {date_nl(later.start)}. Kies een latere begindatum."
            )
        current.update(end=start - timedelta(days=1))
        benefit = BenefitPayment.objects.create(
            tenancy=tenancy,
            municipality_code=code,
            amount_cents=cents,
            day=day,
            payer_iban=iban,
            start=start,
            created_by=acting_user,
        )
        events.benefit_payment(
            tenancy, today, amount=benefit.amount, start=start, municipality_code=code, acting_user=acting_user
        ).save()
    return benefit


def _municipality_code(value: str) -> str:
    match = _MUNICIPALITY_CODE.match((value or "").strip().upper())
    if not match:
        raise BenefitError("Vul de gemeentecode in, zoals GM0363.")
    return f"GM{match.group(2)}"


def _iban(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return IBAN(value).compact
    except SchwiftyException:
        raise BenefitError(f"{value} is geen goed rekeningnummer (IBAN). Kijk het nog eens na.") from None


def expected_months(benefit: BenefitPayment, on: date) -> list[tuple[date, date]]:
    """(first of the month, expected date) for each month from the start up to the month of
    `on`, while the registration runs (the expected date on or before its end)."""
    months, month = [], benefit.start.replace(day=1)
    while month <= on:
        expected = month.replace(day=benefit.day)
        if benefit.end is not None and expected > benefit.end:
            break
        months.append((month, expected))
        month = first_of_next_month(month)
    return months


def reconcile(tenancy: Tenancy | None, on: date, *, running_only: bool = False) -> list[MonthCheck]:
    """Per registered benefit payment (of `tenancy`, or of all tenancies when None) and per
    month from its start up to the month of `on`: what was expected and what arrived. With
    `running_only`, only registrations that still run on `on`. Ordered by tenancy, then month."""
    benefits = BenefitPayment.objects.filter(start__lte=on).select_related("tenancy", "tenancy__tenant")
    if tenancy is not None:
        benefits = benefits.filter(tenancy=tenancy)
    if running_only:
        benefits = benefits.filter(Q(end__isnull=True) | Q(end__gte=on))
    benefits = list(benefits.order_by("tenancy_id", "start", "id"))
    if not benefits:
        return []

    # Every expected month, per tenancy, in date order; each owns a window of payment dates.
    slots = defaultdict(list)  # tenancy id -> [(expected date, month, benefit)]
    for benefit in benefits:
        for month, expected in expected_months(benefit, on):
            slots[benefit.tenancy_id].append((expected, month, benefit))
    windows = {}  # tenancy id -> (window starts, window ends), in slot order
    for tenancy_id, rows in slots.items():
        rows.sort(key=lambda row: (row[0], row[2].pk))
        starts = [expected - timedelta(days=EARLY_DAYS) for expected, _, _ in rows]
        ends = [_same_day_next_month(expected) - timedelta(days=EARLY_DAYS) for expected, _, _ in rows]
        ends = [min(end, nxt) for end, nxt in zip(ends, starts[1:])] + ends[-1:]  # no overlap with the next
        windows[tenancy_id] = (starts, ends)

    received = defaultdict(int)  # (tenancy id, slot index) -> cents
    for tenancy_id, day, cents in _credits(benefits, windows) if windows else ():
        starts, ends = windows[tenancy_id]
        i = bisect_right(starts, day) - 1
        if i >= 0 and day < ends[i]:
            received[tenancy_id, i] += cents

    checks = []
    for tenancy_id, rows in slots.items():
        for i, (expected, month, benefit) in enumerate(rows):
            got = received[tenancy_id, i]
            checks.append(
                MonthCheck(
                    benefit=benefit,
                    month=month,
                    expected_on=expected,
                    expected_cents=benefit.amount_cents,
                    received_cents=got,
                    status=status(benefit.amount_cents, got, expected, on),
                )
            )
    return checks


def status(expected_cents: int, received_cents: int, expected_on: date, on: date) -> str:
    """Received when it is all there. Until the expected date plus the grace days have passed,
    anything less is 'not yet'; after that, short when some came, missing when nothing did."""
    if received_cents >= expected_cents:
        return RECEIVED
    if on <= expected_on + timedelta(days=GRACE_DAYS):
        return NOT_YET
    return SHORT if received_cents > 0 else MISSING


def _same_day_next_month(day: date) -> date:
    return first_of_next_month(day).replace(day=day.day)  # days are 1 to 28, in every month


def _credits(benefits: list[BenefitPayment], windows: dict) -> list[tuple[int, date, int]]:
    """(tenancy id, date, cents) of what came from the municipality in the windows: ledger
    credits of kind benefit_payment, and payments booked from a registered payer's IBAN."""
    ids = set(windows)
    lo = min(starts[0] for starts, _ in windows.values())
    hi = max(ends[-1] for _, ends in windows.values())
    ibans = defaultdict(set)
    for benefit in benefits:
        if benefit.payer_iban:
            ibans[benefit.tenancy_id].add(benefit.payer_iban)
    from_payer = set()  # ledger ids of the bank credits from a payer IBAN the tenancy registered
    if ibans:
        bank = BankTransaction.objects.filter(
            tenancy_id__in=list(ibans),
            status=BankTransaction.Status.BOOKED,
            credit_debit="CRDT",
            counterparty_iban__in=set().union(*ibans.values()),
            booking_date__gte=lo,
            booking_date__lt=hi,
        )
        for tenancy_id, iban, key in bank.values_list("tenancy_id", "counterparty_iban", "key"):
            if iban in ibans[tenancy_id]:
                from_payer.add(f"bank:{key}")
    return list(
        LedgerEntry.objects.filter(tenancy_id__in=ids, date__gte=lo, date__lt=hi)
        .filter(Q(kind="benefit_payment") | Q(kind="payment", external_id__in=from_payer))
        .values_list("tenancy_id", "date", "amount_cents")
    )


def problems(on: date) -> list[MonthCheck]:
    """Missing and short payments of every running registration, by municipality then date:
    whom to call at which municipality."""
    found = [c for c in reconcile(None, on, running_only=True) if c.status in PROBLEMS]
    found.sort(key=lambda c: (c.benefit.municipality_code, c.expected_on, c.benefit.tenancy.ref))
    return found
