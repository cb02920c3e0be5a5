"""The policy run in the benchmark: an ordinary day's changes, undoing a run, and the check that
an ordinary next day missed nothing a full run would propose."""

import random
from datetime import date

from django.db import transaction

from huurpad.cases import events
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection import actions
from huurpad.collection.models import PolicyRun, Proposal, TenancyState
from huurpad.messaging.models import OutboxMessage
from huurpad.tenancies import arrears
from huurpad.tenancies.imports import insert_entries
from huurpad.tenancies.models import LedgerEntry, Tenancy


def ordinary_day(day: date, *, share: float = 0.03, seed: int = 1) -> int:
    """Book what the morning after `day` brings for about `share` of the active tenancies, dated
    `day`: yesterday's bank statement (payments by households in arrears, rent paid early by
    others, a returned debit or two), a few repair charges, and what the team recorded on the
    timelines (calls, debt help pointed out, an arrangement, a pause). Returns how many tenancies
    changed."""
    rng = random.Random(seed)
    active = list(arrears.active_tenancies(day).order_by("id").values_list("id", "payment_method", "collection_day"))
    n = max(1, round(share * len(active)))
    owing = dict(TenancyState.objects.filter(arrears_cents__gt=0).order_by("tenancy_id").values_list("tenancy_id", "arrears_cents"))
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
    for tid, cents in LedgerEntry.objects.filter(tenancy_id__in=returned, kind="direct_debit", date__lte=day).order_by("date", "id").values_list("tenancy_id", "amount_cents"):
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
            timeline.append(events.pause_started(tenancy, day, reason="schuldhulp", review_date=f"{day.year + 1}-01-15"))

    stamp = day.strftime("%Y%m%d")
    with transaction.atomic():
        insert_entries([(tid, d.isoformat(), kind, cents, f"DAY{stamp}-{i}", "") for i, (tid, d, kind, cents) in enumerate(rows)])
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
    found = actions.run_policy(on, dry_run=True, full=True).new
    refs = dict(Tenancy.objects.filter(id__in={tid for tid, _ in found}).values_list("id", "ref"))
    return sorted(f"{refs[tid]} {p.rule} {p.period}" for tid, p in found)
