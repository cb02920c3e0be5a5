"""The tenant's ledger: immutable entries, the balance, and how far behind a household is.

The definitions follow docs/formats.md ("Arrears, defined"):

- Only entries dated on or before the day D count.
- balance = charges + reversals - credits.
- Credits, net of reversals, pay charges oldest first (by due date; a charge is due on its date).
- arrears = the unpaid part of the charges due before D, never negative.
- The oldest unpaid due date is the due date of the first charge the net credits do not fully pay.

Because credits pay the oldest charges first and the charges due on D are the newest, the unpaid
part of the charges due before D is simply (charges due before D) - (net credits), at least zero.
Everything below is built on that, so the fast path over database totals and the reference path
over a list of entries share one definition.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from .money import ZERO, from_cents, round_cents, to_cents


class Kind(StrEnum):
    RENT = "rent"
    SERVICE_COSTS = "service_costs"
    OTHER_CHARGE = "other_charge"
    COLLECTION_COSTS = "collection_costs"
    # The final bill (eindafrekening) of a tenancy that ended: repairs charged to the tenant, and
    # the deposit (waarborgsom) settled against what is owed.
    REPAIR_CHARGE = "repair_charge"
    DEPOSIT_SETTLEMENT = "deposit_settlement"
    PAYMENT = "payment"
    DIRECT_DEBIT = "direct_debit"
    BENEFIT_PAYMENT = "benefit_payment"
    WRITE_OFF = "write_off"
    DISCOUNT = "discount"
    REVERSAL = "reversal"


CHARGES = frozenset({Kind.RENT, Kind.SERVICE_COSTS, Kind.OTHER_CHARGE, Kind.COLLECTION_COSTS, Kind.REPAIR_CHARGE})
CREDITS = frozenset(
    {Kind.PAYMENT, Kind.DIRECT_DEBIT, Kind.BENEFIT_PAYMENT, Kind.WRITE_OFF, Kind.DISCOUNT, Kind.DEPOSIT_SETTLEMENT}
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Entry:
    date: date
    kind: Kind
    amount: Decimal  # always positive; the kind says which way it goes
    external_id: str = ""

    def __post_init__(self):
        if self.amount <= 0:
            raise ValueError(f"ledger amounts are positive, got {self.amount}")


class Totals(NamedTuple):
    """Sums of the entries dated on or before one day D, in whole cents (integers are exact, and
    a tuple is quick to make: arrears makes one for every tenancy)."""

    charges_before: int = 0  # charges due before D
    charges_on: int = 0  # charges due on D itself
    credits: int = 0
    reversals: int = 0

    @property
    def balance(self) -> int:
        return self.charges_before + self.charges_on + self.reversals - self.credits

    @property
    def net_credits(self) -> int:
        """What is left to pay charges with. A reversal without its credit pays nothing back."""
        return max(self.credits - self.reversals, 0)

    @property
    def unpaid(self) -> int:
        """The part of all charges (including those due on D) that the net credits do not pay."""
        return max(self.charges_before + self.charges_on - self.net_credits, 0)

    @property
    def arrears(self) -> int:
        return max(self.charges_before - self.net_credits, 0)


@dataclass(frozen=True, kw_only=True, slots=True)
class Position:
    """How a tenancy stands on one day."""

    on: date
    balance: Decimal
    arrears: Decimal
    oldest_unpaid_due_date: date | None
    days_overdue: int
    months_in_arrears: Decimal


@dataclass(frozen=True, kw_only=True, slots=True)
class OpenItem:
    """A charge and how much of it the net credits have paid."""

    due_date: date
    kind: Kind
    amount: Decimal
    paid: Decimal
    external_id: str = ""

    @property
    def open(self) -> Decimal:
        return self.amount - self.paid


def _sort_key(entry: Entry) -> tuple:
    # Deterministic order for entries on the same day; results do not depend on it.
    return (entry.date, entry.kind.value, entry.external_id, entry.amount)


def totals(entries: Iterable[Entry], on: date) -> Totals:
    charges_before = charges_on = credits = reversals = 0
    for entry in entries:
        if entry.date > on:
            continue
        cents = to_cents(entry.amount)
        if entry.kind in CHARGES:
            if entry.date < on:
                charges_before += cents
            else:
                charges_on += cents
        elif entry.kind in CREDITS:
            credits += cents
        else:
            reversals += cents
    return Totals(charges_before=charges_before, charges_on=charges_on, credits=credits, reversals=reversals)


def balance(entries: Iterable[Entry], on: date) -> Decimal:
    return from_cents(totals(entries, on).balance)


def oldest_unpaid_due_date(charges_newest_first: Iterable[tuple[date, Decimal]], unpaid: Decimal) -> date | None:
    """Walk back from the newest charge until the charges walked cover what is unpaid.

    `charges_newest_first` holds (due date, amount) pairs, newest due date first (pairs with the
    same date may come in any order or be summed). Credits pay oldest first, so the unpaid amount
    sits in the newest charges; the date where the walk covers it is the oldest unpaid due date.
    """
    if unpaid <= 0:
        return None
    covered = ZERO
    for due, amount in charges_newest_first:
        covered += amount
        if covered >= unpaid:
            return due
    raise ValueError("unpaid amount larger than all charges")


def position_from_totals(
    t: Totals,
    *,
    on: date,
    oldest_unpaid: date | None,
    monthly_due: Decimal,
    money=from_cents,
) -> Position:
    """The position from the totals; `money` turns cents into euros (a caller making many
    positions may pass one that shares equal amounts)."""
    arrears = money(t.arrears)
    days = (on - oldest_unpaid).days if oldest_unpaid and oldest_unpaid < on else 0
    months = round_cents(arrears / monthly_due) if arrears and monthly_due > 0 else ZERO
    return Position(
        on=on,
        balance=money(t.balance),
        arrears=arrears,
        oldest_unpaid_due_date=oldest_unpaid,
        days_overdue=days,
        months_in_arrears=months,
    )


def position(entries: Iterable[Entry], *, on: date, monthly_due: Decimal) -> Position:
    """The reference computation over a list of entries."""
    entries = [e for e in entries if e.date <= on]
    t = totals(entries, on)
    charges = sorted((e for e in entries if e.kind in CHARGES), key=_sort_key, reverse=True)
    oldest = oldest_unpaid_due_date(((e.date, e.amount) for e in charges), from_cents(t.unpaid))
    return position_from_totals(t, on=on, oldest_unpaid=oldest, monthly_due=monthly_due)


def open_items(entries: Iterable[Entry], *, on: date) -> list[OpenItem]:
    """Every charge dated on or before D with what the net credits paid of it, oldest first.

    Fully paid charges are included (paid == amount); filter on `open` to list what is still owed.
    """
    entries = [e for e in entries if e.date <= on]
    available = from_cents(totals(entries, on).net_credits)
    items = []
    for charge in sorted((e for e in entries if e.kind in CHARGES), key=_sort_key):
        paid = min(charge.amount, available)
        available -= paid
        items.append(
            OpenItem(
                due_date=charge.date,
                kind=charge.kind,
                amount=charge.amount,
                paid=paid,
                external_id=charge.external_id,
            )
        )
    return items


def running_balance(entries: Iterable[Entry]) -> list[tuple[Entry, Decimal]]:
    """Entries in date order with the balance after each, as a statement shows them."""
    result, running = [], ZERO
    for entry in sorted(entries, key=_sort_key):
        running += entry.amount if entry.kind in CHARGES or entry.kind == Kind.REVERSAL else -entry.amount
        result.append((entry, running))
    return result


class EarlierStart(Exception):
    """The stretch of arrears began before the entries given (see episode_start's `opening`)."""


def episode_start(entries: Iterable[Entry], on: date, opening: Totals | None = None) -> date | None:
    """The first day of the unbroken stretch of days with arrears that includes D; None if no arrears.

    Arrears change only on the day of a credit or reversal, and on the day after a charge's due
    date (when it becomes overdue), so those are the only days looked at.

    `opening` may sum the entries dated before a day no later than D (all charges among them in
    charges_before), with `entries` holding those from that day on: then only the later entries
    need reading. When the household was already behind at the opening and
    stayed behind through every day given, the start lies before them: EarlierStart is raised.
    """
    changes: dict[date, list[Entry]] = {}
    for entry in entries:
        if entry.date > on:
            continue
        day = entry.date + timedelta(days=1) if entry.kind in CHARGES else entry.date
        if day <= on:
            changes.setdefault(day, []).append(entry)
    overdue, credits, reversals = (
        (from_cents(opening.charges_before), from_cents(opening.credits), from_cents(opening.reversals))
        if opening
        else (ZERO, ZERO, ZERO)
    )
    earlier = overdue - max(credits - reversals, ZERO) > 0  # behind since before the entries
    start = None
    for day in sorted(changes):
        for entry in changes[day]:
            if entry.kind in CHARGES:
                overdue += entry.amount
            elif entry.kind in CREDITS:
                credits += entry.amount
            else:
                reversals += entry.amount
        behind = overdue - max(credits - reversals, ZERO) > 0
        if behind and start is None and not earlier:
            start = day
        elif not behind:
            start, earlier = None, False
    if earlier:
        raise EarlierStart
    return start
