"""What the policy knows about one tenancy on one day."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from huurpad.core.ledger import CHARGES, Entry, Position, Totals, totals

from .config import Policy, Steps


@dataclass(frozen=True, kw_only=True, slots=True)
class Letter:
    date: date
    offers_data_sharing: bool = False
    points_to_debt_help: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class Contact:
    date: date
    channel: str
    reached: bool
    day_part: str = ""  # morning / afternoon / evening


@dataclass(frozen=True, kw_only=True, slots=True)
class Signal:
    date: date
    amount: Decimal


@dataclass(frozen=True, kw_only=True, slots=True)
class ReturnedDebit:
    """A direct debit the bank sent back (an R-transaction), with its ISO reason code."""

    date: date
    amount: Decimal
    reason_code: str  # AM04, MD06, AC04, ...
    reason: str = ""  # the code in plain Dutch


@dataclass(frozen=True, kw_only=True, slots=True)
class Pause:
    """Breathing room: no escalation, no costs, no reminders about the old arrears (toolkit 3.5)."""

    start: date
    reason: str  # officer | kennisgeving | municipal_help | moratorium
    review_date: date | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Eviction:
    """An eviction the bailiff scheduled and nobody cancelled or carried out yet (the legal track's
    events on the timeline): what the eviction prevention counts back from (eviction.py)."""

    scheduled_on: date  # the day the eviction was scheduled (the event's date)
    date: date  # the day of the eviction


@dataclass(frozen=True, kw_only=True, slots=True)
class SincePause:
    """The ledger from the first day of the running pause, from which its current rent is watched
    (rules.current_rent): `opening` sums the entries dated before that day (every charge among
    them due before it: the old arrears are opening.arrears), `entries` are those dated from it on."""

    opening: Totals
    entries: tuple[Entry, ...] = ()

    @classmethod
    def of(cls, entries, start: date, on: date) -> "SincePause":
        """From a whole ledger (the reference way; a run reads only the entries since, see
        collection.snapshots.since_pauses)."""
        entries = [e for e in entries if e.date <= on]
        opening = totals([e for e in entries if e.date < start], start)  # all due before the start
        return cls(opening=opening, entries=tuple(sorted((e for e in entries if e.date >= start), key=_by_date)))

    def charges(self) -> list[Entry]:
        return [e for e in self.entries if e.kind in CHARGES]


def _by_date(entry: Entry) -> tuple:
    return (entry.date, entry.kind.value, entry.amount)


@dataclass(frozen=True, kw_only=True, slots=True)
class Arrangement:
    """A payment arrangement: on top of the rent, `instalment` a month from `first_due` on."""

    start: date
    arrears_at_start: Decimal
    instalment: Decimal
    first_due: date
    count: int

    def due_dates(self) -> list[date]:
        dates, day = [], self.first_due
        for _ in range(self.count):
            dates.append(day)
            month = day.month % 12 + 1
            year = day.year + (day.month == 12)
            day = _same_day(year, month, self.first_due.day)
        return dates

    def schedule(self) -> list[tuple[date, Decimal]]:
        """Each instalment's due date and amount: the last one is what is left."""
        rows, left = [], self.arrears_at_start
        for day in self.due_dates():
            amount = min(self.instalment, left)
            left -= amount
            rows.append((day, amount))
        return rows

    @property
    def last_instalment(self) -> Decimal:
        """What the last instalment is: what is left after the others, smaller when the arrears
        do not divide evenly."""
        return self.schedule()[-1][1] if self.count else Decimal("0")

    def amount_due(self, day: date) -> Decimal:
        """The instalment due on `day` (one of due_dates): the last one may be smaller."""
        return dict(self.schedule())[day]

    def planned_arrears(self, on: date, grace_days: int) -> Decimal:
        """What the arrears may be on D if the household keeps the arrangement (with grace)."""
        due = sum(1 for d in self.due_dates() if d + timedelta(days=grace_days) <= on)
        return max(self.arrears_at_start - self.instalment * due, Decimal("0"))

    def next_due(self, on: date) -> date | None:
        return next((d for d in self.due_dates() if d >= on), None)


