"""Write-offs (kwijtschelding, toolkit 3.6) in four steps by four different people: an officer
proposes, the team leader reviews (and may lower the amount), the controller assesses (and may
first ask a question, which blocks the assessment until someone answers it), and the manager
decides. On the manager's approval the amount is booked on the ledger as a write_off credit and
the tenant's letter is queued, in the same transaction.

Every decision is ONE conditional UPDATE on the write-off's status: two clicks, or two people,
cannot both win. Who took which step is read from the steps table inside the same transaction,
after that UPDATE holds the row, so nobody takes two decision steps on one write-off (even two
different steps at the same moment). Answering the controller's question counts as acting on it:
whoever answered takes no decision step afterwards, and whoever took a decision step does not answer. A refused step rolls the whole transaction back.

A write-off waits while the municipality has reported several creditors (its feedback on an early
signal) and there is no debt-help trajectory: a running pause for a kennisgeving of the debt
counsellor, the municipality's report that help was accepted, or a court's moratorium (the
pauses the policy counts as debt help). The debts are then settled together, not one by one.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from huurpad.accounts.roles import may_decide_debt_help, may_propose_writeoff, may_take_writeoff_step
from huurpad.cases import events
from huurpad.cases.models import CaseEvent
from huurpad.core.dutch import date_nl
from huurpad.core.money import AmountError, fmt_eur, from_cents, to_cents
from huurpad.messaging import compose
from huurpad.messaging.models import Sender
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry, Tenancy

from .models import Pause, WriteOff, WriteOffStep

S = WriteOff.Status
STEP = WriteOffStep.Step
OPEN = (S.PROPOSED, S.REVIEWED, S.ASSESSED)
# The steps that decide; no person takes two of them on one write-off.
DECISIONS = (STEP.PROPOSE, STEP.REVIEW, STEP.ASSESS, STEP.APPROVE)
# Answering the controller's question shapes the assessment, so it counts as acting on the
# write-off too: whoever answered takes no decision step, and whoever decided does not answer.
ACTED = (*DECISIONS, STEP.ANSWER)
# A debt-help trajectory: what lifts the block after a report of several creditors.
DEBT_HELP = (
    Pause.Reason.KENNISGEVING,
    Pause.Reason.MUNICIPAL_HELP,
    Pause.Reason.MORATORIUM,
    Pause.Reason.DEBT_SETTLEMENT,
)  # as the policy's debt-help pauses
LETTER = "write_off"  # the message kind and the outbox action

# Per decision step: the status it waits for, the status an approval leads to. Who takes it is
# accounts.roles.may_take_writeoff_step (the role x action table).
FLOW = {
    STEP.REVIEW: (S.PROPOSED, S.REVIEWED),
    STEP.ASSESS: (S.REVIEWED, S.ASSESSED),
    STEP.APPROVE: (S.ASSESSED, S.APPROVED),
}
WHO = {
    STEP.REVIEW: "Alleen de teamleider incasso beoordeelt een kwijtschelding.",
    STEP.ASSESS: "Alleen de controller toetst een kwijtschelding.",
    STEP.APPROVE: "Alleen de manager incasso besluit over een kwijtschelding.",
}
TAKEN = "Deze kwijtschelding is al door iemand anders behandeld. Kijk hieronder hoe het nu staat."
TWICE = "U hebt al een stap gezet bij deze kwijtschelding. Vier verschillende mensen beslissen: laat een collega deze stap doen."
ANSWERED = (
    "U beantwoordde de vraag van de controller bij deze kwijtschelding. Wie antwoordt, beslist niet mee: "
    "laat een collega deze stap doen."
)
DECIDED = (
    "U hebt al een stap gezet bij deze kwijtschelding. Het antwoord komt van een collega die nog niets "
    "met deze kwijtschelding deed."
)
CREDITORS = (
    "De gemeente meldt dat er meerdere schuldeisers zijn. Dan schelden we niet zomaar kwijt: eerst moet er een "
    "schuldhulptraject lopen. Zet de pauze aan met als reden de kennisgeving, de hulp via de gemeente of het moratorium."
)


class WriteOffError(ValueError):
    """A step the rules do not allow; the message says why, in Dutch."""


class NotPermitted(WriteOffError):
    """The person does not have the role for this step."""


def ledger_id(write_off: WriteOff) -> str:
    """The external id of its credit on the ledger: unique there, so booked at most once."""
    return f"writeoff:{write_off.pk}"


def waits_for_debt_help(tenancy: Tenancy, today: date) -> bool:
    """The municipality reported several creditors and no debt-help trajectory is running."""
    reported = tenancy.events.filter(type=CaseEvent.Type.CREDITORS_REPORTED, date__lte=today).exists()
    if not reported:
        return False
    running = tenancy.pauses.filter(reason__in=DEBT_HELP, start__lte=today, ended_on__isnull=True)
    return not running.exists()


def _cents(amount) -> int:
    try:
        cents = to_cents(Decimal(str(amount)))
    except (InvalidOperation, AmountError):
        raise WriteOffError("Vul een bedrag in met hoogstens twee cijfers achter de komma.") from None
    if cents <= 0:
        raise WriteOffError("Vul een bedrag boven nul in.")
    return cents


def _check_amount(tenancy: Tenancy, cents: int, today: date) -> None:
    owed = arrears.owed(tenancy, today)
    if owed <= 0:
        raise WriteOffError("Er is vandaag geen achterstand. Er valt niets kwijt te schelden.")
    if from_cents(cents) > owed:
        raise WriteOffError(
            f"Het bedrag ({fmt_eur(from_cents(cents))}) is hoger dan de achterstand van vandaag ({fmt_eur(owed)}). "
            "Kwijtschelden kan tot en met de achterstand."
        )


def _lock(tenancy: Tenancy) -> None:
    """Hold the tenancy's row until the transaction ends: one proposal or booking at a time."""
    list(Tenancy.objects.select_for_update().filter(pk=tenancy.pk).values_list("pk", flat=True))


