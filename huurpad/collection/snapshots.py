"""From the database to the policy's facts: one Snapshot per tenancy, built in bulk."""

import json
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from huurpad import db
from huurpad.cases.models import CaseEvent
from huurpad.cases.timeline import DEBT_HELP_PAUSES, EVICTION_TYPES, TIMELINE_TYPES, Timeline
from huurpad.core import ledger
from huurpad.core.ledger import Position
from huurpad.core.money import from_cents, to_cents
from huurpad.core.policy import facts
from huurpad.core.policy.config import Policy
from huurpad.db import as_date, chunks
from huurpad.messaging.models import OutboxMessage
from huurpad.tenancies import arrears
from huurpad.tenancies.arrears import TenancyArrears
from huurpad.tenancies.models import LedgerEntry, Municipality, Tenancy, Tenant

from .models import Proposal
from .states import SavedState, States, read_states

T = CaseEvent.Type
KINDS = {kind.value: kind for kind in ledger.Kind}


# Without arrears there is no episode, and of the timeline only pauses, arrangements and a
# scheduled eviction count: letters, contacts, debt help, signals and the objection all belong to a
# stretch of arrears (core/policy/tests/test_wake.py checks that the rules agree).
WITHOUT_ARREARS_TYPES = [
    T.ARRANGEMENT_STARTED,
    T.ARRANGEMENT_ENDED,
    T.PAUSE_STARTED,
    T.PAUSE_ENDED,
    T.PAUSE_EXTENDED,
    *EVICTION_TYPES,
]


