"""The daily policy run: every active tenancy through the policy, once per day, explained.
What people do with its proposals, and with the policy itself, is in actions.py."""

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from huurpad import db
from huurpad.cases import actions as case_actions
from huurpad.cases import tasks
from huurpad.cases.models import Task
from huurpad.core.calendar import next_due_date
from huurpad.core.ledger import Position
from huurpad.core.money import to_cents
from huurpad.core.policy import engine
from huurpad.core.policy.config import Policy
from huurpad.core.policy.proposal import MESSAGES, Action
from huurpad.core.policy.proposal import Proposal as CoreProposal
from huurpad.core.policy.rules import FALLBACK_CHANNELS, compliment_waits, current_rent_unpaid, money_final_on
from huurpad.messaging.models import OutboxMessage
from huurpad.tenancies import arrears

from . import runlock, selection, snapshots
from .models import PolicyRun, PolicyVersion, Proposal, TenancyState
from .states import States, read_states


class RunBusy(Exception):
    """Another policy run is still busy."""


@dataclass
class RunResult:
    day: date
    run: PolicyRun | None
    version: int  # the policy version used
    new: list[tuple[int, CoreProposal]] = field(default_factory=list)  # (tenancy id, proposal)
    counts: dict = field(default_factory=dict)
    taken_over: list[str] = field(default_factory=list)  # locks of dead or expired runs this run took over


def may_need_a_step(
    row: arrears.TenancyArrears, policy: Policy, payment_method: str, collection_day, on: date, watched: set[int]
) -> bool:
    """False only when no rule can fire: no arrears now or at the last run, no pause or arrangement,
    and no reminder before the due date today. Lets a run skip most tenancies cheaply."""
    if row.position.arrears > 0 or row.tenancy_id in watched:
        return True
    days = policy.steps_for(row.segment.value, payment_method).pre_due_reminder_days
    if not days:
        return False
    due = next_due_date(on, payment_method, collection_day)
    return (due - on).days <= days


def propose_all(
    on: date, policy: Policy, previous: PolicyRun | None, states: States
) -> tuple[
    list[arrears.TenancyArrears],
    list[tuple[int, CoreProposal]],
    dict[int, tuple[date | None, date | None, Position | None]],
    set[int],
]:
    """The proposals for D: of every tenancy, or, after a previous run, of those that may have
    changed since (selection.py). Also, per tenancy looked at closely, the start of its episode
    of arrears, its wake-up date (engine.next_wake) and the position a waiting compliment is for
    (or None); and the paused tenancies whose current rent is paid (rules.current_rent_unpaid:
    nothing past its days unpaid), whose call about it is no longer needed. `states`: what
    earlier runs left."""
    watched = selection.watched(on, states)
    rows = selection.to_look_at(on, policy, previous, watched, states)
    tenancies = snapshots.tenancy_rows([row.tenancy_id for row in rows] if previous else None)
    # tenancy_rows: (id, payment method, collection day, tenant, municipality)
    candidates = [row for row in rows if may_need_a_step(row, policy, *tenancies[row.tenancy_id][1:3], on, watched)]
    proposals, starts, current_paid, tomorrow = [], {}, set(), on + timedelta(days=1)
    for snapshot, row in zip(snapshots.build(candidates, on, policy, states=states, tenancies=tenancies), candidates):
        made = engine.propose(snapshot, on)
        proposals += [(row.tenancy_id, p) for p in made]
        # A compliment waiting for a direct debit to become final keeps the position before.
        cleared = snapshot.previous if compliment_waits(snapshot, on) else None
        if row.position.oldest_unpaid_due_date is None:  # of these only waking tomorrow is kept (_remember)
            wake = tomorrow if engine.proposes_tomorrow(snapshot, on, made) else None
            if cleared is not None:
                wake = min(wake or date.max, money_final_on(snapshot, on))
        else:
            wake = engine.next_wake(snapshot, on, made)
        starts[row.tenancy_id] = (snapshot.episode_start, wake, cleared)
        if snapshot.since_pause is not None and not current_rent_unpaid(snapshot, on)[1]:
            current_paid.add(row.tenancy_id)
    return rows, proposals, starts, current_paid