def _same_day(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


@dataclass(frozen=True, kw_only=True, slots=True)
class Snapshot:
    policy: Policy
    tenancy_ref: str
    segment: str
    payment_method: str
    collection_day: int | None
    position: Position
    monthly_due: Decimal
    episode_start: date | None = None  # first day of the current unbroken stretch of arrears
    previous: Position | None = None  # the position at the previous run
    channels: frozenset[str] = frozenset({"letter"})  # where the tenant can be reached
    municipality_signed: bool = True  # the municipality signed the covenant (Landelijk Convenant)
    reminder_letters: tuple[Letter, ...] = ()
    wik_letters: tuple[date, ...] = ()
    contacts: tuple[Contact, ...] = ()
    debt_help_pointed: tuple[date, ...] = ()
    objection: bool = False  # the tenant objected to passing data to the municipality
    signals: tuple[Signal, ...] = ()
    # The municipality called the signal of this amount a repeat ('Niet opgepakt: herhaalde
    # melding') on this date: no new signal until the arrears are higher (rules.signal_blockers).
    repeat_answer: Signal | None = None
    arrangement: Arrangement | None = None
    pause: Pause | None = None
    since_pause: SincePause | None = None  # the running pause's ledger (None: not read, nothing watched)
    pause_ended: date | None = None  # the day the last pause ended (collection resumes kindly: rules.after_pause)
    debt_help_trajectory: bool = False  # in debt help (schuldhulpverlening) now
    bailiff_since: date | None = None
    eviction: Eviction | None = None  # an eviction scheduled and still to come or undecided
    message_dates: tuple[date, ...] = ()  # days a message went (or is queued) to this tenant
    returned_debits: tuple[ReturnedDebit, ...] = ()
    # Days direct debits were collected lately (ledger entries of kind direct_debit): such money is
    # final only once the bank can no longer return it (rules.money_final_on).
    recent_debits: tuple[date, ...] = ()
    done: frozenset[str] = field(default_factory=frozenset)  # keys of proposals made before
    # The first day the segment can change without new facts (segments.holds_until); None: unknown.
    segment_until: date | None = None
    ended_on: date | None = None  # the tenancy's end date, when it has one
    # The day a former tenant's final bill was handed to a collection agency (incassobureau), the
    # team leader's decision (former.DECISION): the former policy's steps end there.
    agency_since: date | None = None

    @property
    def former(self) -> bool:
        """The tenancy ended before the day of the position: a former tenant (vertrokken huurder),
        whose final bill has its own policy (former.py)."""
        return self.ended_on is not None and self.ended_on < self.position.on

    @property
    def steps(self) -> Steps:
        return self.policy.steps_for(self.segment, self.payment_method)

    # --- derived facts, all limited to the current episode of arrears ---------------------------

    def _in_episode(self, day: date) -> bool:
        return self.episode_start is not None and day >= self.episode_start

    def episode_letters(self) -> list[Letter]:
        return [letter for letter in self.reminder_letters if self._in_episode(letter.date)]

    def episode_contacts(self) -> list[Contact]:
        return [c for c in self.contacts if self._in_episode(c.date)]

    def returned_debit(self) -> ReturnedDebit | None:
        """The last direct debit returned since the oldest rent still unpaid fell due: what the
        arrears are about. None without arrears."""
        due = self.position.oldest_unpaid_due_date
        if due is None or self.position.arrears <= 0:
            return None
        return max((r for r in self.returned_debits if r.date >= due), key=lambda r: r.date, default=None)

    def first_episode_signal(self) -> Signal | None:
        """The first early signal for the current arrears: the one courts count two months from."""
        return min((s for s in self.signals if self._in_episode(s.date)), key=lambda s: s.date, default=None)