def _json(value):
    """A JSON column from a raw query: text on SQLite, already decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def timelines(owing: list[int], settled: list[int], on: date) -> dict[int, Timeline]:
    """The timelines of tenancies in arrears (`owing`) and of the others (`settled`). The first
    are read from the listed tenancies' part of the index on (tenancy, date): letters and contacts
    are common. The second ask only for pauses and arrangements, which are rare: the database
    finds those faster through the index on (type, date)."""
    result = defaultdict(Timeline)
    for ids, types, table in (
        (owing, TIMELINE_TYPES, arrears.events_by_tenancy()),
        (settled, WITHOUT_ARREARS_TYPES, CaseEvent._meta.db_table),
    ):
        if not ids:
            continue
        scope, params = db.where_ids("tenancy_id", ids)
        for tid, day, kind, values in db.fetch(
            f"SELECT tenancy_id, date, type, params FROM {table}"
            f" WHERE type IN ({', '.join(['%s'] * len(types))}) AND date <= %s{scope} ORDER BY date, id",
            [*types, on, *params],
        ):
            result[tid].add(as_date(day), kind, _json(values))
    return result


EPISODE_LOOKBACK = timedelta(days=190)  # most stretches of arrears began within about six months


def episode_starts(
    rows: list[TenancyArrears], on: date, states: dict[int, SavedState] | None = None
) -> dict[int, date | None]:
    """Start of the current stretch of arrears, from each tenancy's ledger (core definition).

    Each tenancy's ledger is read from a cut: the day of its state from the previous run when that
    state can vouch for what came before (in arrears that day, and nothing booked since that run
    is dated before it), otherwise EPISODE_LOOKBACK before D. Everything dated before the cut
    comes in as an opening: the sums up to D the row's position was computed from (row.totals),
    minus the entries read. When the household was behind at the cut and stayed behind, the
    stretch began on or before it: the state's start, or, without a state to vouch, the start
    found in the whole ledger. On an ordinary day that reads a few days of entries per tenancy,
    whatever the length of the history.
    """
    if not rows:
        return {}
    tenancy_ids = [row.tenancy_id for row in rows]
    vouching = _vouching(tenancy_ids, states or {}, on)
    cuts = {tid: vouching[tid].day if tid in vouching else on - EPISODE_LOOKBACK for tid in tenancy_ids}
    openings = {row.tenancy_id: _opening(row.totals) for row in rows}
    entries = defaultdict(list)
    scope, params = db.where_ids("tenancy_id", tenancy_ids)
    for tid, day, kind, cents in db.fetch(
        f"SELECT tenancy_id, date, kind, CAST(SUM(amount_cents) AS BIGINT) FROM {arrears.by_tenancy()}"
        f" WHERE date >= %s{scope} GROUP BY tenancy_id, date, kind",
        [min(cuts.values()), *params],
    ):
        day = as_date(day)
        if not cuts[tid] <= day <= on:
            continue
        openings[tid][0 if kind in arrears.CHARGE_SET else 2 if kind in arrears.CREDIT_SET else 3] -= cents
        entries[tid].append(ledger.Entry(date=day, kind=KINDS[kind], amount=from_cents(cents)))
    result, earlier = {}, []
    for tid in tenancy_ids:
        try:
            result[tid] = ledger.episode_start(entries[tid], on, ledger.Totals(*openings[tid]))
        except ledger.EarlierStart:
            if tid in vouching:
                result[tid] = vouching[tid].episode_start
            else:
                earlier.append(tid)
    return result | _whole_ledger_starts(earlier, on)


def _opening(totals: ledger.Totals) -> list[int]:
    """The sums of the entries dated up to D, with every charge among them in charges_before: the
    entries read from the cut are taken back out of it."""
    return [totals.charges_before + totals.charges_on, 0, totals.credits, totals.reversals]


def _vouching(tenancy_ids: list[int], states: dict[int, SavedState], on: date) -> dict[int, SavedState]:
    """The states that know the start of a stretch of arrears going on at their day: from before
    D, in arrears then, with no entry booked since their run (its ledger mark) dated before their
    day, so the ledger up to that day is the one their start was found in."""
    kept = {
        tid: state
        for tid in tenancy_ids
        if (state := states.get(tid)) is not None
        and state.day < on
        and state.episode_start is not None
        and state.arrears_cents > 0
    }
    if not kept:
        return {}
    scope, params = db.where_ids("tenancy_id", list(kept))
    for tid, entry_id, day in db.fetch(
        f"SELECT tenancy_id, id, date FROM {LedgerEntry._meta.db_table} WHERE id > %s AND date < %s{scope}",
        [min(s.ledger_mark for s in kept.values()), max(s.day for s in kept.values()), *params],
    ):
        state = kept.get(tid)
        if state is not None and entry_id > state.ledger_mark and as_date(day) < state.day:
            del kept[tid]
    return kept


def _whole_ledger_starts(tenancy_ids: list[int], on: date) -> dict[int, date | None]:
    """Starts from every entry of each tenancy: for stretches older than the lookback."""
    if not tenancy_ids:
        return {}
    scope, params = db.where_ids("tenancy_id", tenancy_ids)
    entries = defaultdict(list)
    for tid, day, kind, cents in db.fetch(
        f"SELECT tenancy_id, date, kind, CAST(SUM(amount_cents) AS BIGINT) FROM {arrears.by_tenancy()}"
        f" WHERE date <= %s{scope} GROUP BY tenancy_id, date, kind",
        [on, *params],
    ):
        entries[tid].append(ledger.Entry(date=as_date(day), kind=KINDS[kind], amount=from_cents(cents)))
    return {tid: ledger.episode_start(entries[tid], on) for tid in tenancy_ids}


def since_pauses(rows: list[TenancyArrears], on: date, starts: dict[int, date]) -> dict[int, facts.SincePause]:
    """The ledger of each paused tenancy from the first day of its pause (`starts`, by tenancy):
    the entries dated from it up to D, and as the opening the row's sums up to D (row.totals) less
    those entries: what the arrears were when the pause began (rules.current_rent). Pauses are
    few: one query for those tenancies only, grouped by day and kind. A row without totals (not
    from arrears.compute) has its whole ledger read."""
    if not starts:
        return {}
    by_id = {row.tenancy_id: row for row in rows if row.tenancy_id in starts}
    whole = sorted(tid for tid, row in by_id.items() if row.totals is None)
    openings = {tid: _opening(row.totals) for tid, row in by_id.items() if row.totals is not None}
    entries = defaultdict(list)
    ids = sorted(by_id)
    scope, params = db.where_ids("tenancy_id", ids)
    since = min([starts[tid] for tid in openings], default=date.min)
    for tid, day, kind, cents in db.fetch(
        f"SELECT tenancy_id, date, kind, CAST(SUM(amount_cents) AS BIGINT) FROM {arrears.by_tenancy()}"
        f" WHERE date <= %s{'' if whole else ' AND date >= %s'}{scope} GROUP BY tenancy_id, date, kind",
        [on, *([] if whole else [since]), *params],
    ):
        entries[tid].append(ledger.Entry(date=as_date(day), kind=KINDS[kind], amount=from_cents(cents)))
    result = {}
    for tid in ids:
        start = starts[tid]
        if tid not in openings:
            result[tid] = facts.SincePause.of(entries[tid], start, on)
            continue
        opening, kept = openings[tid], []
        for entry in entries[tid]:
            if entry.date < start:
                continue
            opening[0 if entry.kind in ledger.CHARGES else 2 if entry.kind in ledger.CREDITS else 3] -= to_cents(
                entry.amount
            )
            kept.append(entry)
        result[tid] = facts.SincePause(
            opening=ledger.Totals(*opening), entries=tuple(sorted(kept, key=lambda e: (e.date, e.kind.value)))
        )
    return result


def channels(phone: str, email: str, no_calls: bool = False, refused=()) -> frozenset[str]:
    """Where a tenant can be reached: by the contact details, less the channel limits recorded
    (no calls for a deaf tenant, no WhatsApp for one who asked)."""
    result = {"letter", "visit"}
    if phone:
        result |= {"phone", "sms", "whatsapp"}
    if email:
        result.add("email")
    if no_calls:
        result.discard("phone")
    return frozenset(result - set(refused or ()))


def tenant_channels(tenant) -> frozenset[str]:
    """channels() of one Tenant."""
    return channels(tenant.phone, tenant.email, tenant.no_calls, tenant.refused_channels)


def previous_positions(states: dict[int, SavedState]) -> dict[int, Position]:
    """The position at the last run; while a compliment waits for a direct debit to become final,
    the position before the debit cleared the arrears (TenancyState.cleared_*)."""
    result = {}
    for tid, state in states.items():
        waiting = state.cleared_arrears_cents > 0
        cents = state.cleared_arrears_cents if waiting else state.arrears_cents
        result[tid] = Position(
            on=state.day,
            balance=from_cents(cents),
            arrears=from_cents(cents),
            oldest_unpaid_due_date=state.cleared_oldest_unpaid_due_date if waiting else state.oldest_unpaid_due_date,
            days_overdue=state.cleared_days_overdue if waiting else state.days_overdue,
            months_in_arrears=Decimal("0"),
        )
    return result


def recent_debits(tenancy_ids: list[int], on: date, policy: Policy) -> dict[int, tuple[date, ...]]:
    """Days direct debits were collected for these tenancies lately: long enough back for the
    policy's return period (rules.money_final_on), with room for weekends and holidays."""
    if not tenancy_ids:
        return {}
    since = on - timedelta(days=2 * policy.debit_final_after_business_days + 10)
    scope, params = db.where_ids("tenancy_id", tenancy_ids)
    found = defaultdict(set)
    for tid, day in db.fetch(
        f"SELECT tenancy_id, date FROM {LedgerEntry._meta.db_table} WHERE kind = %s AND date >= %s AND date <= %s{scope}",
        [ledger.Kind.DIRECT_DEBIT.value, since, on, *params],
    ):
        found[tid].add(as_date(day))
    return {tid: tuple(sorted(days)) for tid, days in found.items()}