def _record(
    write_off: WriteOff, step: str, today: date, *, acting_user, approved, amount_cents: int, note: str = ""
) -> None:
    """The step in the audit trail and on the tenancy's timeline."""
    WriteOffStep.objects.create(
        write_off=write_off, step=step, actor=acting_user, approved=approved, amount_cents=amount_cents, note=note
    )
    events.write_off_step(
        write_off.tenancy,
        today,
        step=str(step),
        amount=from_cents(amount_cents),
        approved=approved,
        acting_user=acting_user,
        note=note,
        write_off=write_off.pk,
    ).save()


def propose(
    tenancy: Tenancy, amount, reason: str, conditions: str, today: date, *, acting_user, category: str
) -> WriteOff:
    """An officer proposes to write off `amount` of the arrears (step 1), with the kind of reason
    (WriteOff.ReasonCategory, which the reports count) and the reason in her own words."""
    if not may_propose_writeoff(acting_user):
        raise NotPermitted("Alleen een incassomedewerker of woonconsulent stelt een kwijtschelding voor.")
    if category not in WriteOff.ReasonCategory.values:
        raise WriteOffError("Kies de soort reden.")
    reason, conditions = reason.strip(), conditions.strip()
    if not reason:
        raise WriteOffError("Schrijf kort waarom terugbetalen niet lukt.")
    cents = _cents(amount)
    with transaction.atomic():
        _lock(tenancy)
        if tenancy.write_offs.filter(status__in=OPEN).exists():
            raise WriteOffError("Er loopt al een voorstel voor kwijtschelding. Wacht op het besluit daarover.")
        if waits_for_debt_help(tenancy, today):
            raise WriteOffError(CREDITORS)
        _check_amount(tenancy, cents, today)
        write_off = WriteOff.objects.create(
            tenancy=tenancy, amount_cents=cents, reason_category=category, reason=reason, conditions=conditions
        )
        _record(write_off, STEP.PROPOSE, today, approved=True, amount_cents=cents, note=reason, acting_user=acting_user)
    return write_off


def review(
    write_off: WriteOff, approved: bool, amount=None, note: str = "", today: date | None = None, *, acting_user
) -> WriteOff:
    """The team leader's review (step 2); on approval the amount may go down, never up."""
    cents = None
    if approved and amount is not None:
        cents = _cents(amount)
        if cents > write_off.amount_cents:
            raise WriteOffError(
                f"De teamleider kan het bedrag alleen lager maken (nu {fmt_eur(write_off.amount)}). "
                "Is er meer nodig? Wijs af en laat een nieuw voorstel maken."
            )
    return _decide(write_off, STEP.REVIEW, approved, note, today, amount_cents=cents, acting_user=acting_user)