def run_policy(on: date, *, dry_run: bool = False, full: bool = False) -> RunResult:
    """Run the policy for day D. Running D again adds nothing; two runs at once cannot both go.
    After an earlier run with the same policy only what may have changed is looked at, unless
    `full` asks for every tenancy."""
    started = time.monotonic()
    version = PolicyVersion.current()
    policy = version.load()
    previous = None if full else selection.previous_run(on, version.id)
    if dry_run:
        with arrears.collecting_later():
            rows, proposals, _, _ = propose_all(on, policy, previous, read_states())
        return RunResult(day=on, run=None, version=version.number, new=proposals, counts=_counts(rows, proposals))
    ledger_mark, event_mark = selection.marks()
    run, taken_over = _start(on, version)
    try:
        with runlock.Lease(run), transaction.atomic(), arrears.collecting_later():
            states = read_states()
            rows, proposals, starts, current_paid = propose_all(on, policy, previous, states)
            _store(run, version, on, proposals)
            _remember(rows, on, starts, ledger_mark, states)
            settled = [row.tenancy_id for row in rows if row.position.arrears <= 0]
            case_actions.sync_with_arrears(
                on,
                owing=[row.tenancy_id for row in rows if row.position.arrears > 0],
                settled=settled,
                close_after_days=policy.case_close_after_days,
            )
            _close_gone_tasks(on, settled, current_paid)
            counts = _counts(rows, proposals)
            PolicyRun.objects.filter(pk=run.pk).update(
                status=PolicyRun.Status.DONE,
                seconds=time.monotonic() - started,
                counts=counts,
                full=previous is None,
                ledger_mark=ledger_mark,
                event_mark=event_mark,
            )
    except BaseException:
        PolicyRun.objects.filter(pk=run.pk).update(status=PolicyRun.Status.FAILED, seconds=time.monotonic() - started)
        raise
    run.refresh_from_db()
    return RunResult(day=on, run=run, version=version.number, new=proposals, counts=counts, taken_over=taken_over)


def _start(on: date, version: PolicyVersion) -> tuple[PolicyRun, list[str]]:
    """The lock, and what was taken over to get it: a run whose process is gone or whose lease ran
    out died without saying so and no longer blocks (runlock.py)."""
    taken_over = runlock.take_over_stale()
    try:
        with transaction.atomic():
            return PolicyRun.objects.create(day=on, policy_version=version, **runlock.claim()), taken_over
    except IntegrityError:
        busy = PolicyRun.objects.filter(status=PolicyRun.Status.RUNNING).first()
        since = f" since {timezone.localtime(busy.started_at):%Y-%m-%d %H:%M}" if busy else ""
        holder = f" ({runlock.describe(busy)})" if busy else ""
        raise RunBusy(
            f"Another policy run is busy{since}{holder}; try again when it has finished."
            " If it no longer runs: huurpad run --release-lock"
        ) from None


def _store(run: PolicyRun, version: PolicyVersion, on: date, proposals: list[tuple[int, CoreProposal]]) -> None:
    """Proposals, their outbox messages and their tasks, in three statements: a run proposes
    thousands, and a model instance for each costs more than the rules that made them."""
    day = connection.ops.adapt_datefield_value(on)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    facts = Proposal._meta.get_field("facts")
    table = Proposal._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (tenancy_id, run_id, policy_version_id, rule, action, channel, period, due_date,"
            " status, explanation, legal_basis, facts, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    tid,
                    run.pk,
                    version.pk,
                    p.rule,
                    p.action.value,
                    p.channel,
                    p.period,
                    connection.ops.adapt_datefield_value(p.due_date),
                    _status(p),
                    p.explanation,
                    p.legal_basis,
                    facts.get_db_prep_save(dict(p.facts), connection),
                    now,
                )
                for tid, p in proposals
            ],
        )
        messages = sorted(action.value for action in MESSAGES)
        cursor.execute(
            f"INSERT INTO {OutboxMessage._meta.db_table} (tenancy_id, proposal_id, action, channel, day, status, created_at)"
            f" SELECT tenancy_id, id, action, channel, %s, %s, %s FROM {table}"
            f" WHERE run_id = %s AND action IN ({', '.join(['%s'] * len(messages))})",
            [day, OutboxMessage.Status.QUEUED.value, now, run.pk, *messages],
        )
        for kind_name, action, rule in STEP_KINDS:  # their titles and roles: cases.tasks.KINDS
            kind = tasks.KINDS[kind_name]
            # The proposals of this kind: of its action, and of its rule where a kind has its own.
            which, which_params = _by_rule(action, rule)
            # Never two open tasks of one kind for a household (one_open_task_per_kind): a proposal
            # made while one is open is carried out with it (a second call attempt, the same visit).
            cursor.execute(
                f"INSERT INTO {Task._meta.db_table} (tenancy_id, proposal_id, kind, action, role, title, explanation,"
                f" due_date, status, created_at) SELECT p.tenancy_id, MIN(p.id), %s, p.action, %s, %s, MIN(p.explanation),"
                f" %s, %s, %s FROM {table} p WHERE p.run_id = %s AND p.action = %s{which} AND NOT EXISTS (SELECT 1 FROM"
                f" {Task._meta.db_table} t WHERE t.tenancy_id = p.tenancy_id AND t.kind = %s AND t.status = %s)"
                " GROUP BY p.tenancy_id, p.action",
                [
                    kind_name,
                    kind.role.value,
                    kind.title,
                    day,
                    Task.Status.OPEN.value,
                    now,
                    run.pk,
                    action.value,
                    *which_params,
                    kind_name,
                    Task.Status.OPEN.value,
                ],
            )
            # An open task of the kind made on an earlier day says what the newest proposal says.
            cursor.execute(
                f"UPDATE {Task._meta.db_table} SET explanation = (SELECT MIN(p.explanation) FROM {table} p"
                f" WHERE p.run_id = %s AND p.action = %s{which} AND p.tenancy_id = {Task._meta.db_table}.tenancy_id)"
                f" WHERE status = %s AND kind = %s AND due_date < %s AND tenancy_id IN"
                f" (SELECT tenancy_id FROM {table} p WHERE p.run_id = %s AND p.action = %s{which})",
                [
                    run.pk,
                    action.value,
                    *which_params,
                    Task.Status.OPEN.value,
                    kind_name,
                    day,
                    run.pk,
                    action.value,
                    *which_params,
                ],
            )
    if any(p.action in NOTICES for _, p in proposals):
        _queue_notices(run, on)
    if any(p.action == Action.EVICTION_PREVENTION for _, p in proposals):
        _eviction_tasks(run)


