"""Arrears and segments for every active tenancy on a day, computed in bulk.

The database sums each tenancy's ledger (one grouped query); the pure core turns the sums into a
position. Only tenancies with arrears need their charges read back, to find the oldest unpaid due
date. The results equal `huurpad.core.ledger.position` on each tenancy's entries (tested).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Q

from huurpad.cases.models import CaseEvent
from huurpad.core import ledger, segments
from huurpad.core.money import ZERO, from_cents, fmt

from .models import LedgerEntry, RentComponent, Tenancy

CHARGE_KINDS = sorted(k.value for k in ledger.CHARGES)
CHARGE_SET = frozenset(CHARGE_KINDS)
CREDIT_SET = frozenset(k.value for k in ledger.CREDITS)
IN_CHUNKS = 5000
LOOKBACK = timedelta(days=190)  # about six months of charges cover most households in arrears
LEDGER = LedgerEntry._meta.db_table
RENTS = RentComponent._meta.db_table


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


def chunks(items: list, size: int = IN_CHUNKS) -> Iterable[list]:
    """Slices of at most `size`: IN lists stay well inside the databases' limits."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _where_ids(column: str, ids: list[int] | None) -> tuple[str, list]:
    """An extra condition limiting the rows to some tenancies (empty when `ids` is None)."""
    if ids is None:
        return "", []
    if connection.vendor == "postgresql":
        return f" AND {column} = ANY(%s)", [list(ids)]
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ledger_cents(on: date, tenancy_ids: list[int] | None = None) -> dict[int, list[int]]:
    """Per tenancy, in cents: [charges due before D, charges due on D, credits, reversals].

    Grouping by (tenancy, kind) lets the index on (tenancy_id, kind, date, amount_cents) answer
    without touching the table and without evaluating a condition per kind for every row; the
    kinds are folded together here, in Python, over a few rows per tenancy.
    """
    scope, scope_params = _where_ids("tenancy_id", tenancy_ids)
    sums: dict[int, list[int]] = {}
    for condition, charge_slot in (("date < %s", 0), ("date = %s", 1)):
        rows = _rows(
            f"SELECT tenancy_id, kind, CAST(SUM(amount_cents) AS BIGINT) FROM {LEDGER}"
            f" WHERE {condition}{scope} GROUP BY tenancy_id, kind",
            [on, *scope_params],
        )
        for tid, kind, cents in rows:
            row = sums.get(tid)
            if row is None:
                row = sums[tid] = [0, 0, 0, 0]
            if kind in CHARGE_SET:
                row[charge_slot] += cents
            elif kind in CREDIT_SET:
                row[2] += cents
            else:
                row[3] += cents
    return sums


def monthly_due_cents(on: date, tenancy_ids: list[int] | None = None) -> dict[int, int]:
    """Rent plus service costs in force on D, per tenancy, in cents.

    Only the row in force is read back (found through the unique index on tenancy and
    valid_from), not every rent a tenancy ever had.
    """
    scope, scope_params = _where_ids("tenancy_id", tenancy_ids)
    return dict(
        _rows(
            f"SELECT r.tenancy_id, r.rent_cents + r.service_costs_cents FROM {RENTS} r"
            f" JOIN (SELECT tenancy_id, MAX(valid_from) AS valid_from FROM {RENTS}"
            f"       WHERE valid_from <= %s{scope} GROUP BY tenancy_id) latest"
            " ON r.tenancy_id = latest.tenancy_id AND r.valid_from = latest.valid_from",
            [on, *scope_params],
        )
    )


def monthly_due(on: date, tenancy_ids: list[int] | None = None) -> dict[int, object]:
    return {tid: from_cents(cents) for tid, cents in monthly_due_cents(on, tenancy_ids).items()}


def oldest_unpaid(on: date, unpaid: dict[int, object]) -> dict[int, date]:
    """Oldest unpaid due date for tenancies with something due before D still unpaid.

    Credits pay the oldest charges first, so what is unpaid sits in the newest charges: read the
    charges of the last LOOKBACK first, and go further back only for tenancies they do not cover.
    """
    result: dict[int, date] = {}
    pending = dict(unpaid)
    for since in (on - LOOKBACK, None):
        for ids in chunks(sorted(pending)):
            charges = defaultdict(list)
            scope, scope_params = _where_ids("tenancy_id", ids)
            after = " AND date >= %s" if since else ""
            rows = _rows(
                f"SELECT tenancy_id, date, CAST(SUM(amount_cents) AS BIGINT) FROM {LEDGER}"
                f" WHERE kind IN ({', '.join(['%s'] * len(CHARGE_KINDS))}) AND date <= %s{after}{scope}"
                " GROUP BY tenancy_id, date ORDER BY tenancy_id, date DESC",
                [*CHARGE_KINDS, on, *([since] if since else []), *scope_params],
            )
            for tid, day, cents in rows:
                charges[tid].append((as_date(day), from_cents(cents)))
            for tid in ids:
                try:
                    result[tid] = ledger.oldest_unpaid_due_date(charges[tid], pending[tid])
                except ValueError:
                    if since is None:
                        raise  # all charges read and still not covered: the sums are inconsistent
        pending = {tid: amount for tid, amount in pending.items() if tid not in result}
        if not pending:
            break
    return result


def as_date(value) -> date:
    """A date from a raw query: SQLite returns text, PostgreSQL a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


SEGMENT_EVENTS = [
    *CaseEvent.REMINDERS,
    CaseEvent.Type.ARRANGEMENT_STARTED,
    CaseEvent.Type.ARRANGEMENT_ENDED,
    CaseEvent.Type.BAILIFF_HANDOVER,
]


def segment_events(on: date):
    """The timeline events a segment on D depends on: reminders within the window, arrangements
    and bailiff handovers."""
    return CaseEvent.objects.filter(type__in=SEGMENT_EVENTS, date__lte=on).filter(
        Q(date__gte=on - segments.WINDOW) | Q(type__startswith="arrangement_")
    )


def histories(on: date, tenancy_ids: list[int] | None = None) -> dict[int, segments.History]:
    events = segment_events(on)
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
    sums = ledger_cents(on, scope)
    due = monthly_due(on, scope)
    empty = ledger.Totals()
    totals = {}
    for tid, _, _ in rows:
        cents = sums.get(tid)
        totals[tid] = empty if cents is None else ledger.Totals(
            charges_before=from_cents(cents[0]),
            charges_on=from_cents(cents[1]),
            credits=from_cents(cents[2]),
            reversals=from_cents(cents[3]),
        )
    oldest = oldest_unpaid(on, {tid: t.unpaid for tid, t in totals.items() if t.arrears > 0})
    history = histories(on, scope)
    no_history = segments.History()
    # Without a history the segment depends only on the start date and being overdue: remember it.
    plain_segments: dict[tuple, segments.Segment] = {}
    result = []
    for tid, ref, start in rows:
        t = totals[tid]
        first_unpaid = oldest.get(tid) or (on if t.unpaid > 0 else None)
        monthly = due.get(tid, ZERO)
        position = ledger.position_from_totals(t, on=on, oldest_unpaid=first_unpaid, monthly_due=monthly)
        overdue = position.arrears > 0
        past = history.get(tid)
        if past is None:
            segment = plain_segments.get((start, overdue))
            if segment is None:
                segment = plain_segments[start, overdue] = segments.segment(
                    on=on, tenancy_start=start, overdue=overdue, history=no_history
                )
        else:
            segment = segments.segment(on=on, tenancy_start=start, overdue=overdue, history=past)
        result.append(TenancyArrears(tid, ref, position, segment, monthly))
    return result