def assess(write_off: WriteOff, approved: bool, note: str = "", today: date | None = None, *, acting_user) -> WriteOff:
    """The controller's assessment (step 3). Waits while the controller's question is open."""
    if write_off.open_question:
        raise WriteOffError("Er staat nog een vraag open. Toetsen kan als die beantwoord is.")
    return _decide(write_off, STEP.ASSESS, approved, note, today, acting_user=acting_user)


def decide(write_off: WriteOff, approved: bool, note: str = "", today: date | None = None, *, acting_user) -> WriteOff:
    """The manager's decision (step 4). An approval books the credit and queues the letter."""
    return _decide(write_off, STEP.APPROVE, approved, note, today, acting_user=acting_user)


def _decide(
    write_off: WriteOff,
    step: str,
    approved: bool,
    note: str,
    today: date | None,
    amount_cents: int | None = None,
    *,
    acting_user,
) -> WriteOff:
    expected, approved_status = FLOW[step]
    if not may_take_writeoff_step(acting_user, step):
        raise NotPermitted(WHO[step])
    if write_off.status != expected:
        raise WriteOffError(
            f"Deze kwijtschelding wacht niet op deze stap. Zo staat het nu: {write_off.get_status_display().lower()}."
        )
    today = today or timezone.localdate()
    note = note.strip()
    fields = {"status": approved_status if approved else S.REJECTED}
    if amount_cents is not None:
        fields["amount_cents"] = amount_cents
    books = approved and step == STEP.APPROVE
    waiting = {"open_question": ""} if step == STEP.ASSESS else {}  # a question asked meanwhile blocks it
    with transaction.atomic():
        if books:
            _lock(write_off.tenancy)
        if not WriteOff.objects.filter(pk=write_off.pk, status=expected, **waiting).update(**fields):
            raise WriteOffError(TAKEN)
        # The row is ours now: every step taken before this one is committed and visible.
        _not_acted_before(write_off, acting_user=acting_user)
        current = WriteOff.objects.select_related("tenancy__tenant").get(pk=write_off.pk)
        if approved:
            if books and waits_for_debt_help(current.tenancy, today):
                raise WriteOffError(CREDITORS)
            _check_amount(current.tenancy, current.amount_cents, today)
        _record(
            current,
            step,
            today,
            approved=approved,
            amount_cents=current.amount_cents,
            note=note,
            acting_user=acting_user,
        )
        if books:
            _book(current, today, acting_user=acting_user)
    write_off.refresh_from_db()
    return write_off


def _book(write_off: WriteOff, today: date, *, acting_user) -> None:
    """The credit on the ledger and the tenant's letter (inside the manager's transaction)."""
    tenancy = write_off.tenancy
    LedgerEntry.objects.create(
        tenancy=tenancy,
        date=today,
        kind="write_off",
        amount_cents=write_off.amount_cents,
        external_id=ledger_id(write_off),
        description=f"Kwijtschelding, besluit van {date_nl(today)}",
    )
    try:
        compose.queue_letter(
            tenancy,
            LETTER,
            acting_user=acting_user,
            day=today,
            amount=write_off.amount,
            ref=tenancy.ref,
            conditions=write_off.conditions,
            rent=tenancy.monthly_due_on(today),
        )
    except Sender.DoesNotExist as exc:
        raise WriteOffError(f"De brief aan de huurder kan niet gemaakt worden. {exc}") from exc


def settle_debt(tenancy: Tenancy, cents: int, today: date, *, acting_user, reason: str) -> WriteOff:
    """The rest of the old claim after a debt settlement that succeeded (debthelp), written off as
    the settlement agreed: ONE decision by a team leader, not the four steps (the settlement was
    agreed before, under the covenant or by a team leader). Booked at once as a write_off credit,
    with the tenant's letter, in the caller's transaction. Never more than the arrears of today."""
    if not may_decide_debt_help(acting_user):
        raise NotPermitted("Alleen een teamleider besluit over de restschuld na een schuldregeling.")
    with transaction.atomic():
        _lock(tenancy)
        _check_amount(tenancy, cents, today)
        write_off = WriteOff.objects.create(
            tenancy=tenancy,
            status=S.APPROVED,
            amount_cents=cents,
            reason_category=WriteOff.ReasonCategory.DEBT_SETTLEMENT,
            reason=reason,
        )
        _record(write_off, STEP.APPROVE, today, acting_user=acting_user, approved=True, amount_cents=cents, note=reason)
        _book(write_off, today, acting_user=acting_user)
    return write_off