CHUNK = 2000  # tenancies per round of queries: keeps IN lists well inside SQLite's limits


def tenancy_rows(ids: list[int] | None) -> dict[int, tuple]:
    """(id, payment method, collection day, tenant id, municipality code) of the given tenancies,
    or of all, by id: what a run reads of the tenancy rows themselves, once."""
    result = {}
    for chunk in [None] if ids is None else chunks(ids):
        scope, params = db.where_ids("id", chunk)
        result.update(
            (row[0], row)
            for row in db.fetch(
                "SELECT id, payment_method, collection_day, tenant_id, municipality_code"
                f" FROM {Tenancy._meta.db_table} WHERE 1 = 1{scope}",
                params,
            )
        )
    return result


def build(
    rows: list[TenancyArrears],
    on: date,
    policy: Policy,
    *,
    states: States | None = None,
    tenancies: dict[int, tuple] | None = None,
) -> list[facts.Snapshot]:
    """The snapshots of these rows (from arrears.compute). `states` (read_states) and `tenancies`
    (tenancy_rows) are what the run has read already; without them they are read here."""
    states = read_states() if states is None else states
    if tenancies is None:
        tenancies = tenancy_rows([row.tenancy_id for row in rows])
    unsigned = set(Municipality.objects.filter(covenant_signed=False).values_list("code", flat=True))
    snapshots = []
    for chunk in chunks(rows, CHUNK):
        snapshots += _build(chunk, on, policy, states, tenancies, unsigned)
    return snapshots


