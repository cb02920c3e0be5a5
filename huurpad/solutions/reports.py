"""Figures on the solutions (toolkit chapter 3) per month, for team leaders, managers and
controllers: payment arrangements started, running, kept and broken; pauses by reason;
write-offs by step, status and amount approved, and by kind of reason (proposed, approved, amount). Every figure is counted in the database, one
query per kind of figure for all months at once (conditional aggregates), never per tenancy.

How an arrangement ended is read from its end_reason (free text, set when it ends): it was kept
when the reason starts with one of KEPT_END_REASONS, broken when it starts with one of
BROKEN_END_REASONS (case does not matter). Other endings (replaced by a new arrangement, the
tenancy ended, ...) count as neither.

A running arrangement is broken (afgebroken) on a day while the policy's number of its instalments
is missed on that day (core/calc/instalments.py), and runs again once the household catches up: the
report reads the arrears of every month's counted day from the ledger of the households with an
arrangement (one query, conditional sums for all months) and counts the running arrangements that
were broken then, under the current policy's grace days and limit.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from huurpad.collection.models import PolicyVersion, Proposal
from huurpad.core import ledger
from huurpad.core.calc import instalments
from huurpad.core.calendar import first_of_next_month
from huurpad.core.dutch import MONTHS
from huurpad.core.money import from_cents, to_cents
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry, LedgerTotals, Tenancy

from . import arrangements, former
from .models import Arrangement, Pause, WriteOff, WriteOffStep

REPORT_MONTHS = 12
KEPT_END_REASONS = (arrangements.PAID_OFF,)  # the arrangement was kept
BROKEN_END_REASONS = (arrangements.BROKEN, "niet nagekomen")  # imported histories also say 'niet nagekomen'

ARRANGEMENT_STATUSES_STARTED = (Arrangement.Status.RUNNING, Arrangement.Status.ENDED)
DECISION_STEPS = (WriteOffStep.Step.REVIEW, WriteOffStep.Step.ASSESS, WriteOffStep.Step.APPROVE)


@dataclass
class MonthFigures:
    month: date  # the first of the month
    until: date  # its last day, or today in the current month: 'running' is counted on this day
    arrangements_started: int = 0
    arrangements_running: int = 0
    arrangements_broken_now: int = 0  # of those running on the day counted, broken then (the policy's limit)
    arrangements_kept: int = 0
    arrangements_broken: int = 0
    pauses_started: dict[str, int] = field(default_factory=dict)  # reason -> count, every reason
    pauses_running: dict[str, int] = field(default_factory=dict)
    write_offs_proposed: int = 0
    write_offs_by_status: dict[str, int] = field(default_factory=dict)  # those proposed this month, as they stand now
    write_offs_by_reason: dict[str, int] = field(default_factory=dict)  # those proposed this month, per kind of reason
    approved_by_reason: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (approved, cents) this month
    write_off_steps: dict[str, int] = field(default_factory=dict)  # steps taken this month
    write_off_refusals: int = 0  # steps this month that said no
    write_offs_approved: int = 0
    approved_cents: int = 0

    @property
    def arrangements_on_track(self) -> int:
        """Running on the day counted and not broken (on plan, or behind by less than the limit)."""
        return self.arrangements_running - self.arrangements_broken_now

    @property
    def label(self) -> str:
        return f"{MONTHS[self.month.month - 1]} {self.month.year}"

    @property
    def approved(self):
        return from_cents(self.approved_cents)

    @property
    def decisions(self) -> list[tuple[str, int]]:
        """(label, count) of the decision steps taken this month: team leader, controller, manager."""
        return [(step.label, self.write_off_steps[step.value]) for step in DECISION_STEPS]

    @property
    def standing(self) -> list[tuple[str, int]]:
        """(status label, count) for the write-offs proposed this month, only statuses they have."""
        return [
            (s.label, self.write_offs_by_status[s.value]) for s in WriteOff.Status if self.write_offs_by_status[s.value]
        ]

    @property
    def reasons(self) -> list[tuple[str, str, int, int, object]]:
        """(kind, label, proposed, approved, amount approved) for every kind of reason, in the model's order."""
        return [
            (
                r.value,
                r.label,
                self.write_offs_by_reason[r.value],
                self.approved_by_reason[r.value][0],
                from_cents(self.approved_by_reason[r.value][1]),
            )
            for r in WriteOff.ReasonCategory
        ]

    @property
    def pauses(self) -> list[tuple[str, str, int, int]]:
        """(reason, label, started, running) for every reason, in the model's order."""
        return [(r.value, r.label, self.pauses_started[r.value], self.pauses_running[r.value]) for r in Pause.Reason]


def months(today: date, count: int = REPORT_MONTHS) -> list[tuple[date, date, date]]:
    """(first day, last day, day counted on) of the last `count` months up to and including the
    current one, oldest first. The day counted on is the last day, or today in this month."""
    found, first = [], today.replace(day=1)
    for _ in range(count):
        last = first_of_next_month(first) - timedelta(days=1)
        found.append((first, last, min(last, today)))
        first = (first - timedelta(days=1)).replace(day=1)
    return found[::-1]


