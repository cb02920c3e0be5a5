"""Which tenancies a policy run has to look at.

A full run looks at every active tenancy. An ordinary next day needs far fewer: only where
something can have changed since the last run. A rule can only fire for a tenancy that
- has new ledger entries or timeline events since the last run, or entries dated since its day
  (a rent booked in advance falls due); a payment only where it can matter (to_look_at),
- owed something at the last run (arrears grow by a day, a charge due then may now be overdue,
  a cleared debt earns a compliment),
- has a pause or an arrangement on its timeline, or
- enters the days before its due date in which the policy sends a reminder, or may have had
  that reminder held back (pre_due_candidates).
Every other tenancy has no arrears and nothing new, so no rule can fire for it.

Of the tenancies in the last two groups, those with nothing new sleep until the wake-up date
their state keeps (core.policy.engine.next_wake): without new entries or events the position
only ages, and no rule can propose anything new before that day. Tests run both ways over many
days and check that the short way misses nothing.
"""

from datetime import date, timedelta

from django.db import connection
from django.db.models import Max, Q

from huurpad import db
from huurpad.cases.models import CaseEvent, Task
from huurpad.cases.timeline import TIMELINE_TYPES
from huurpad.core import ledger, segments
from huurpad.core.calendar import collection_date
from huurpad.core.policy.config import PAYMENT_METHODS, SEGMENTS, Policy
from huurpad.core.policy.proposal import Action
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry, Tenancy

from .models import PolicyRun
from .states import States

# The events the policy reads (cases.timeline.TIMELINE_TYPES, arrears.SEGMENT_EVENTS); others, such as
# a message sent, change nothing it proposes (messages count through the outbox).
POLICY_EVENTS = sorted({*TIMELINE_TYPES, *arrears.SEGMENT_EVENTS})
POLICY_SET = frozenset(POLICY_EVENTS)
CREDIT_KINDS = frozenset(kind.value for kind in ledger.CREDITS)
WATCHED_EVENTS = [CaseEvent.Type.PAUSE_STARTED, CaseEvent.Type.ARRANGEMENT_STARTED]


BOOKED_PER_TENANCY = 20  # still_owing: entries booked since, per tenancy asked about, read in id order


def _newest_entry() -> int:
    return LedgerEntry.objects.aggregate(m=Max("id"))["m"] or 0


def marks() -> tuple[int, int]:
    """The newest ledger entry and timeline event now: what the next run counts as 'new' after."""
    ledger_mark = _newest_entry()
    event_mark = CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0
    return ledger_mark, event_mark


def watched(on: date, states: States) -> set[int]:
    """Tenancies a rule may act on without arrears today."""
    ids = set(states)
    ids |= set(CaseEvent.objects.filter(type__in=WATCHED_EVENTS, date__lte=on).values_list("tenancy_id", flat=True))
    return ids


def pre_due_candidates(policy: Policy, since: date, on: date) -> set[int]:
    """Tenancies that may get a reminder before the due date on D although nothing changed for
    them since the run of day `since`:

    - those whose reminder days (before the due or collection date) begin after `since`, up to D:
      on the later days of that stretch the reminder was already proposed, or it was held back
      by the one-message-a-day rule, and then the tenancy keeps a state that wakes it the next
      day (run._remember);
    - those whose segment may change after `since`, up to D (a year after the start, or after
      a reminder, an arrangement or a bailiff case), as the reminder days depend on the segment.

    When only the segments new, occasional and frequent get such a reminder (the default), only
    tenancies that can be in one of those count: started within the segment window, or with
    reminders, an arrangement or a bailiff on their timeline. The others are regular or first_time.
    """
    reaches = {policy.steps_for(s, m).pre_due_reminder_days for s in SEGMENTS for m in PAYMENT_METHODS} - {0}
    transfer_due, debit_days = False, set()
    for days in reaches:
        day = since + timedelta(days=1)
        while day <= on:
            due = day + timedelta(days=days)  # the reminder days for `due` begin on `day`
            transfer_due |= due.day == 1
            debit_days |= {c for c in Tenancy.COLLECTION_DAYS if collection_date(due.year, due.month, c) == due}
            day += timedelta(days=1)
    if not transfer_due and not debit_days:
        return segment_may_change(since, on)
    tenancies = Tenancy.objects.none()
    if transfer_due:
        tenancies |= Tenancy.objects.filter(
            ~Q(payment_method=Tenancy.PaymentMethod.DIRECT_DEBIT) | Q(collection_day__isnull=True)
        )
    if debit_days:
        tenancies |= Tenancy.objects.filter(
            payment_method=Tenancy.PaymentMethod.DIRECT_DEBIT, collection_day__in=debit_days
        )
    if _reminded_segments(policy) <= {"new", "occasional", "frequent"}:
        with_history = set(arrears.segment_events(on).values_list("tenancy_id", flat=True).distinct())
        ids = {
            tid
            for tid, start in tenancies.values_list("id", "start_date")
            if on - start <= segments.WINDOW or tid in with_history
        }
    else:
        ids = set(tenancies.values_list("id", flat=True))
    return ids | segment_may_change(since, on)