def _build(
    rows: list[TenancyArrears],
    on: date,
    policy: Policy,
    states: States,
    tenancies: dict[int, tuple],
    unsigned: set[str],
) -> list[facts.Snapshot]:
    ids = [row.tenancy_id for row in rows]
    scope, params = db.where_ids("id", sorted({tenancies[tid][3] for tid in ids}))
    reachable = {
        tenant: channels(phone, email, no_calls, _json(refused))
        for tenant, phone, email, no_calls, refused in db.fetch(
            f"SELECT id, phone, email, no_calls, refused_channels FROM {Tenant._meta.db_table} WHERE 1 = 1{scope}",
            params,
        )
    }
    owing = [row.tenancy_id for row in rows if row.position.arrears > 0]
    lines = timelines(owing, [row.tenancy_id for row in rows if row.position.arrears <= 0], on)
    paused = {tid: pause.start for tid, line in lines.items() if (pause := line.pause()) is not None}
    watched = since_pauses(rows, on, paused)
    before = states.before(ids, on)
    episodes = episode_starts([row for row in rows if row.position.arrears > 0], on, before)
    previous = previous_positions(before)
    # Only where a compliment is in question: cleared now, in arrears at the last run.
    cleared = [row.tenancy_id for row in rows if row.position.arrears <= 0]
    debits = recent_debits([tid for tid in cleared if tid in previous and previous[tid].arrears > 0], on, policy)
    scope, params = db.where_ids("tenancy_id", ids)
    done = defaultdict(set)
    for tid, rule, period in db.fetch(
        f"SELECT tenancy_id, rule, period FROM {Proposal._meta.db_table} WHERE 1 = 1{scope}", params
    ):
        done[tid].add(f"{rule}:{period}")
    messaged = defaultdict(list)
    for (tid,) in db.fetch(
        f"SELECT tenancy_id FROM {OutboxMessage._meta.db_table} WHERE day = %s{scope}",
        [on, *params],
    ):
        messaged[tid].append(on)
    snapshots = []
    for row in rows:
        _, method, collection_day, tenant, municipality = tenancies[row.tenancy_id]
        snapshots.append(
            assemble(
                row,
                policy,
                payment_method=method,
                collection_day=collection_day,
                channels=reachable[tenant],
                municipality_signed=municipality not in unsigned,
                timeline=lines.get(row.tenancy_id) or Timeline(),
                episode_start=episodes.get(row.tenancy_id),
                previous=previous.get(row.tenancy_id),
                since_pause=watched.get(row.tenancy_id),
                recent_debits=debits.get(row.tenancy_id, ()),
                message_dates=tuple(messaged.get(row.tenancy_id, ())),
                done=frozenset(done.get(row.tenancy_id, ())),
            )
        )
    return snapshots


def of_tenancy(
    tenancy: Tenancy,
    row: TenancyArrears,
    entries: list[ledger.Entry],
    events,
    today: date,
    policy: Policy,
) -> facts.Snapshot:
    """One tenancy's snapshot as a policy run would see it, from its whole ledger (core entries)
    and timeline (`events`: CaseEvents, newest first), for the pages that explain the policy."""
    timeline = Timeline()
    for event in reversed(events):
        if event.date <= today and event.type in TIMELINE_TYPES:
            timeline.add(event.date, event.type, event.params)
    pause = timeline.pause()
    return assemble(
        row,
        policy,
        payment_method=tenancy.payment_method,
        collection_day=tenancy.collection_day,
        timeline=timeline,
        since_pause=facts.SincePause.of(entries, pause.start, today) if pause is not None else None,
        channels=tenant_channels(tenancy.tenant),
        episode_start=ledger.episode_start(entries, today),
        municipality_signed=Municipality.covenant_signed_for(tenancy.municipality_code),
    )


def assemble(
    row: TenancyArrears,
    policy: Policy,
    *,
    payment_method: str,
    collection_day: int | None,
    channels: frozenset[str],
    timeline: Timeline,
    episode_start: date | None,
    previous: Position | None = None,
    since_pause: facts.SincePause | None = None,
    recent_debits: tuple[date, ...] = (),
    message_dates: tuple[date, ...] = (),
    done: frozenset[str] = frozenset(),
    municipality_signed: bool = True,
) -> facts.Snapshot:
    """One tenancy's snapshot from what was read about it."""
    pause = timeline.pause()
    return facts.Snapshot(
        policy=policy,
        tenancy_ref=row.ref,
        segment=row.segment.value,
        segment_until=row.segment_until,
        payment_method=payment_method,
        collection_day=collection_day,
        position=row.position,
        monthly_due=row.monthly_due,
        episode_start=episode_start,
        previous=previous,
        channels=channels,
        municipality_signed=municipality_signed,
        reminder_letters=tuple(timeline.letters),
        wik_letters=tuple(timeline.wik),
        contacts=tuple(timeline.contacts),
        debt_help_pointed=tuple(timeline.debt_help),
        objection=timeline.objection,
        signals=tuple(timeline.signals),
        repeat_answer=timeline.repeat_answer,
        arrangement=timeline.arrangement(row.position.arrears),
        pause=pause,
        since_pause=since_pause if pause is not None else None,
        pause_ended=timeline.pause_ended,
        debt_help_trajectory=pause is not None and pause.reason in DEBT_HELP_PAUSES,
        bailiff_since=timeline.bailiff,
        eviction=timeline.eviction,
        message_dates=message_dates,
        returned_debits=tuple(timeline.returns),
        recent_debits=recent_debits,
        done=done,
        ended_on=row.end_date,
        agency_since=timeline.agency,
    )
