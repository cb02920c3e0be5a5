"""From the database to the policy's facts: one Snapshot per tenancy, built in bulk."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection

from huurpad.cases.models import CaseEvent
from huurpad.core import ledger
from huurpad.core.ledger import Position
from huurpad.core.money import from_cents
from huurpad.core.policy import facts
from huurpad.core.policy.config import Policy
from huurpad.messaging.models import OutboxMessage
from huurpad.tenancies import arrears
from huurpad.tenancies.arrears import TenancyArrears, as_date, chunks
from huurpad.tenancies.models import LedgerEntry, Tenancy

from .models import Proposal, TenancyState

T = CaseEvent.Type
TIMELINE_TYPES = [
    T.REMINDER_LETTER, T.WIK_LETTER, T.CONTACT_ATTEMPT, T.DEBT_HELP_POINTED, T.DATA_SHARING_OBJECTION,
    T.EARLY_SIGNAL_SENT, T.ARRANGEMENT_STARTED, T.ARRANGEMENT_ENDED, T.PAUSE_STARTED, T.PAUSE_ENDED,
    T.BAILIFF_HANDOVER,
]  # fmt: skip
DEBT_HELP_PAUSES = {"kennisgeving", "municipal_help", "moratorium", "schuldhulp"}
DEFAULT_PAUSE_REVIEW = timedelta(days=30)
KINDS = {kind.value: kind for kind in ledger.Kind}
CREDIT_KINDS = sorted(kind.value for kind in ledger.CREDITS)


def _date(value, default: date | None = None) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return default


def _amount(value, default: Decimal) -> Decimal:
    try:
        return Decimal(str(value))
    except Exception:
        return default


class Timeline:
    """The events of one tenancy, read into the policy's terms."""

    def __init__(self):
        self.letters, self.wik, self.contacts, self.debt_help, self.signals = [], [], [], [], []
        self.objection = False
        self.arrangements: list[tuple[date, dict]] = []  # started
        self.arrangement_ends: list[date] = []
        self.pauses: list[tuple[date, dict]] = []
        self.pause_ends: list[date] = []
        self.bailiff: date | None = None

    def add(self, day: date, kind: str, params: dict) -> None:
        if kind == T.REMINDER_LETTER:
            self.letters.append(
                facts.Letter(
                    date=day,
                    offers_data_sharing=bool(params.get("offers_data_sharing")),
                    points_to_debt_help=bool(params.get("points_to_debt_help")),
                )
            )
        elif kind == T.WIK_LETTER:
            self.wik.append(day)
        elif kind == T.CONTACT_ATTEMPT:
            self.contacts.append(
                facts.Contact(
                    date=day,
                    channel=str(params.get("channel", "")),
                    reached=bool(params.get("reached")),
                    day_part=str(params.get("day_part", "")),
                )
            )
        elif kind == T.DEBT_HELP_POINTED:
            self.debt_help.append(day)
        elif kind == T.DATA_SHARING_OBJECTION:
            self.objection = True
        elif kind == T.EARLY_SIGNAL_SENT:
            self.signals.append(facts.Signal(date=day, amount=_amount(params.get("amount"), Decimal("0"))))
        elif kind == T.ARRANGEMENT_STARTED:
            self.arrangements.append((day, params))
        elif kind == T.ARRANGEMENT_ENDED:
            self.arrangement_ends.append(day)
        elif kind == T.PAUSE_STARTED:
            self.pauses.append((day, params))
        elif kind == T.PAUSE_ENDED:
            self.pause_ends.append(day)
        elif kind == T.BAILIFF_HANDOVER:
            self.bailiff = max(day, self.bailiff or day)

    def pause(self) -> facts.Pause | None:
        if not self.pauses:
            return None
        start, params = max(self.pauses, key=lambda item: item[0])
        if any(end >= start for end in self.pause_ends):
            return None
        return facts.Pause(
            start=start,
            reason=str(params.get("reason", "")),
            review_date=_date(params.get("review_date"), start + DEFAULT_PAUSE_REVIEW),
        )

    def arrangement(self, arrears: Decimal) -> facts.Arrangement | None:
        """The running arrangement. Terms missing from imported history count as 'do not let the
        arrears grow': no instalment, twelve months from the month after the start."""
        if not self.arrangements:
            return None
        start, params = max(self.arrangements, key=lambda item: item[0])
        if any(end >= start for end in self.arrangement_ends):
            return None
        first_due = _date(params.get("first_due"), (start.replace(day=1) + timedelta(days=32)).replace(day=1))
        return facts.Arrangement(
            start=start,
            arrears_at_start=_amount(params.get("arrears_at_start"), arrears),
            instalment=_amount(params.get("instalment"), Decimal("0")),
            first_due=first_due,
            count=int(params.get("count", 12)),
        )


