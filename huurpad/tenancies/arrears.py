"""Arrears and segments for every active tenancy on a day, computed in bulk; and for every
tenancy that ended before the day with money still owed on it (a former tenant's final bill keeps
its position). Ended tenancies that owe nothing are dropped as soon as the ledger sums are read,
before any position, segment or snapshot is made for them.

The database sums each tenancy's ledger (one grouped query); the pure core turns the sums into a
position. Only tenancies with arrears need their charges read back, to find the oldest unpaid due
date. The results equal `huurpad.core.ledger.position` on each tenancy's entries (tested).
"""

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Q

from huurpad import db
from huurpad.cases.models import CaseEvent
from huurpad.core import ledger, segments
from huurpad.core.money import ZERO, fmt, from_cents
from huurpad.db import as_date

from .models import LedgerEntry, LedgerTotals, RentComponent, Tenancy

CHARGE_KINDS = sorted(k.value for k in ledger.CHARGES)
CHARGE_SET = frozenset(CHARGE_KINDS)
CREDIT_SET = frozenset(k.value for k in ledger.CREDITS)
LOOKBACK = timedelta(days=190)  # about six months of charges cover most households in arrears
LEDGER = LedgerEntry._meta.db_table
RENTS = RentComponent._meta.db_table
TOTALS = LedgerTotals._meta.db_table


@dataclass(frozen=True, slots=True)
class TenancyArrears:
    tenancy_id: int
    ref: str
    position: ledger.Position
    segment: segments.Segment
    monthly_due_cents: int
    segment_until: date = date.max  # segments.holds_until
    # The sums of the entries dated up to D that the position was computed from (compute); the
    # policy run starts each episode of arrears from them (collection.snapshots.episode_starts).
    totals: ledger.Totals | None = None
    end_date: date | None = None  # the tenancy's end date, when it has one

    def former(self, on: date) -> bool:
        """Ended before D: a former tenant (vertrokken huurder)."""
        return self.end_date is not None and self.end_date < on

    @property
    def monthly_due(self):
        return from_cents(self.monthly_due_cents)

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


def by_tenancy() -> str:
    """The ledger table, for a query over a list of tenancies. With a long list SQLite's planner
    prefers scanning a date range of the whole ledger; reading each tenancy's part of the index on
    (tenancy, kind, date, amount) is several times faster (PostgreSQL plans this well itself)."""
    return db.indexed(LEDGER, "ledger_tenancy_kind_date_cents")


def by_date() -> str:
    """The ledger table, for what is dated on or after a recent day for a list of tenancies: the
    index on (date, tenancy, kind, amount) reads those few rows; SQLite's planner would rather
    read each listed tenancy's whole part of the index on tenancy."""
    return db.indexed(LEDGER, "ledger_date_tenancy_kind_cents")


def events_by_tenancy() -> str:
    """The timeline table, for a query over a list of tenancies: SQLite's planner would rather read
    every event of the types asked for (the index on type and date) than each listed tenancy's
    few events."""
    return db.indexed(CaseEvent._meta.db_table, "event_tenancy_date")


def ledger_cents(on: date, tenancy_ids: list[int] | None = None) -> dict[int, list[int]]:
    """Per tenancy, in cents: [charges due before D, charges due on D, credits, reversals].

    LedgerTotals holds the sums of each whole ledger (kept by triggers); what is dated on or after
    D is read from the index on (date, tenancy, kind, amount) and taken back out. On an ordinary
    day that is a few entries, so the cost no longer grows with the length of the history.
    """
    scope, scope_params = db.where_ids("tenancy_id", tenancy_ids)
    sums = {
        tid: [charges, 0, credits, reversals]
        for tid, charges, credits, reversals in db.fetch(
            f"SELECT tenancy_id, charges_cents, credits_cents, reversals_cents FROM {TOTALS} WHERE 1 = 1{scope}",
            scope_params,
        )
    }
    later = db.fetch(
        f"SELECT tenancy_id, kind, date, CAST(SUM(amount_cents) AS BIGINT) FROM {by_date()}"
        f" WHERE date >= %s{scope} GROUP BY tenancy_id, kind, date",
        [on, *scope_params],
    )
    for tid, kind, day, cents in later:
        row = sums[tid]
        due_on_d = as_date(day) == on
        if kind in CHARGE_SET:
            row[0] -= cents  # not due before D
            if due_on_d:
                row[1] += cents
        elif not due_on_d:  # credits and reversals count up to and including D
            row[2 if kind in CREDIT_SET else 3] -= cents
    return sums