def _starts_with_any(name: str, prefixes: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(**{f"{name}__istartswith": prefix})
    return q


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _broken_while_running(rows: list[MonthFigures], periods: list[tuple[date, date, date]], policy) -> None:
    """arrangements_broken_now of every month: the arrangements running on its counted day whose
    missed instalments reach the policy's limit on the arrears of that day."""
    running = list(
        Arrangement.objects.filter(status__in=ARRANGEMENT_STATUSES_STARTED, started_on__lte=periods[-1][2]).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=periods[0][2])
        )
    )
    if not running:
        return
    charges = [k.value for k in ledger.CHARGES]
    credits = [k.value for k in ledger.CREDITS]
    sums = {}
    for i, (_, _, until) in enumerate(periods):
        sums |= {
            f"ch{i}": Sum("amount_cents", filter=Q(kind__in=charges, date__lt=until)),  # due before the day
            f"cr{i}": Sum("amount_cents", filter=Q(kind__in=credits, date__lte=until)),
            f"rv{i}": Sum("amount_cents", filter=Q(kind=ledger.Kind.REVERSAL.value, date__lte=until)),
        }
    owed = {
        row["tenancy_id"]: [
            from_cents(
                ledger.Totals(
                    charges_before=row[f"ch{i}"] or 0, credits=row[f"cr{i}"] or 0, reversals=row[f"rv{i}"] or 0
                ).arrears
            )
            for i in range(len(periods))
        ]
        for row in LedgerEntry.objects.filter(tenancy_id__in={a.tenancy_id for a in running})
        .values("tenancy_id")
        .annotate(**sums)
        .order_by()
    }
    grace, limit = policy.arrangement_grace_days, policy.arrangement_broken_after_missed
    for a in running:
        terms = a.terms()
        for i, (row, (_, _, until)) in enumerate(zip(rows, periods)):
            if a.started_on <= until and (a.ended_on is None or a.ended_on > until):
                arrears_then = owed.get(a.tenancy_id, [0] * len(periods))[i]
                if instalments.state(terms, arrears_then, until, grace, limit) == instalments.BROKEN:
                    row.arrangements_broken_now += 1


def report(today: date, policy=None) -> list[MonthFigures]:
    """The figures of the last REPORT_MONTHS months, newest first, under `policy` (the current one
    when not given: its grace days and the missed instalments that make an arrangement broken)."""
    periods = months(today)
    rows = [MonthFigures(month=first, until=until) for first, _, until in periods]

    # Arrangements: one query, four figures per month.
    kept, broken = _starts_with_any("end_reason", KEPT_END_REASONS), _starts_with_any("end_reason", BROKEN_END_REASONS)
    figures = {}
    for i, (first, last, until) in enumerate(periods):
        ended_here = Q(status=Arrangement.Status.ENDED, ended_on__gte=first, ended_on__lte=last)
        figures |= {
            f"started_{i}": Count("id", filter=Q(started_on__gte=first, started_on__lte=last)),
            f"running_{i}": Count(
                "id", filter=Q(started_on__lte=until) & (Q(ended_on__isnull=True) | Q(ended_on__gt=until))
            ),
            f"kept_{i}": Count("id", filter=ended_here & kept),
            f"broken_{i}": Count("id", filter=ended_here & broken),
        }
    counted = Arrangement.objects.filter(status__in=ARRANGEMENT_STATUSES_STARTED).aggregate(**figures)
    for i, row in enumerate(rows):
        row.arrangements_started, row.arrangements_running = counted[f"started_{i}"], counted[f"running_{i}"]
        row.arrangements_kept, row.arrangements_broken = counted[f"kept_{i}"], counted[f"broken_{i}"]
    _broken_while_running(rows, periods, policy or PolicyVersion.current().load())

    # Pauses: one query, per reason two figures per month.
    figures = {}
    for i, (first, last, until) in enumerate(periods):
        figures[f"started_{i}"] = Count("id", filter=Q(start__gte=first, start__lte=last))
        figures[f"running_{i}"] = Count(
            "id", filter=Q(start__lte=until) & (Q(ended_on__isnull=True) | Q(ended_on__gt=until))
        )
    for row in rows:
        row.pauses_started = {r.value: 0 for r in Pause.Reason}
        row.pauses_running = {r.value: 0 for r in Pause.Reason}
    for counted in Pause.objects.values("reason").annotate(**figures).order_by():
        for i, row in enumerate(rows):
            row.pauses_started[counted["reason"]] = counted[f"started_{i}"]
            row.pauses_running[counted["reason"]] = counted[f"running_{i}"]

    # Write-offs proposed per month, by where they stand now.
    def created_in(i: int, name: str = "created_at") -> Q:
        first, last, _ = periods[i]
        return Q(**{f"{name}__gte": _moment(first), f"{name}__lt": _moment(last + timedelta(days=1))})

    for row in rows:
        row.write_offs_by_status = {s.value: 0 for s in WriteOff.Status}
        row.write_offs_by_reason = {r.value: 0 for r in WriteOff.ReasonCategory}
        row.approved_by_reason = {r.value: (0, 0) for r in WriteOff.ReasonCategory}
        row.write_off_steps = {s.value: 0 for s in WriteOffStep.Step}
    by_status = WriteOff.objects.values("status", "reason_category").annotate(
        **{f"m{i}": Count("id", filter=created_in(i)) for i in range(len(rows))}
    )
    for counted in by_status.order_by():
        for i, row in enumerate(rows):
            row.write_offs_by_status[counted["status"]] += counted[f"m{i}"]
            row.write_offs_by_reason[counted["reason_category"]] += counted[f"m{i}"]
            row.write_offs_proposed += counted[f"m{i}"]

    # Steps taken per month, by step, and how many said no.
    steps = WriteOffStep.objects.values("step").annotate(
        **{
            name: Count("id", filter=created_in(i, "at") & extra)
            for i in range(len(rows))
            for name, extra in ((f"m{i}", Q()), (f"no{i}", Q(approved=False)))
        }
    )
    for counted in steps.order_by():
        for i, row in enumerate(rows):
            row.write_off_steps[counted["step"]] = counted[f"m{i}"]
            row.write_off_refusals += counted[f"no{i}"]

    # Approved per month (the manager's yes) and the amount written off, per kind of reason.
    approvals = WriteOffStep.objects.filter(
        step=WriteOffStep.Step.APPROVE, approved=True, write_off__status=WriteOff.Status.APPROVED
    )
    per_reason = approvals.values("write_off__reason_category").annotate(
        **{
            name: aggregate
            for i in range(len(rows))
            for name, aggregate in (
                (f"n{i}", Count("write_off", distinct=True, filter=created_in(i, "at"))),
                (f"c{i}", Sum("write_off__amount_cents", filter=created_in(i, "at"))),
            )
        }
    )
    for counted in per_reason.order_by():
        for i, row in enumerate(rows):
            n, cents = counted[f"n{i}"], int(counted[f"c{i}"] or 0)
            row.approved_by_reason[counted["write_off__reason_category"]] = (n, cents)
            row.write_offs_approved += n
            row.approved_cents += cents

    return rows[::-1]