def ask(write_off: WriteOff, question: str, today: date | None = None, *, acting_user) -> WriteOff:
    """The controller asks a question before assessing; no assessment until it is answered."""
    if not may_take_writeoff_step(acting_user, "ask"):
        raise NotPermitted("Alleen de controller stelt een vraag over een kwijtschelding.")
    question = question.strip()
    if not question:
        raise WriteOffError("Schrijf uw vraag op.")
    today = today or timezone.localdate()
    with transaction.atomic():
        if not WriteOff.objects.filter(pk=write_off.pk, status=S.REVIEWED, open_question="").update(
            open_question=question
        ):
            raise WriteOffError("Er staat al een vraag open, of de kwijtschelding wacht niet meer op de controller.")
        _not_acted_before(write_off, acting_user=acting_user)
        write_off.refresh_from_db()
        _record(
            write_off,
            STEP.QUESTION,
            today,
            approved=None,
            amount_cents=write_off.amount_cents,
            note=question,
            acting_user=acting_user,
        )
    return write_off


def answer(write_off: WriteOff, text: str, today: date | None = None, *, acting_user) -> WriteOff:
    """Someone working on the case answers the controller's open question."""
    if not may_take_writeoff_step(acting_user, "answer"):
        raise NotPermitted("Alleen medewerkers die met huurachterstanden werken beantwoorden de vraag.")
    text = text.strip()
    if not text:
        raise WriteOffError("Schrijf uw antwoord op.")
    today = today or timezone.localdate()
    with transaction.atomic():
        if (
            not WriteOff.objects.filter(pk=write_off.pk, status=S.REVIEWED)
            .exclude(open_question="")
            .update(open_question="")
        ):
            raise WriteOffError("Er staat geen vraag open. Misschien heeft een collega hem net beantwoord.")
        asked = write_off.steps.filter(step=STEP.QUESTION).order_by("-at", "-id").first()
        if asked is not None and asked.actor_id == acting_user.pk:
            raise WriteOffError("U stelde de vraag zelf. Een collega beantwoordt hem.")
        if write_off.steps.filter(actor=acting_user, step__in=DECISIONS).exists():
            raise WriteOffError(DECIDED)
        write_off.refresh_from_db()
        _record(
            write_off,
            STEP.ANSWER,
            today,
            approved=None,
            amount_cents=write_off.amount_cents,
            note=text,
            acting_user=acting_user,
        )
    return write_off


def _not_acted_before(write_off: WriteOff, *, acting_user) -> None:
    """Refuse a decision step (or the controller's question) from someone who already took a
    decision step on this write-off or answered its question."""
    took = set(
        WriteOffStep.objects.filter(write_off_id=write_off.pk, actor=acting_user, step__in=ACTED).values_list(
            "step", flat=True
        )
    )
    if took & set(DECISIONS):
        raise WriteOffError(TWICE)
    if took:
        raise WriteOffError(ANSWERED)


def next_step(write_off: WriteOff, user) -> str:
    """Which step `user` may take now ('review', 'assess', 'ask', 'approve', 'answer'), or ''."""
    took = set(write_off.steps.filter(actor=user, step__in=ACTED).values_list("step", flat=True))
    status, question = write_off.status, write_off.open_question
    if status == S.REVIEWED and question:
        asked = write_off.steps.filter(step=STEP.QUESTION).order_by("-at", "-id").first()
        decided = bool(took & set(DECISIONS))
        return (
            "answer"
            if may_take_writeoff_step(user, "answer") and not decided and (asked is None or asked.actor_id != user.pk)
            else ""
        )
    if took:
        return ""
    for step, (expected, _) in FLOW.items():
        if status == expected and may_take_writeoff_step(user, step):
            return str(step)
    return ""