def monthly_due_cents(on: date, tenancy_ids: list[int] | None = None) -> dict[int, int]:
    """Rent plus service costs in force on D, per tenancy, in cents: the row with the latest
    valid_from on or before D, in one pass (SQLite takes the other columns of a MAX() group from
    the row with the maximum; PostgreSQL has DISTINCT ON)."""
    scope, params = db.where_ids("tenancy_id", tenancy_ids)
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT DISTINCT ON (tenancy_id) tenancy_id, rent_cents + service_costs_cents FROM {RENTS}"
            f" WHERE valid_from <= %s{scope} ORDER BY tenancy_id, valid_from DESC"
        )
    else:
        sql = (
            f"SELECT tenancy_id, rent_cents + service_costs_cents, MAX(valid_from) FROM {RENTS}"
            f" WHERE valid_from <= %s{scope} GROUP BY tenancy_id"
        )
    return {row[0]: row[1] for row in db.fetch(sql, [on, *params])}


def oldest_unpaid(on: date, unpaid: dict[int, object]) -> dict[int, date]:
    """Oldest unpaid due date for tenancies with something due before D still unpaid.

    Credits pay the oldest charges first, so what is unpaid sits in the newest charges: read the
    charges of the last LOOKBACK first, and go further back only for tenancies they do not cover.
    """
    result: dict[int, date] = {}
    pending = dict(unpaid)
    for since in (on - LOOKBACK, None):
        for ids in db.chunks(sorted(pending)):
            charges = defaultdict(list)
            scope, scope_params = db.where_ids("tenancy_id", ids)
            after = " AND date >= %s" if since else ""
            rows = db.fetch(
                f"SELECT tenancy_id, date, CAST(SUM(amount_cents) AS BIGINT) FROM {by_tenancy()}"
                f" WHERE kind IN ({', '.join(['%s'] * len(CHARGE_KINDS))}) AND date <= %s{after}{scope}"
                " GROUP BY tenancy_id, date",
                [*CHARGE_KINDS, on, *([since] if since else []), *scope_params],
            )
            for tid, day, cents in rows:
                charges[tid].append((as_date(day), from_cents(cents)))
            for items in charges.values():
                items.sort(reverse=True)  # newest first
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


ARRANGEMENT_EVENTS = [CaseEvent.Type.ARRANGEMENT_STARTED, CaseEvent.Type.ARRANGEMENT_ENDED]
SEGMENT_EVENTS = [*CaseEvent.REMINDERS, *ARRANGEMENT_EVENTS, CaseEvent.Type.BAILIFF_HANDOVER]
SEGMENT_SET = frozenset(SEGMENT_EVENTS)


def segment_events(on: date):
    """The timeline events a segment on D depends on: reminders within the window, arrangements
    and bailiff handovers."""
    return CaseEvent.objects.filter(type__in=SEGMENT_EVENTS, date__lte=on).filter(
        Q(date__gte=on - segments.WINDOW) | Q(type__in=ARRANGEMENT_EVENTS)
    )


def histories(on: date, tenancy_ids: list[int] | None = None) -> dict[int, segments.History]:
    """What segments need of the timelines (the events of segment_events, in one statement): of
    every tenancy, or of the given ones, read from their part of the index on (tenancy, date)."""
    scope, params = db.where_ids("tenancy_id", tenancy_ids)
    table = CaseEvent._meta.db_table if tenancy_ids is None else events_by_tenancy()
    rows = db.fetch(
        f"SELECT tenancy_id, date, type FROM {table} WHERE type IN ({', '.join(['%s'] * len(SEGMENT_EVENTS))})"
        f" AND date <= %s AND (date >= %s OR type IN (%s, %s)){scope}",
        [*SEGMENT_EVENTS, on, on - segments.WINDOW, *ARRANGEMENT_EVENTS, *params],
    )
    found = defaultdict(list)
    for tid, day, kind in rows:
        found[tid].append((as_date(day), kind))
    return {tid: history(items) for tid, items in found.items()}


def history(items: list[tuple[date, str]]) -> segments.History:
    """What segments need of a tenancy's timeline: its (day, type) events of SEGMENT_EVENTS."""
    return segments.History(
        reminder_dates=tuple(d for d, k in items if k in CaseEvent.REMINDERS),
        arrangement_periods=segments.arrangement_periods(items),
        bailiff_dates=tuple(d for d, k in items if k == CaseEvent.Type.BAILIFF_HANDOVER),
    )


def active_rows(on: date, ids: list[int] | None = None) -> list[tuple[int, str, date, date | None]]:
    """(id, ref, start date, end date) of every tenancy started on or before D, or of those of
    `ids`, by ref: the active ones and those that ended before D. compute keeps of the ended ones
    only those whose ledger up to D still owes (owes_after_end), from the sums it reads anyway."""
    starts: dict = {}  # text -> date on SQLite; few distinct start dates
    scope, params = db.where_ids("id", ids)
    return [
        (tid, ref, starts.get(start) or starts.setdefault(start, as_date(start)), as_date(end) if end else None)
        for tid, ref, start, end in db.fetch(
            f"SELECT id, ref, start_date, end_date FROM {Tenancy._meta.db_table}"
            f" WHERE start_date <= %s{scope} ORDER BY ref",
            [on, *params],
        )
    ]