def segment_may_change(since: date, on: date) -> set[int]:
    """Tenancies whose segment may change after `since`, up to D, without anything new: the day
    after an event or a start date leaves the window (segments.holds_until)."""
    first, last = since - segments.WINDOW, on - segments.WINDOW - timedelta(days=1)
    leaving = CaseEvent.objects.filter(
        type__in=[*CaseEvent.REMINDERS, CaseEvent.Type.ARRANGEMENT_ENDED, CaseEvent.Type.BAILIFF_HANDOVER],
        date__gte=first,
        date__lte=last,
    )
    started = Tenancy.objects.filter(start_date__gte=first, start_date__lte=last)
    return set(leaving.values_list("tenancy_id", flat=True)) | set(started.values_list("id", flat=True))


def _reminded_segments(policy: Policy) -> set[str]:
    return {s for s in SEGMENTS for m in PAYMENT_METHODS if policy.steps_for(s, m).pre_due_reminder_days}


def changed_since(previous: PolicyRun, on: date) -> tuple[set[int], set[int]]:
    """Tenancies with entries or events the policy reads booked since the last run, or dated since
    its day (a rent booked in advance falls due, and is overdue the day after its date, without
    anything new), and tenancies whose own details or tenant's contact details changed (a new
    phone number makes a call possible). Tenancies whose only new entries are credits come
    second: a payment matters only in some cases (to_look_at)."""
    # Two queries, each on its own index: one with OR across both tables would read them whole.
    ids = set(Tenancy.objects.filter(updated_at__gte=previous.started_at).values_list("id", flat=True))
    ids |= set(Tenancy.objects.filter(tenant__updated_at__gte=previous.started_at).values_list("id", flat=True))
    # Ended since the last run's day: from the day after its end a tenancy that owes money is a
    # former tenant, whose final bill has its own steps (core/policy/former.py).
    ids |= set(Tenancy.objects.filter(end_date__gte=previous.day, end_date__lt=on).values_list("id", flat=True))
    # The events booked since are read in id order and sifted here: asked for by type, SQLite
    # would read every event of those types, more each year.
    booked = CaseEvent.objects.filter(id__gt=previous.event_mark).order_by().values_list("tenancy_id", "type")
    ids |= {tid for tid, kind in booked if kind in POLICY_SET}
    dated = CaseEvent.objects.filter(type__in=POLICY_EVENTS, date__gte=previous.day, date__lte=on)
    ids |= set(dated.order_by().values_list("tenancy_id", flat=True).distinct())
    # No DISTINCT on the entries after the mark: SQLite would read a whole index on tenancy for
    # it, instead of the few rows after the mark. order_by(): a model's default ordering would
    # make DISTINCT apply to (tenancy, date, id).
    entries = LedgerEntry.objects.order_by()
    credited = set()
    for tid, kind in [
        *entries.filter(id__gt=previous.ledger_mark).values_list("tenancy_id", "kind"),
        *entries.filter(date__gte=previous.day, date__lte=on).values_list("tenancy_id", "kind").distinct(),
    ]:
        (credited if kind in CREDIT_KINDS else ids).add(tid)
    return ids, credited - ids


