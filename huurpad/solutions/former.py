"""A tenant who left (vertrokken huurder): what the case file shows of the final bill
(eindafrekening) and of the former tenants' short policy (core/policy/former.py), and what people
record for it: the forwarding address (record_forwarding_address) and the team leader's
hand-over to a collection agency (hand_over), the other answer to the policy's decision step
besides a write-off (solutions/writeoffs.py).

The hand-over is a timeline event (cases.events.agency_handover); the policy reads it
(cases/timeline.py, Snapshot.agency_since) and proposes no step of the final bill after it."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from huurpad.cases import events, tasks
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection import proposals
from huurpad.collection.models import Proposal
from huurpad.core import ledger
from huurpad.core.dutch import date_nl
from huurpad.core.money import ZERO, fmt_eur
from huurpad.core.policy import engine, former
from huurpad.core.policy.labels import action_label
from huurpad.core.policy.proposal import Action
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry, Tenancy

from .forms import ForwardingAddressForm, HandOverForm

T = CaseEvent.Type
LOOK_AHEAD = 24  # wake-up days the case file follows to find the next step (each one is a later day)

# The final bill's lines after the end, in this order: what was charged, then what paid it.
BILL_KINDS = (
    ledger.Kind.RENT,
    ledger.Kind.SERVICE_COSTS,
    ledger.Kind.REPAIR_CHARGE,
    ledger.Kind.OTHER_CHARGE,
    ledger.Kind.COLLECTION_COSTS,
    ledger.Kind.REVERSAL,
    ledger.Kind.DEPOSIT_SETTLEMENT,
    ledger.Kind.PAYMENT,
    ledger.Kind.DIRECT_DEBIT,
    ledger.Kind.BENEFIT_PAYMENT,
    ledger.Kind.DISCOUNT,
    ledger.Kind.WRITE_OFF,
)
BILL_LABELS = {
    ledger.Kind.REPAIR_CHARGE: "Reparaties aan de woning",
    ledger.Kind.DEPOSIT_SETTLEMENT: "Waarborgsom verrekend",
}
RENTS = frozenset({ledger.Kind.RENT, ledger.Kind.SERVICE_COSTS})


class Refused(Exception):
    """What may not be recorded, and why, in Dutch for the officer."""


# --- the final bill -------------------------------------------------------------------------


@dataclass(frozen=True)
class BillLine:
    label: str
    amount: Decimal  # what it adds to what is owed: negative for what paid it


@dataclass(frozen=True)
class FinalBill:
    ended_on: date
    at_end: Decimal  # the balance on the end date, the last rent in it
    last_rent: Decimal  # the last month's rent and service costs (due on or before the end)
    last_rent_on: date | None
    lines: tuple[BillLine, ...]  # what was booked after the end, summed per kind
    left: Decimal  # the balance now: at_end plus the lines

    @property
    def credit(self) -> bool:
        return self.left < 0


def final_bill(entries: list[ledger.Entry], ended_on: date, today: date) -> FinalBill:
    """The final bill from the ledger (core entries up to `today`): the balance on the end date
    with the last rent in it, then per kind what was booked after the end (repairs, the deposit
    settled, payments), and what is left."""
    rents = [e for e in entries if e.kind in RENTS and e.date <= ended_on]
    last_on = max((e.date for e in rents), default=None)
    last_rent = sum((e.amount for e in rents if e.date == last_on), ZERO)
    sums: dict[ledger.Kind, Decimal] = {}
    for e in entries:
        if ended_on < e.date <= today:
            raises = e.kind in ledger.CHARGES or e.kind == ledger.Kind.REVERSAL
            sums[e.kind] = sums.get(e.kind, ZERO) + (e.amount if raises else -e.amount)
    labels = LedgerEntry.KIND_LABELS
    lines = tuple(BillLine(BILL_LABELS.get(k, labels[k.value]), sums[k]) for k in BILL_KINDS if sums.get(k))
    at_end = ledger.balance(entries, ended_on)
    return FinalBill(
        ended_on=ended_on,
        at_end=at_end,
        last_rent=last_rent,
        last_rent_on=last_on,
        lines=lines,
        left=at_end + sum((line.amount for line in lines), ZERO),
    )


# --- the policy's steps ---------------------------------------------------------------------


def taken(tenancy: Tenancy) -> list[Proposal]:
    """The steps of the final bill's policy proposed for this ended tenancy, oldest first."""
    ended = str(tenancy.end_date)
    return [
        p
        for p in tenancy.proposals.filter(rule__in=sorted(former.RULE_NAMES)).order_by("due_date", "id")
        if p.period.split("#")[0] == ended  # a call's period is the end date and its attempt
    ]