def owes_after_end(sums: list[int] | None) -> bool:
    """Of a tenancy that ended before D, whether it still owes on D (ledger_cents' sums: charges,
    charges due on D, credits, reversals): a former tenant's final bill keeps its position. Ended
    tenancies that owe nothing are dropped before anything else is computed for them."""
    return sums is not None and sums[0] + sums[1] + sums[3] - sums[2] > 0


@contextmanager
def collecting_later():
    """Hold Python's cyclic garbage collection until the block ends. Arrears and the policy run
    make hundreds of thousands of objects that live until they end; the collector would walk
    them again and again (10-20 % of a full policy run at 100,000 tenancies). They form no
    reference cycles worth collecting early, so the block's garbage is collected afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compute(on: date, tenancies=None, *, ids: list[int] | None = None) -> list[TenancyArrears]:
    """Position and segment of every tenancy active on D, by ref; or of the given queryset, or of
    those of `ids` that are active on D (at most huurpad.db.IN_CHUNKS)."""
    with collecting_later():
        return _compute(on, tenancies, ids)


def owed(tenancy, on: date) -> Decimal:
    """One tenancy's arrears on D."""
    (row,) = compute(on, Tenancy.objects.filter(pk=tenancy.pk))
    return row.position.arrears


def _compute(on: date, tenancies, ids: list[int] | None) -> list[TenancyArrears]:
    given = tenancies is not None or ids is not None
    if tenancies is not None:
        rows = list(tenancies.order_by("ref").values_list("id", "ref", "start_date", "end_date"))
    else:
        rows = active_rows(on, ids)
    # A few tenancies: ask for just those. All of them: read everything, skip the long IN list.
    scope = [r[0] for r in rows] if given and len(rows) <= db.IN_CHUNKS else None
    sums = ledger_cents(on, scope)
    if tenancies is None:  # of the ended tenancies only those that still owe (a given queryset: all)
        rows = [r for r in rows if r[3] is None or r[3] >= on or owes_after_end(sums.get(r[0]))]
    due = monthly_due_cents(on, scope)
    nothing = ledger.Totals()
    totals = {tid: ledger.Totals(*c) if (c := sums.get(tid)) else nothing for tid, _, _, _ in rows}
    oldest = oldest_unpaid(on, {tid: from_cents(t.unpaid) for tid, t in totals.items() if t.arrears > 0})
    history = histories(on, scope)
    no_history = segments.History()
    # Without a history the segment depends only on the start date and being overdue: remember it.
    plain: dict[tuple, tuple[segments.Segment, date]] = {}
    # Positions without arrears depend only on the balance and whether a charge is due on D: most
    # tenancies share a handful of them. Equal amounts share one Decimal.
    settled: dict[tuple, ledger.Position] = {}
    euros: dict[int, object] = {}

    def money(cents: int):
        value = euros.get(cents)
        if value is None:
            value = euros[cents] = from_cents(cents)
        return value

    result = []
    for tid, ref, start, end in rows:
        t = totals[tid]
        monthly = due.get(tid, 0)
        if t.arrears:
            position = ledger.position_from_totals(
                t, on=on, oldest_unpaid=oldest[tid], monthly_due=from_cents(monthly), money=money
            )
        else:
            first_unpaid = on if t.unpaid else None
            position = settled.get((t.balance, first_unpaid))
            if position is None:
                position = settled[t.balance, first_unpaid] = ledger.position_from_totals(
                    t, on=on, oldest_unpaid=first_unpaid, monthly_due=ZERO, money=money
                )
        past = history.get(tid)
        if past is None:
            segment, until = plain.get((start, t.arrears > 0)) or plain.setdefault(
                (start, t.arrears > 0), _segment(on, start, t.arrears > 0, no_history)
            )
        else:
            segment, until = _segment(on, start, t.arrears > 0, past)
        result.append(TenancyArrears(tid, ref, position, segment, monthly, until, t, end))
    return result


def one(
    tenancy, entries: list[ledger.Entry], monthly_due_cents: int, events: list[tuple[date, str]], on: date
) -> TenancyArrears:
    """compute()'s row for one tenancy, from its whole ledger and timeline already in memory (a
    page that shows them both): the core's definitions, without asking the database again.
    `events` are (day, type) pairs of any types; those after D do not count."""
    position = ledger.position(entries, on=on, monthly_due=from_cents(monthly_due_cents))
    past = history([(day, kind) for day, kind in events if day <= on and kind in SEGMENT_SET])
    segment, until = _segment(on, tenancy.start_date, position.arrears > 0, past)
    totals = ledger.totals(entries, on)
    return TenancyArrears(
        tenancy.id, tenancy.ref, position, segment, monthly_due_cents, until, totals, tenancy.end_date
    )


def _segment(on: date, start: date, overdue: bool, history: segments.History) -> tuple[segments.Segment, date]:
    return (
        segments.segment(on=on, tenancy_start=start, overdue=overdue, history=history),
        segments.holds_until(on=on, tenancy_start=start, history=history),
    )