def timelines(tenancy_ids: list[int], on: date) -> dict[int, Timeline]:
    result = defaultdict(Timeline)
    events = CaseEvent.objects.filter(tenancy_id__in=tenancy_ids, type__in=TIMELINE_TYPES, date__lte=on)
    for tid, day, kind, params in events.order_by("date", "id").values_list("tenancy_id", "date", "type", "params"):
        result[tid].add(day, kind, params)
    return result


EPISODE_LOOKBACK = timedelta(days=190)  # most stretches of arrears began within about six months


def episode_starts(tenancy_ids: list[int], on: date) -> dict[int, date | None]:
    """Start of the current stretch of arrears, from each tenancy's ledger (core definition).

    First from the entries of the last EPISODE_LOOKBACK, with the older ones summed per kind in the
    database as the opening; only where the stretch began before those is the whole ledger read.
    Entries of one tenancy, day and kind are summed as well (from the covering index): the start
    depends only on what each day adds.
    """
    result, pending = {}, list(tenancy_ids)
    for cut in (on - EPISODE_LOOKBACK, None):
        if not pending:
            break
        scope, params = arrears.where_ids("tenancy_id", pending)
        openings = defaultdict(lambda: [0, 0, 0, 0])
        if cut is not None:
            for tid, kind, cents in arrears.fetch(
                f"SELECT tenancy_id, kind, CAST(SUM(amount_cents) AS BIGINT) FROM {arrears.by_tenancy()}"
                f" WHERE date < %s{scope} GROUP BY tenancy_id, kind",
                [cut, *params],
            ):
                openings[tid][0 if kind in arrears.CHARGE_SET else 2 if kind in arrears.CREDIT_SET else 3] += cents
        entries = defaultdict(list)
        since = " AND date >= %s" if cut else ""
        for tid, day, kind, cents in arrears.fetch(
            f"SELECT tenancy_id, date, kind, CAST(SUM(amount_cents) AS BIGINT) FROM {arrears.by_tenancy()}"
            f" WHERE date <= %s{since}{scope} GROUP BY tenancy_id, date, kind",
            [on, *([cut] if cut else []), *params],
        ):
            entries[tid].append(ledger.Entry(date=as_date(day), kind=KINDS[kind], amount=from_cents(cents)))
        later = []
        for tid in pending:
            opening = ledger.Totals(*openings[tid]) if cut else None
            try:
                result[tid] = ledger.episode_start(entries[tid], on, opening)
            except ledger.EarlierStart:
                later.append(tid)
        pending = later
    return result


def carried_starts(tenancy_ids: list[int], states: dict[int, TenancyState], on: date) -> dict[int, date]:
    """Episode starts kept from the previous run that still hold on D, without reading the ledger.

    A stored start holds when the tenancy was in arrears on the state's day, nothing was booked for
    it since that run's ledger mark (so the ledger up to that day is the one the start was computed
    from), and no credit of it is dated after that day up to D. Amounts are positive, so charges
    and reversals can only add to the arrears: the stretch went on unbroken and started on the
    same day. Any other tenancy is left out, for episode_starts.
    """
    kept = {
        tid: state
        for tid in tenancy_ids
        if (state := states.get(tid)) is not None and state.episode_start is not None and state.arrears_cents > 0
    }
    if not kept:
        return {}
    scope, params = arrears.where_ids("tenancy_id", list(kept))
    newest = dict(
        arrears.fetch(
            f"SELECT tenancy_id, MAX(id) FROM {LedgerEntry._meta.db_table} WHERE id > %s{scope} GROUP BY tenancy_id",
            [min(state.ledger_mark for state in kept.values()), *params],
        )
    )
    last_credit = {
        tid: as_date(day)
        for tid, day in arrears.fetch(
            f"SELECT tenancy_id, MAX(date) FROM {arrears.by_tenancy()}"
            f" WHERE kind IN ({', '.join(['%s'] * len(CREDIT_KINDS))}) AND date > %s AND date <= %s{scope}"
            " GROUP BY tenancy_id",
            [*CREDIT_KINDS, min(state.day for state in kept.values()), on, *params],
        )
    }
    return {
        tid: state.episode_start
        for tid, state in kept.items()
        if newest.get(tid, 0) <= state.ledger_mark and last_credit.get(tid, state.day) <= state.day
    }


