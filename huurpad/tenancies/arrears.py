"""Arrears and segments for every active tenancy on a day, computed in bulk.

The database sums each tenancy's ledger (one grouped query); the pure core turns the sums into a
position. Only tenancies with arrears need their charges read back, to find the oldest unpaid due
date. The results equal `huurpad.core.ledger.position` on each tenancy's entries (tested).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum

from huurpad.cases.models import CaseEvent
from huurpad.core import ledger, segments
from huurpad.core.money import ZERO, from_cents, fmt

from .models import LedgerEntry, RentComponent, Tenancy

CHARGE_KINDS = [k.value for k in ledger.CHARGES]
CREDIT_KINDS = [k.value for k in ledger.CREDITS]
IN_CHUNKS = 5000


@dataclass(frozen=True, slots=True)
class TenancyArrears:
    tenancy_id: int
    ref: str
    position: ledger.Position
    segment: segments.Segment
    monthly_due: object

    def as_json(self) -> dict:
        p = self.position
        return {
            "tenancy_ref": self.ref,
            "balance": fmt(p.balance),
            "arrears": fmt(p.arrears),
            "oldest_unpaid_due_date": p.oldest_unpaid_due_date.isoformat() if p.oldest_unpaid_due_date else None,
            "days_overdue": p.days_overdue,
            "months_in_arrears": fmt(p.months_in_arrears),
            "segment": self.segment.value,
        }


def active_tenancies(on: date):
    return Tenancy.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)


def _chunks(items: list, size: int = IN_CHUNKS) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ledger_totals(on: date, tenancy_ids: list[int] | None = None) -> dict[int, ledger.Totals]:
    entries = LedgerEntry.objects.filter(date__lte=on)
    if tenancy_ids is not None:
        entries = entries.filter(tenancy_id__in=tenancy_ids)
    rows = (
        entries.values("tenancy_id")
        .order_by()
        .annotate(
            before=Sum("amount_cents", filter=Q(kind__in=CHARGE_KINDS, date__lt=on)),
            on_day=Sum("amount_cents", filter=Q(kind__in=CHARGE_KINDS, date=on)),
            credits=Sum("amount_cents", filter=Q(kind__in=CREDIT_KINDS)),
            reversals=Sum("amount_cents", filter=Q(kind=ledger.Kind.REVERSAL)),
        )
        .values_list("tenancy_id", "before", "on_day", "credits", "reversals")
    )
    return {
        tid: ledger.Totals(
            charges_before=from_cents(before or 0),
            charges_on=from_cents(on_day or 0),
            credits=from_cents(credits or 0),
            reversals=from_cents(reversals or 0),
        )
        for tid, before, on_day, credits, reversals in rows
    }


def monthly_due(on: date, tenancy_ids: list[int] | None = None) -> dict[int, object]:
    """Rent plus service costs in force on D, per tenancy."""
    rents = RentComponent.objects.filter(valid_from__lte=on)
    if tenancy_ids is not None:
        rents = rents.filter(tenancy_id__in=tenancy_ids)
    due = {}
    for tid, rent, service in rents.order_by("tenancy_id", "valid_from").values_list(
        "tenancy_id", "rent_cents", "service_costs_cents"
    ):
        due[tid] = from_cents(rent + service)  # the last one per tenancy wins
    return due


def oldest_unpaid(on: date, unpaid: dict[int, object]) -> dict[int, date]:
    """Oldest unpaid due date for tenancies with something due before D still unpaid."""
    result = {}
    for ids in _chunks(sorted(unpaid)):
        charges = defaultdict(list)
        rows = (
            LedgerEntry.objects.filter(tenancy_id__in=ids, kind__in=CHARGE_KINDS, date__lte=on)
            .values("tenancy_id", "date")
            .order_by("tenancy_id", "-date")
            .annotate(total=Sum("amount_cents"))
            .values_list("tenancy_id", "date", "total")
        )
        for tid, day, total in rows:
            charges[tid].append((day, from_cents(total)))
        for tid in ids:
            result[tid] = ledger.oldest_unpaid_due_date(charges[tid], unpaid[tid])
    return result


SEGMENT_EVENTS = [
    *CaseEvent.REMINDERS,
    CaseEvent.Type.ARRANGEMENT_STARTED,
    CaseEvent.Type.ARRANGEMENT_ENDED,
    CaseEvent.Type.BAILIFF_HANDOVER,
]


def histories(on: date, tenancy_ids: list[int] | None = None) -> dict[int, segments.History]:
    events = CaseEvent.objects.filter(type__in=SEGMENT_EVENTS, date__lte=on).filter(
        Q(date__gte=on - segments.WINDOW) | Q(type__startswith="arrangement_")
    )
    if tenancy_ids is not None:
        events = events.filter(tenancy_id__in=tenancy_ids)
    by_tenancy = defaultdict(list)
    for tid, day, kind in events.order_by().values_list("tenancy_id", "date", "type"):
        by_tenancy[tid].append((day, kind))
    return {
        tid: segments.History(
            reminder_dates=tuple(d for d, k in items if k in CaseEvent.REMINDERS),
            arrangement_periods=segments.arrangement_periods(items),
            bailiff_dates=tuple(d for d, k in items if k == CaseEvent.Type.BAILIFF_HANDOVER),
        )
        for tid, items in by_tenancy.items()
    }


def compute(on: date, tenancies=None) -> list[TenancyArrears]:
    """Position and segment of every tenancy active on D (or of the given queryset), by ref."""
    given = tenancies is not None
    tenancies = tenancies if given else active_tenancies(on)
    rows = list(tenancies.order_by("ref").values_list("id", "ref", "start_date"))
    # A few tenancies: ask for just those. All of them: read everything, skip the long IN list.
    scope = [r[0] for r in rows] if given and len(rows) <= IN_CHUNKS else None
    totals = ledger_totals(on, scope)
    due = monthly_due(on, scope)
    empty = ledger.Totals()
    oldest = oldest_unpaid(
        on, {tid: totals[tid].unpaid for tid, *_ in rows if tid in totals and totals[tid].arrears > 0}
    )
    history = histories(on, scope)
    no_history = segments.History()
    result = []
    for tid, ref, start in rows:
        t = totals.get(tid, empty)
        first_unpaid = oldest.get(tid) or (on if t.unpaid > 0 else None)
        position = ledger.position_from_totals(
            t, on=on, oldest_unpaid=first_unpaid, monthly_due=due.get(tid, ZERO)
        )
        segment = segments.segment(
            on=on,
            tenancy_start=start,
            overdue=position.arrears > 0,
            history=history.get(tid, no_history),
        )
        result.append(TenancyArrears(tid, ref, position, segment, due.get(tid, ZERO)))
    return result