@dataclass
class FormerTenants:
    """Former tenants (vertrokken huurders) with a final bill (eindafrekening) still open on the
    day, and what their own short policy did (core/policy/former.py) in the report's months."""

    open_count: int = 0
    open_cents: int = 0
    letters: int = 0  # letters with the final bill proposed
    calls: int = 0
    wik_letters: int = 0
    decisions: int = 0  # team leader decisions proposed: collection agency or write-off
    handed_over: int = 0  # final bills handed to a collection agency (solutions/former.py)
    handed_over_amount: Decimal = Decimal("0.00")

    @property
    def open_amount(self):
        return from_cents(self.open_cents)


FORMER_RULES = {
    "final_bill_letter": "letters",
    "former_call": "calls",
    "former_wik_letter": "wik_letters",
    "former_decision": "decisions",
}


def former_tenants(today: date) -> FormerTenants:
    """The former tenants owing money on D (their contract ended before D; arrears.compute reads
    only those whose ledger still owes), and the steps of their policy proposed since the first
    of the report's oldest month, and the final bills handed to a collection agency since then."""
    owing = LedgerTotals.objects.filter(charges_cents__gt=F("credits_cents") - F("reversals_cents"))
    ended = Tenancy.objects.filter(end_date__lt=today, id__in=owing.values("tenancy_id"))
    figures = FormerTenants()
    for row in arrears.compute(today, ended):
        if row.position.arrears > 0:
            figures.open_count += 1
            figures.open_cents += to_cents(row.position.arrears)
    since = months(today)[0][0]
    steps = (
        Proposal.objects.filter(rule__in=list(FORMER_RULES), due_date__gte=since, due_date__lte=today)
        .values("rule")
        .annotate(n=Count("id"))
        .order_by()
    )
    for counted in steps:
        setattr(figures, FORMER_RULES[counted["rule"]], counted["n"])
    figures.handed_over, figures.handed_over_amount = former.handed_over_between(since, today)
    return figures


# Figures per month that other apps add to the report: name -> per_period([(first, last), ...]) ->
# one figure per period. Handed over in their apps.py (legal/apps.py: the legal track's counts):
# they sit beside solutions and read it, so solutions cannot import them back.
per_month_from: dict = {}


def from_other_apps(today: date) -> dict[str, list[tuple[str, object]]]:
    """Each other app's figures over the report's months, newest first: name -> [(label, figures)]."""
    periods = months(today)
    labels = [f"{MONTHS[first.month - 1]} {first.year}" for first, _, _ in periods]
    found = {}
    for name, per_period in per_month_from.items():
        figures = per_period([(first, last) for first, last, _ in periods])
        found[name] = list(zip(labels, figures))[::-1]
    return found
