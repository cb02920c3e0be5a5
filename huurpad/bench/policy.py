"""The policy run in the benchmark: a steady state before D, an ordinary day's changes, undoing
a run, and the check that an ordinary next day missed nothing a full run would propose."""

import random
from datetime import date, timedelta

from django.db import transaction

from huurpad.cases import events
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection import proposals
from huurpad.collection.models import PolicyRun, Proposal, TenancyState
from huurpad.collection.run import run_policy
from huurpad.core.policy.proposal import Action
from huurpad.messaging.models import OutboxMessage
from huurpad.tenancies import arrears
from huurpad.tenancies.imports import insert_entries
from huurpad.tenancies.models import LedgerEntry, Tenancy

WARM_UP_DAYS = 7
CONTACTS = {Action.CALL.value, Action.HOME_VISIT.value}


def carry_out(run: PolicyRun, day: date, rng: random.Random) -> int:
    """Do what a run proposed, on its day, as a team would: every message, letter and signal goes
    out, every review is done, and a call or visit reaches the tenant four times in ten.
    Returns how many proposals were carried out."""
    done = 0
    with transaction.atomic():
        for proposal in Proposal.objects.filter(run=run).select_related("tenancy").order_by("id"):
            reached = proposal.action in CONTACTS and rng.random() < 0.4
            done += proposals.carry_out(proposal, on=day, reached=reached)
    return done


def steady_state(on: date, *, days: int = WARM_UP_DAYS, seed: int = 1) -> None:
    """Bring the corporation into its daily rhythm before D: the first run ever (a full one)
    `days` before D, then an ordinary run every following day up to D - 1, each time with every
    proposal carried out. Without it the first day after the first run carries that run's
    backlog (e.g. the letters held back by the one-message-a-day rule)."""
    rng = random.Random(seed)
    for back in range(days, 0, -1):
        day = on - timedelta(days=back)
        carry_out(run_policy(day, full=back == days).run, day, rng)


def ordinary_day(day: date, *, share: float = 0.03, seed: int = 1) -> int:
    """Book what the morning after `day` brings for about `share` of the active tenancies, dated
    `day`: yesterday's bank statement (payments by households in arrears, rent paid early by
    others, a returned debit or two), a few repair charges, and what the team recorded on the
    timelines (calls, debt help pointed out, an arrangement, a pause). Returns how many tenancies
    changed."""
    rng = random.Random(seed)
    active = list(arrears.active_tenancies(day).order_by("id").values_list("id", "payment_method", "collection_day"))
    n = max(1, round(share * len(active)))
    owing = dict(
        TenancyState.objects.filter(arrears_cents__gt=0)
        .order_by("tenancy_id")
        .values_list("tenancy_id", "arrears_cents")
    )
    owing_ids = [tid for tid, _, _ in active if tid in owing]
    others = [tid for tid, _, _ in active if tid not in owing]
    debited = [tid for tid, method, coll in active if method == "direct_debit" and coll and coll <= day.day]

    paying = rng.sample(owing_ids, min(len(owing_ids), n // 3))
    returned = rng.sample(debited, min(len(debited), max(1, n // 300)))
    charged = rng.sample(others, min(len(others), max(1, n // 100)))
    on_timeline = rng.sample(owing_ids, min(len(owing_ids), max(1, n // 20)))
    taken = set(paying) | set(returned) | set(charged) | set(on_timeline)
    early = rng.sample([t for t in others if t not in taken], max(0, min(len(others) - len(taken), n - len(taken))))

    rows = []
    for tid in paying:  # all of it, or a part
        cents = owing[tid] if rng.random() < 0.6 else max(1, int(owing[tid] * (0.2 + 0.6 * rng.random())))
        rows.append((tid, day, "payment", cents))
    due = {}
    for start in range(0, len(early), 2000):
        due.update(arrears.monthly_due_cents(day, early[start : start + 2000]))
    rows += [(tid, day, "payment", due[tid]) for tid in early if due.get(tid)]
    last_debit = {}
    for tid, cents in (
        LedgerEntry.objects.filter(tenancy_id__in=returned, kind="direct_debit", date__lte=day)
        .order_by("date", "id")
        .values_list("tenancy_id", "amount_cents")
    ):
        last_debit[tid] = cents
    rows += [(tid, day, "reversal", cents) for tid, cents in last_debit.items()]
    rows += [(tid, day, "other_charge", 2500 + int(rng.random() * 12500)) for tid in charged]

    tenancies = Tenancy.objects.in_bulk(on_timeline)
    timeline = []
    for tid in on_timeline:
        tenancy, x = tenancies[tid], rng.random()
        if x < 0.6:
            timeline.append(events.contact_attempt(tenancy, day, channel="phone", reached=x < 0.3, day_part="morning"))
        elif x < 0.8:
            timeline.append(events.debt_help_pointed(tenancy, day, channel="phone"))
        elif x < 0.9:
            timeline.append(events.arrangement_started(tenancy, day, instalment="50.00", count=12))
        else:
            timeline.append(
                events.pause_started(tenancy, day, reason="schuldhulp", review_date=f"{day.year + 1}-01-15")
            )

    stamp = day.strftime("%Y%m%d")
    with transaction.atomic():
        insert_entries(
            [(tid, d.isoformat(), kind, cents, f"DAY{stamp}-{i}", "") for i, (tid, d, kind, cents) in enumerate(rows)]
        )
        CaseEvent.objects.bulk_create(timeline)
    return len({row[0] for row in rows} | set(on_timeline))


def saved_states() -> list[TenancyState]:
    return list(TenancyState.objects.all())


@transaction.atomic
def undo(run: PolicyRun, states: list[TenancyState]) -> None:
    """Remove what a run stored and put the tenancy states back, so the run can be measured again
    doing the same work."""
    Task.objects.filter(proposal__run=run).delete()
    OutboxMessage.objects.filter(proposal__run=run).delete()
    Proposal.objects.filter(run=run).delete()
    PolicyRun.objects.filter(pk=run.pk).delete()
    TenancyState.objects.all().delete()
    TenancyState.objects.bulk_create(states)


def misses(on: date) -> list[str]:
    """What a full run for D would still propose after the run of D: nothing, when the ordinary
    next day looked at every tenancy it had to."""
    found = run_policy(on, dry_run=True, full=True).new
    refs = dict(Tenancy.objects.filter(id__in={tid for tid, _ in found}).values_list("id", "ref"))
    return sorted(f"{refs[tid]} {p.rule} {p.period}" for tid, p in found)