def done_keys(tenancy: Tenancy) -> frozenset[str]:
    return frozenset(f"{rule}:{period}" for rule, period in tenancy.proposals.values_list("rule", "period"))


def coming(s, today: date):
    """The next day the policy would propose a step for this former tenant if nothing new
    happens, and those steps: (day, proposals), or None. The engine's own answer, followed from
    one wake-up day to the next (engine.next_wake), so the case file and the run agree."""
    day, now = today, s
    for _ in range(LOOK_AHEAD):
        made = engine.propose(now, day)
        if made:
            return day, made
        day = engine.next_wake(now, day, made)
        if day is None:
            return None
        now = engine.aged(s, today, day, s.done)
    return None


def handover_event(events_newest_first, ended_on: date) -> CaseEvent | None:
    """The latest hand-over to a collection agency since the end."""
    return next((e for e in events_newest_first if e.type == T.AGENCY_HANDOVER and e.date > ended_on), None)


def decision_proposed(tenancy: Tenancy) -> Proposal | None:
    """The policy's decision step for this ended tenancy: a hand-over answers it."""
    return tenancy.proposals.filter(rule=former.DECISION, period=str(tenancy.end_date)).first()


def panel(tenancy, *, today, entries, events, state, snapshot, **facts) -> dict:
    """The case file's part for a former tenant (solutions/_former.html); None for a tenancy that
    runs (or ends today or later)."""
    if not tenancy.is_former(today):
        return {"former_file": None}
    handover = handover_event(events, tenancy.end_date)
    s = replace(snapshot, done=snapshot.done | done_keys(tenancy)) if snapshot is not None else None
    upcoming = coming(s, today) if s is not None and s.former else None
    decision = decision_proposed(tenancy)
    return {
        "former_file": {
            "ended_on": tenancy.end_date,
            "address_lines": tenancy.letter_address_lines(today) if tenancy.forwarding_address.strip() else (),
            "bill": final_bill(entries, tenancy.end_date, today),
            "owes": state.position.arrears > 0,
            "taken": [
                {"proposal": p, "label": former_label(p.rule, p.action), "status": p.get_status_display()}
                for p in taken(tenancy)
            ],
            "next": upcoming
            and {
                "day": upcoming[0],
                "steps": [{"label": former_label(p.rule, p.action), "why": p.explanation} for p in upcoming[1]],
            },
            "why_none": why_none(s, today, handover),
            "handover": handover,
            "decision": decision,
            "may_hand_over": handover is None and decision is not None and state.position.arrears > 0,
            "address_form": ForwardingAddressForm(initial={"address": tenancy.forwarding_address}),
            "handover_form": HandOverForm(initial={"on": today, "amount": state.position.arrears}),
            "no_signal": former.NO_SIGNAL,
        }
    }


def former_label(rule: str, action: str) -> str:
    if rule == former.FINAL_BILL_LETTER:
        return "Brief met de eindafrekening"
    if rule == former.DECISION:
        return "Besluit teamleider: incassobureau of kwijtschelden"
    return action_label(action)


def why_none(s, today: date, handover) -> str:
    """Why the policy proposes nothing more, in a sentence (empty when it will)."""
    if handover is not None:
        return (
            f"De eindafrekening is op {date_nl(handover.date)} overgedragen aan {handover.params.get('agency', '')}. "
            "Het incassobureau int nu; het beleid stelt geen stappen meer voor."
        )
    if s is None or s.position.arrears <= 0:
        return "Er staat niets meer open: het beleid stelt geen stappen voor."
    if s.pause is not None:
        return "Het dossier staat op pauze: zolang die loopt, volgen er geen stappen."
    if s.arrangement is not None:
        return "Er loopt een betalingsregeling: zolang die wordt nagekomen, volgen er geen stappen."
    return "Alle stappen van het beleid voor vertrokken huurders zijn gezet; de teamleider besluit."


# --- what people record ---------------------------------------------------------------------