# The kinds of task the run makes: one per policy step for people (cases.tasks.POLICY_STEPS), and
# kinds of their own for the steps of some rules (a former tenant's call, which the end of the
# tenancy does not end): (kind, action, rule or None).
STEP_KINDS = [(action.value, action, None) for action in tasks.POLICY_STEPS] + [
    (kind, action, rule) for rule, (kind, action) in tasks.RULE_STEPS.items()
]


def _by_rule(action: Action, rule: str | None) -> tuple[str, list]:
    """The SQL that picks a kind's proposals of `action`: those of `rule`, or, for the action's
    own kind, those of every rule without a kind of its own."""
    if rule is not None:
        return " AND p.rule = %s", [rule]
    own = sorted(r for r, (_, a) in tasks.RULE_STEPS.items() if a == action)
    if not own:
        return "", []
    return f" AND p.rule NOT IN ({', '.join(['%s'] * len(own))})", own


def _eviction_tasks(run: PolicyRun) -> None:
    """The call, visit and last-chance offer of each eviction_prevention proposal of the run, each
    due its own day (cases.tasks.eviction_prevention). Rare: stored one by one."""
    for proposal in Proposal.objects.filter(run=run, action=Action.EVICTION_PREVENTION).select_related("tenancy"):
        for task in tasks.eviction_prevention(proposal.tenancy, proposal):
            tasks.store(task)


# Tasks the tenant hears about too: with the officer's task, a short notice goes out through the
# outbox (messaging writes it: which instalment is missing, whom to call).
NOTICES = frozenset({Action.ARRANGEMENT_BROKEN})


def _queue_notices(run: PolicyRun, on: date) -> None:
    """A notice for each of the run's proposals in NOTICES, on the first channel the tenant can
    receive in the policy's fallback order. One message a tenant a day: when another message goes
    to the tenant on D, the notice waits for the next day (and holds that day's place)."""
    found = list(Proposal.objects.filter(run=run, action__in=NOTICES).select_related("tenancy__tenant"))
    busy = set(
        OutboxMessage.objects.filter(day=on, tenancy_id__in=[p.tenancy_id for p in found]).values_list(
            "tenancy_id", flat=True
        )
    )
    for proposal in found:
        reachable = snapshots.tenant_channels(proposal.tenancy.tenant)
        channel = next((c for c in FALLBACK_CHANNELS if c in reachable), None)
        if channel is not None:
            OutboxMessage.objects.create(
                tenancy=proposal.tenancy,
                proposal=proposal,
                action=proposal.action,
                channel=channel,
                day=on + timedelta(days=1) if proposal.tenancy_id in busy else on,
            )


def _status(p: CoreProposal) -> str:
    """Messages and signals wait in the outbox; the rest is for people."""
    queued = p.is_message or p.action == Action.EARLY_SIGNAL
    return (Proposal.Status.QUEUED if queued else Proposal.Status.PROPOSED).value