def channels(phone: str, email: str) -> frozenset[str]:
    """Where a tenant can be reached. Channel limits recorded on the case narrow this later."""
    result = {"letter", "visit"}
    if phone:
        result |= {"phone", "sms", "whatsapp"}
    if email:
        result.add("email")
    return frozenset(result)


def previous_positions(states: dict[int, TenancyState]) -> dict[int, Position]:
    return {
        tid: Position(
            on=state.day,
            balance=from_cents(state.arrears_cents),
            arrears=from_cents(state.arrears_cents),
            oldest_unpaid_due_date=state.oldest_unpaid_due_date,
            days_overdue=state.days_overdue,
            months_in_arrears=Decimal("0"),
        )
        for tid, state in states.items()
    }


CHUNK = 2000  # tenancies per round of queries: keeps IN lists well inside SQLite's limits


def build(rows: list[TenancyArrears], on: date, policy: Policy) -> list[facts.Snapshot]:
    snapshots = []
    for chunk in chunks(rows, CHUNK):
        snapshots += _build(chunk, on, policy)
    return snapshots


def _build(rows: list[TenancyArrears], on: date, policy: Policy) -> list[facts.Snapshot]:
    ids = [row.tenancy_id for row in rows]
    tenancies = {
        tid: (method, day, channels(phone, email))
        for tid, method, day, phone, email in Tenancy.objects.filter(id__in=ids).values_list(
            "id", "payment_method", "collection_day", "tenant__phone", "tenant__email"
        )
    }
    lines = timelines(ids, on)
    # Only a state from before D is 'the previous run' (an earlier day may be run again later).
    states = {s.tenancy_id: s for s in TenancyState.objects.filter(tenancy_id__in=ids, day__lt=on)}
    in_arrears = [row.tenancy_id for row in rows if row.position.arrears > 0]
    episodes = carried_starts(in_arrears, states, on)
    episodes.update(episode_starts([tid for tid in in_arrears if tid not in episodes], on))
    previous = previous_positions(states)
    done = defaultdict(set)
    for tid, rule, period in Proposal.objects.filter(tenancy_id__in=ids).values_list("tenancy_id", "rule", "period"):
        done[tid].add(f"{rule}:{period}")
    messaged = defaultdict(list)
    for tid, day in OutboxMessage.objects.filter(tenancy_id__in=ids, day=on).values_list("tenancy_id", "day"):
        messaged[tid].append(day)
    snapshots = []
    for row in rows:
        method, collection_day, reachable = tenancies[row.tenancy_id]
        line = lines.get(row.tenancy_id) or Timeline()
        pause = line.pause()
        snapshots.append(
            facts.Snapshot(
                policy=policy,
                tenancy_ref=row.ref,
                segment=row.segment.value,
                segment_until=row.segment_until,
                payment_method=method,
                collection_day=collection_day,
                position=row.position,
                monthly_due=row.monthly_due,
                episode_start=episodes.get(row.tenancy_id),
                previous=previous.get(row.tenancy_id),
                channels=reachable,
                reminder_letters=tuple(line.letters),
                wik_letters=tuple(line.wik),
                contacts=tuple(line.contacts),
                debt_help_pointed=tuple(line.debt_help),
                objection=line.objection,
                signals=tuple(line.signals),
                arrangement=line.arrangement(row.position.arrears),
                pause=pause,
                debt_help_trajectory=pause is not None and pause.reason in DEBT_HELP_PAUSES,
                bailiff_since=line.bailiff,
                message_dates=tuple(messaged.get(row.tenancy_id, ())),
                done=frozenset(done.get(row.tenancy_id, ())),
            )
        )
    return snapshots