@transaction.atomic
def record_forwarding_address(tenancy: Tenancy, address: str, *, acting_user, on: date | None = None) -> bool:
    """Where letters go after the tenancy ended: lines as on an envelope, separated by commas;
    empty: unknown (letters go to the last address). The timeline says who changed it from what.
    False when nothing changed; Refused for a tenancy without an end date."""
    if tenancy.end_date is None:
        raise Refused("Een nieuw adres hoort bij een huurcontract met een einddatum.")
    on = on or timezone.localdate()
    address = ", ".join(part.strip() for part in address.split(",") if part.strip())
    locked = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
    if locked.forwarding_address == address:
        return False
    was = locked.forwarding_address
    Tenancy.objects.filter(pk=tenancy.pk).update(forwarding_address=address, updated_at=timezone.now())
    tenancy.forwarding_address = address
    events.forwarding_address(tenancy, on, address=address, was=was, acting_user=acting_user).save()
    return True


@transaction.atomic
def hand_over(
    tenancy: Tenancy, *, agency: str, amount: Decimal, on: date, reference: str = "", acting_user
) -> CaseEvent:
    """The team leader hands a former tenant's final bill to a collection agency: the answer to the
    policy's decision step (the guardrails of core/policy/former.py decided when it came), once per
    ended tenancy, for at most what is open. The decision's task is done, the policy's other
    steps for this final bill end (a call proposed is dismissed, its task closes), and the timeline says who, to whom,
    how much and with which reference. Raises Refused, saying why, when it may not."""
    locked = Tenancy.objects.select_for_update().get(pk=tenancy.pk)  # two clicks: one hand-over
    today = timezone.localdate()
    if not locked.is_former(on):
        raise Refused("Alleen de eindafrekening van een huurder die vertrokken is, gaat naar een incassobureau.")
    if on > today:
        raise Refused("De datum van de overdracht ligt in de toekomst.")
    decision = decision_proposed(locked)
    if decision is None:
        raise Refused(
            "Het beleid vraagt nog niet om een besluit: eerst gaan de brief met de eindafrekening, het "
            "telefoontje en (als het beleid kosten rekent) de veertiendagenbrief met zijn termijn."
        )
    if locked.events.filter(type=T.AGENCY_HANDOVER, date__gt=locked.end_date).exists():
        raise Refused("Deze eindafrekening is al overgedragen aan een incassobureau.")
    owed = arrears.owed(locked, on)
    if amount <= 0 or amount > owed:
        raise Refused(f"Het bedrag moet meer dan € 0,00 zijn en ten hoogste wat open staat: {fmt_eur(owed)}.")
    event = events.agency_handover(
        tenancy, on, agency=agency, amount=amount, reference=reference, acting_user=acting_user
    )
    event.save()
    Task.objects.filter(tenancy=tenancy, kind=Action.FORMER_DECISION.value, status=Task.Status.OPEN).update(
        status=Task.Status.DONE, closed_at=timezone.now(), assigned_to=acting_user
    )
    proposals.review_decided(decision.pk)
    # The calls proposed and not made will not be made (letters already queued go their way).
    for pk in locked.proposals.filter(rule=former.CALL, status=Proposal.Status.PROPOSED).values_list("pk", flat=True):
        proposals.dismiss(pk)
    tasks.close_gone(on, {tasks.Gone.AGENCY: [tenancy.id]})
    return event


def event_details(event: CaseEvent) -> list[tuple[str, str]] | None:
    """The timeline's lines of this module's events, in Dutch (None for any other event)."""
    p = event.params
    if event.type == T.FORWARDING_ADDRESS:
        return [("Nieuw adres", p.get("address") or "niet bekend"), ("Was", p.get("was") or "niet bekend")]
    if event.type == T.AGENCY_HANDOVER:
        amount = fmt_eur(Decimal(str(p.get("amount", "0"))))
        return [("Incassobureau", p.get("agency", "")), ("Bedrag", amount), ("Kenmerk", p.get("reference") or "geen")]
    return None


def handed_over_between(start: date, end: date) -> tuple[int, Decimal]:
    """How many final bills went to a collection agency from `start` to `end`, and for how much
    (for the report)."""
    found = CaseEvent.objects.filter(type=T.AGENCY_HANDOVER, date__gte=start, date__lte=end)
    amounts = [Decimal(str(params.get("amount", "0"))) for params in found.values_list("params", flat=True)]
    return len(amounts), sum(amounts, ZERO)