def still_owing(tenancy_ids: set[int], on: date, states: States) -> set[int]:
    """Of the given tenancies with a state, those whose credits since it cannot have cleared the
    arrears it holds: credits booked since its run, or dated after its day up to D, sum to less,
    and none booked since is dated before its day (such a credit may have cleared the smaller
    arrears of an earlier day, and a new stretch of arrears means new steps).

    For such a tenancy a payment can only hold a step back: every rule but the compliment needs
    arrears that last, that grow or that are older, and a payment that leaves arrears only makes
    them smaller and younger (the oldest charges are paid first); the compliment needs them gone.
    A sleeping tenancy in that case sleeps on; when it wakes, its position is computed afresh.
    """
    owing = {tid: state for tid in tenancy_ids if (state := states.get(tid)) and state.arrears_cents > 0}
    if not owing:
        return set()
    paid, backdated = dict.fromkeys(owing, 0), set()
    scope, params = db.where_ids("tenancy_id", sorted(owing))
    kinds = sorted(CREDIT_KINDS)
    columns = f"id, tenancy_id, date, amount_cents FROM {{}} WHERE kind IN ({', '.join(['%s'] * len(kinds))})"
    # Booked since the oldest of the runs, and dated since the oldest of the days (the index on
    # date): two short reads; a row in both counts once. What was booked since is read in id order
    # when it is little next to the tenancies asked about; otherwise (states from weeks ago) from
    # each tenancy's part of the index on tenancy, which ends in the row id. SQLite's planner
    # always takes the index.
    oldest_mark = min(state.ledger_mark for state in owing.values())
    table = LedgerEntry._meta.db_table
    if connection.vendor == "sqlite" and _newest_entry() - oldest_mark <= BOOKED_PER_TENANCY * len(owing):
        table += " NOT INDEXED"  # the row id still serves: a range scan of the newest rows
    booked = db.fetch(f"SELECT {columns.format(table)} AND id > %s{scope}", [*kinds, oldest_mark, *params])
    dated = db.fetch(
        f"SELECT {columns.format(arrears.by_date())} AND date > %s{scope}",
        [*kinds, min(state.day for state in owing.values()), *params],
    )
    rows = {entry_id: (tid, day, cents) for entry_id, tid, day, cents in booked + dated}
    for entry_id, (tid, day, cents) in rows.items():
        state = owing[tid]
        day = db.as_date(day)
        if entry_id > state.ledger_mark and day < state.day:
            backdated.add(tid)
        if entry_id > state.ledger_mark or state.day < day <= on:
            paid[tid] += cents
    return {tid for tid, state in owing.items() if paid[tid] < state.arrears_cents and tid not in backdated}


def with_open_call(tenancy_ids: set[int]) -> set[int]:
    """Of these tenancies, those with an open call task. During a pause a payment that leaves
    arrears may still pay the current rent a call was about (cases.tasks.Gone.CURRENT_RENT_PAID):
    the run looks, so the task closes that day."""
    found = set()
    for ids in db.chunks(sorted(tenancy_ids)):
        found |= set(
            Task.objects.filter(status=Task.Status.OPEN, kind=Action.CALL.value, tenancy_id__in=ids).values_list(
                "tenancy_id", flat=True
            )
        )
    return found


def previous_run(on: date, version_id: int) -> PolicyRun | None:
    """The last finished run a next day can build on: same policy version, not after D."""
    last = PolicyRun.objects.filter(status=PolicyRun.Status.DONE).order_by("-started_at").first()
    if last is None or last.policy_version_id != version_id or last.day > on:
        return None
    return last


def to_look_at(
    on: date, policy: Policy, previous: PolicyRun | None, watching: set[int], states: States
) -> list[arrears.TenancyArrears]:
    """Positions and segments of the tenancies this run must look at; `watching` is watched(on,
    states), `states` what earlier runs left (states.read_states)."""
    if previous is None:
        return arrears.compute(on)
    sleeping = states.asleep(on)
    changed, credited = changed_since(previous, on)
    # A payment matters only for a tenancy watched: one that owed nothing at the last run and has
    # no pause or arrangement owes nothing after it either, and a reminder before the due date
    # only ever drops away. Of those asleep, only where it may have cleared the arrears.
    credited &= watching
    credited -= still_owing(credited & sleeping - with_open_call(credited & sleeping), on, states)
    ids = changed | credited | ((watching | pre_due_candidates(policy, previous.day, on)) - sleeping)
    rows = []
    for chunk in db.chunks(sorted(ids)):
        rows += arrears.compute(on, ids=chunk)
    return rows