def _remember(
    rows: list[arrears.TenancyArrears],
    on: date,
    starts: dict[int, tuple[date | None, date | None, Position | None]],
    ledger_mark: int,
    known: States,
) -> None:
    """Keep the position of the tenancies looked at that owe something, for the next run, with
    the start of their stretch of arrears, their wake-up date and the ledger mark of this run;
    also of those that owe nothing but must be looked at tomorrow (a message held back by the
    one-message-a-day rule), or whose compliment waits for a direct debit to become final (with
    the position before it). Forget the others."""
    tomorrow = on + timedelta(days=1)
    owing = {
        row.tenancy_id: row
        for row in rows
        if row.position.oldest_unpaid_due_date
        or starts.get(row.tenancy_id, (None, None, None))[1] == tomorrow
        or starts.get(row.tenancy_id, (None, None, None))[2] is not None
    }
    settled = [row.tenancy_id for row in rows if row.tenancy_id in known and row.tenancy_id not in owing]
    # A state written by a run for a later day stays: running an earlier day again changes nothing.
    for ids in db.chunks(settled):
        TenancyState.objects.filter(tenancy_id__in=ids, day__lte=on).delete()
    for ids in db.chunks(list(owing)):
        values = {}
        for tid in ids:
            p = owing[tid].position
            start, wake, cleared = _start_and_wake(starts, tid, on)
            values[tid] = (
                on,
                to_cents(p.arrears),
                p.days_overdue,
                p.oldest_unpaid_due_date,
                start,
                wake,
                ledger_mark,
                owing[tid].segment.value,
                to_cents(cleared.arrears) if cleared else 0,
                cleared.days_overdue if cleared else 0,
                cleared.oldest_unpaid_due_date if cleared else None,
            )
        TenancyState.objects.bulk_create(
            TenancyState(
                tenancy_id=tid,
                day=d,
                arrears_cents=c,
                days_overdue=n,
                oldest_unpaid_due_date=o,
                episode_start=e,
                wake_on=w,
                ledger_mark=m,
                segment=g,
                cleared_arrears_cents=cc,
                cleared_days_overdue=cn,
                cleared_oldest_unpaid_due_date=co,
            )
            for tid, (d, c, n, o, e, w, m, g, cc, cn, co) in values.items()
            if tid not in known
        )
        _update_states([(tid, *values[tid]) for tid in ids if tid in known])


def _start_and_wake(starts: dict, tid: int, on: date) -> tuple[date | None, date, Position | None]:
    """A tenancy not looked at closely wakes the next day; one for which no rule can ever fire
    without new facts (next_wake None) is stored as never."""
    if tid not in starts:
        return None, on, None
    start, wake, cleared = starts[tid]
    return start, wake or TenancyState.NEVER, cleared


def _update_states(rows: list[tuple]) -> None:
    """Update (tenancy id, day, arrears cents, days overdue, oldest unpaid due date, episode start,
    wake-up date, ledger mark, segment, and the cleared position's cents, days and date) rows with
    one statement run for many rows: bulk_update's CASE per row and field costs seconds here."""
    if not rows:
        return
    date_value = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {TenancyState._meta.db_table} SET day = %s, arrears_cents = %s, days_overdue = %s,"
            " oldest_unpaid_due_date = %s, episode_start = %s, wake_on = %s, ledger_mark = %s, segment = %s,"
            " cleared_arrears_cents = %s, cleared_days_overdue = %s, cleared_oldest_unpaid_due_date = %s"
            " WHERE tenancy_id = %s AND day <= %s",
            [
                (
                    date_value(d),
                    c,
                    n,
                    date_value(o),
                    date_value(e),
                    date_value(w),
                    m,
                    g,
                    cc,
                    cn,
                    date_value(co),
                    tid,
                    date_value(d),
                )
                for tid, d, c, n, o, e, w, m, g, cc, cn, co in rows
            ],
        )


def _close_gone_tasks(on: date, settled: list[int], current_paid: set[int]) -> None:
    """What the run knows that ends tasks (cases.tasks.close_gone): the tenancies it looked at that
    owe nothing, the paused ones whose current rent is paid, and the tenancies with open tasks
    whose contract ended before D (a former tenant's call and decision are kinds the end of the
    contract does not end: cases.tasks.KINDS)."""
    ended = Task.objects.filter(status=Task.Status.OPEN, tenancy__end_date__lt=on).values_list("tenancy_id", flat=True)
    tasks.close_gone(
        on,
        {tasks.Gone.PAID: settled, tasks.Gone.CURRENT_RENT_PAID: current_paid, tasks.Gone.TENANCY_ENDED: set(ended)},
    )


def _counts(rows, proposals) -> dict:
    return {
        "tenancies": len(rows),
        "in_arrears": sum(1 for r in rows if r.position.arrears > 0),
        "proposals": len(proposals),
        "by_action": dict(Counter(p.action.value for _, p in proposals)),
    }
