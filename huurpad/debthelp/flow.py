"""The debt-help trajectory and its Schuldenknooppunt messages (toolkit 3.9; FACTS.md §4): the one
owner of DebtHelp.stage and of the answers we give (DebtMessage, direction 'out').

What each incoming message does (docs/debt-help.md):

- kennisgeving: a DebtHelp record, a pause of the old arrears (solutions.arrangements.start_pause,
  reason 'kennisgeving', review date 4 or 8 months after the message as it says), a task for an
  officer, the timeline.
- saldoverzoek: the balance answer (saldo_antwoord) composed from the ledger on the message's date,
  itemised by kind, what is overdue and what falls due that day, with 'vooraf akkoord' when the
  covenant setting gives it; sent at once when the policy allows, else a task for an officer.
- betaalvoorstel: the answer (betaalvoorstel_antwoord), accepted by the covenant when the proposal
  meets every condition of the policy's [debt_help] settings, else a team leader decides.
- heroverweging: a new answer owed, for the team leader; statusbericht: the timeline.
- schuldregeling_akkoord: the settlement runs; the pause runs on for its term (reason
  'debt_settlement'); the counsellor's payments are expected (percentage x claim).
- schuldregeling_beeindigd: geslaagd -> the team leader writes the rest of the old claim off in one
  decision (solutions.writeoffs.settle_debt); mislukt -> the pause ends and a review task starts.

Every answer is due on the 10th working day after the message's date (core.calendar, the
Algemene termijnenwet). Every automatic step keeps its why (rule, facts, source) in
DebtMessage.why and on the timeline."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from huurpad.accounts.roles import may_answer_debt_help, may_decide_debt_help
from huurpad.bank.models import BankTransaction
from huurpad.cases import events, tasks
from huurpad.cases.models import Partner
from huurpad.collection.models import PolicyVersion
from huurpad.core import calendar, ledger
from huurpad.core.dutch import date_nl, months_nl
from huurpad.core.money import fmt_eur, from_cents, to_cents
from huurpad.solutions import arrangements, writeoffs
from huurpad.solutions.models import Pause
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry, Tenancy

from . import canonical
from .models import DebtHelp, DebtMessage

STAGE, TYPE, STATUS = DebtHelp.Stage, DebtMessage.Type, DebtMessage.Status
IN, OUT = DebtMessage.Direction.IN, DebtMessage.Direction.OUT
COVENANT, STAFF = canonical.DECIDED_BY
# The kinds of charge a balance answer itemises, in the order it lists them (canonical.ITEM_KINDS):
# every charge of the ledger, so that the items add up to the claim.
ITEM_KINDS = tuple(ledger.Kind(kind) for kind in canonical.ITEM_KINDS)
# Why a creditor may decline (Schuldenknooppunt 'Geen medewerking'; FACTS.md §4): the canonical
# codes with their Dutch labels, defined once in canonical.py (the transports map the same codes).
REFUSAL_REASONS = canonical.REFUSAL_REASONS
# Declining to take part is possible until a settlement is agreed.
BEFORE_AGREEMENT = (STAGE.KENNISGEVING, STAGE.SALDO_GEVRAAGD, STAGE.VOORSTEL)
ANSWER_TYPES = canonical.ANSWER_TYPES
SOURCE_TERM = "Schuldenknooppunt, procesafspraken: antwoord binnen 10 werkdagen; Algemene termijnenwet"
SOURCE_COVENANT = "modelconvenant Aedes-NVVK (de afspraken zijn niet openbaar: instelling in het beleid)"


# An answer still waiting when its trajectory ended (declined, failed, settled) is no longer sent.
ENDED = "Dit schuldhulptraject is afgesloten: dit antwoord gaat niet meer weg."


class NotAllowed(ValueError):
    """A step the rules do not allow; the message says why (Dutch for people, the field for files)."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def due_date(message_date: date, policy) -> date:
    """The last day to answer: the Nth working day after the message's date (N = the policy's
    debt_help_answer_working_days, 10 by default)."""
    return calendar.add_working_days(message_date, policy.debt_help_answer_working_days)


def pct(value: Decimal) -> str:
    """A percentage as people read it: 23,50 %."""
    return f"{value:.2f}".replace(".", ",") + " %"


def answer_id(incoming: DebtMessage) -> str:
    """Our answer's message id: the incoming message's id with a suffix (one answer per message)."""
    return canonical.answer_id(incoming.message_id)


# --- the balance ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Balance:
    """What the household owes on one day, as the balance answer states it."""

    on: date
    claim: Decimal  # everything unpaid of the charges dated up to and including `on`
    items: list[tuple[str, Decimal]]  # (ledger kind, unpaid) per kind of charge, those above zero
    overdue: Decimal  # of charges due before `on`
    running: Decimal  # of charges due on `on` itself, not overdue yet
    monthly: Decimal  # the current rent and service costs a month, which the household pays on
    open_items: tuple = ()  # the charges not paid (in full), oldest first (core.ledger.open_items)

    def payload(self) -> dict:
        return {
            "claim": f"{self.claim:.2f}",
            "items": [{"kind": str(kind), "amount": f"{amount:.2f}"} for kind, amount in self.items],
            "overdue": f"{self.overdue:.2f}",
            "running": f"{self.running:.2f}",
            "current_rent": f"{self.monthly:.2f}",
        }


def balance(tenancy: Tenancy, on: date) -> Balance:
    """The claim on `on` from the ledger (core.ledger.open_items: credits pay the oldest charges first)."""
    open_items = [item for item in ledger.open_items(tenancy.core_entries(on), on=on) if item.open > 0]
    per_kind = {kind: sum((i.open for i in open_items if i.kind == kind), Decimal("0")) for kind in ITEM_KINDS}
    return Balance(
        on=on,
        claim=sum((i.open for i in open_items), Decimal("0")),
        items=[(kind, amount) for kind, amount in per_kind.items() if amount > 0],
        overdue=sum((i.open for i in open_items if i.due_date < on), Decimal("0")),
        running=sum((i.open for i in open_items if i.due_date == on), Decimal("0")),
        monthly=tenancy.monthly_due_on(on),
        open_items=tuple(open_items),
    )


# --- receiving ------------------------------------------------------------------------------------


def trajectory(tenancy: Tenancy, reference: str) -> DebtHelp | None:
    """The tenancy's trajectory with this counsellor's reference: the running one, else the latest."""
    found = DebtHelp.objects.filter(tenancy=tenancy, counsellor_reference=reference)
    return found.filter(ended_on__isnull=True).order_by("-id").first() or found.order_by("-id").first()


def receive_one(fields: dict, *, tenancy: Tenancy, today: date, policy) -> DebtMessage:
    """One checked incoming message (inbox.py checked its fields) through the flow. Raises
    NotAllowed (with the field) when the message does not fit the trajectory as it stands."""
    kind = fields["type"]
    help_ = trajectory(tenancy, fields["counsellor_reference"])
    if kind == TYPE.KENNISGEVING:
        return _kennisgeving(fields, tenancy, help_, today, policy)
    if kind == TYPE.SALDOVERZOEK and (help_ is None or not help_.running):
        help_ = _start(fields, tenancy, STAGE.SALDO_GEVRAAGD, today)
    if help_ is None:
        raise NotAllowed(
            "no debt help with this counsellor_reference for this tenancy (a kennisgeving or saldoverzoek comes first)",
            "counsellor_reference",
        )
    if unfit := _does_not_fit(fields, help_):
        raise NotAllowed(unfit, "type")
    message = _store(fields, tenancy, help_)
    handler = {
        TYPE.SALDOVERZOEK: _saldoverzoek,
        TYPE.BETAALVOORSTEL: _betaalvoorstel,
        TYPE.HEROVERWEGING: _heroverweging,
        TYPE.STATUSBERICHT: _statusbericht,
        TYPE.SCHULDREGELING_AKKOORD: _akkoord,
        TYPE.SCHULDREGELING_BEEINDIGD: _beeindigd,
    }[kind]
    handler(message, help_, today, policy)
    return message


# The stages a message may come in (a kennisgeving and a saldoverzoek may start a trajectory; a
# statusbericht is only noted, whatever the stage): a proposal and a reconsideration until the
# settlement runs, its agreement before it runs, its end while it runs (geslaagd only then).
FITS = {
    TYPE.BETAALVOORSTEL: (*BEFORE_AGREEMENT, STAGE.AKKOORD),
    TYPE.HEROVERWEGING: (STAGE.VOORSTEL, STAGE.AKKOORD),
    TYPE.SCHULDREGELING_AKKOORD: (*BEFORE_AGREEMENT, STAGE.AKKOORD),
}


def _does_not_fit(fields: dict, help_: DebtHelp) -> str:
    """Why a message does not fit the trajectory as it stands (an ended one, or a step out of
    order that would undo what was agreed or write off a claim no settlement paid), else ''."""
    kind, stage = fields["type"], help_.stage
    if kind in (TYPE.SALDOVERZOEK, TYPE.STATUSBERICHT):
        return ""
    if not help_.running:
        return f"{kind}: the debt help with this counsellor_reference ended on {help_.ended_on.isoformat()} ({stage})"
    if kind == TYPE.HEROVERWEGING and not help_.offer_kind:
        return "heroverweging: there is no payment proposal to reconsider"
    if kind == TYPE.SCHULDREGELING_BEEINDIGD:
        allowed = (
            (STAGE.LOPEND,) if fields["outcome"] == "geslaagd" else (*BEFORE_AGREEMENT, STAGE.AKKOORD, STAGE.LOPEND)
        )
    else:
        allowed = FITS[kind]
    if stage not in allowed:
        return f"{kind}{' ' + fields['outcome'] if kind == TYPE.SCHULDREGELING_BEEINDIGD else ''} does not fit stage {stage}"
    return ""


def _start(fields: dict, tenancy: Tenancy, stage: str, today: date) -> DebtHelp:
    other = DebtHelp.objects.filter(tenancy=tenancy, ended_on__isnull=True).first()
    if other is not None:
        raise NotAllowed(
            f"tenancy is in debt help with another counsellor already (reference {other.counsellor_reference})",
            "counsellor_reference",
        )
    return DebtHelp.objects.create(
        tenancy=tenancy,
        counsellor=fields["counsellor"],
        counsellor_reference=fields["counsellor_reference"],
        # The counsellor's organisation in Huurpad, by the name it gives: its members see the household.
        partner=Partner.objects.filter(kind=Partner.Kind.SCHULDHULP, name=fields["counsellor"]).first(),
        stage=stage,
        started_on=fields["date"],
    )


def _store(fields: dict, tenancy: Tenancy, help_: DebtHelp, status: str = STATUS.RECEIVED) -> DebtMessage:
    payload = {k: v for k, v in fields.items() if k not in ("message_id", "type", "date", "tenancy_ref")}
    return DebtMessage.objects.create(
        message_id=fields["message_id"],
        direction=IN,
        type=fields["type"],
        date=fields["date"],
        tenancy=tenancy,
        debt_help=help_,
        status=status,
        payload=_jsonable(payload),
    )


def _jsonable(payload: dict) -> dict:
    return {
        k: (v.isoformat() if isinstance(v, date) else f"{v:.2f}" if isinstance(v, Decimal) else v)
        for k, v in payload.items()
    }


def _set_stage(help_: DebtHelp, stage: str, **more) -> None:
    DebtHelp.objects.filter(pk=help_.pk).update(stage=stage, **more)
    help_.refresh_from_db()


def _timeline(tenancy: Tenancy, day: date, text: str, why: str = "", *, acting_user=None) -> None:
    events.debt_help(tenancy, day, text=text, note=why, acting_user=acting_user, source="schuldhulp").save()


def _kennisgeving(fields, tenancy, help_, today, policy) -> DebtMessage:
    months = fields["months"]
    if help_ is not None and help_.running:
        message = _store(fields, tenancy, help_)  # a kennisgeving again: noted, the pause as it runs
        _timeline(tenancy, today, f"Nieuwe kennisgeving van {help_.counsellor} ({months} maanden).")
        return message
    help_ = _start(fields, tenancy, STAGE.KENNISGEVING, today)
    message = _store(fields, tenancy, help_)
    review = max(calendar.add_months(fields["date"], months), today + timedelta(days=1))
    why = (
        f"Regel: een kennisgeving vraagt schuldeisers de incasso {months} maanden te stoppen (stabilisatie). "
        f"Feiten: kennisgeving van {help_.counsellor} (kenmerk {help_.counsellor_reference}) van "
        f"{date_nl(fields['date'])}. Bron: Schuldenknooppunt, Kennisgeving; {SOURCE_COVENANT}. Gevolg: pauze tot "
        f"{date_nl(review)}; geen herinneringen, kosten, signalen of escalatie voor de oude achterstand, de lopende "
        "huur blijft gevolgd."
    )
    _pause(tenancy, Pause.Reason.KENNISGEVING, review, today, note=f"Kennisgeving {help_.counsellor_reference}")
    DebtMessage.objects.filter(pk=message.pk).update(why=why)
    tasks.store(
        tasks.debt_help_kennisgeving(
            tenancy,
            due_date(fields["date"], policy),
            explanation=f"{help_.counsellor} meldt een schuldhulptraject (kenmerk {help_.counsellor_reference}). "
            "Kijk of er nog iets loopt dat moet stoppen (deurwaarder, brieven) en of de huur van nu betaald wordt.",
        )
    )
    _timeline(tenancy, today, f"Kennisgeving ontvangen van {help_.counsellor}.", why)
    return message


def _pause(tenancy: Tenancy, reason: str, review: date, today: date, note: str) -> None:
    """A debt-help pause until `review`; a running pause ends first unless it is a debt-help pause
    that runs at least as long (a moratorium of the court stays)."""
    running = Pause.objects.filter(tenancy=tenancy, ended_on__isnull=True).first()
    if running is not None:
        keeps = reason != Pause.Reason.DEBT_SETTLEMENT and running.reason in writeoffs.DEBT_HELP
        if keeps and running.review_date >= review:
            return
        arrangements.end_pause(running, acting_user=None, today=today, reason=f"Vervangen: {note}.")
    arrangements.start_pause(tenancy, reason=reason, acting_user=None, today=today, review_date=review, note=note)


def _answer(
    incoming: DebtMessage, kind: str, today: date, policy, payload: dict, *, sent: bool, why: str
) -> DebtMessage:
    return DebtMessage.objects.create(
        message_id=answer_id(incoming),
        direction=OUT,
        type=kind,
        date=today,
        tenancy=incoming.tenancy,
        debt_help=incoming.debt_help,
        in_reply_to=incoming,
        status=STATUS.SENT if sent else STATUS.AWAITING_DECISION,
        due_date=due_date(incoming.date, policy),
        payload=payload,
        decided_by=COVENANT if sent else "",
        why=why,
    )


def _saldoverzoek(message: DebtMessage, help_: DebtHelp, today: date, policy) -> None:
    found = balance(message.tenancy, message.date)
    if help_.stage in (STAGE.KENNISGEVING, STAGE.SALDO_GEVRAAGD):
        _set_stage(help_, STAGE.SALDO_GEVRAAGD, claim_cents=to_cents(found.claim), claim_on=found.on)
    elif help_.stage == STAGE.VOORSTEL:
        _set_stage(help_, help_.stage, claim_cents=to_cents(found.claim), claim_on=found.on)
    # Once a proposal is agreed the claim stays as it was: the counsellor's payments are counted
    # against it (expected, rest_of_claim), and a balance asked later already has them deducted.
    consent = policy.debt_help_advance_consent
    auto = policy.debt_help_auto_send_balance
    items = ", ".join(f"{LedgerEntry.KIND_LABELS[str(k)].lower()} {fmt_eur(a)}" for k, a in found.items) or "niets"
    why = (
        f"Regel: het saldo komt uit de huurrekening op de datum van het verzoek ({date_nl(found.on)}). Feiten: "
        f"vordering {fmt_eur(found.claim)} ({items}); achterstallig {fmt_eur(found.overdue)}, vandaag vervallen "
        f"{fmt_eur(found.running)}; de huur van nu is {fmt_eur(found.monthly)} per maand. "
        + ("Vooraf akkoord: ja, het beleid geeft het. " if consent else "Vooraf akkoord: nee (beleid). ")
        + (
            "Vanzelf verstuurd: het beleid staat dat toe. "
            if auto
            else "Een medewerker kijkt het na en verstuurt het. "
        )
        + f"Bron: {SOURCE_COVENANT}; {SOURCE_TERM}."
    )
    answer = _answer(
        message, TYPE.SALDO_ANTWOORD, today, policy, {**found.payload(), "advance_consent": consent}, sent=auto, why=why
    )
    if not auto:
        tasks.store(
            tasks.debt_help_answer(
                message.tenancy,
                answer.due_date,
                explanation=f"Saldoverzoek van {help_.counsellor}: kijk het saldo na ({fmt_eur(found.claim)}) en "
                f"verstuur het uiterlijk {date_nl(answer.due_date)}.",
            )
        )
    _timeline(
        message.tenancy,
        today,
        f"Saldoverzoek van {help_.counsellor}: saldo {fmt_eur(found.claim)} "
        + ("verstuurd." if auto else f"klaargezet, te versturen uiterlijk {date_nl(answer.due_date)}."),
        why,
    )


def conditions(help_: DebtHelp, kind: str, percentage: Decimal, months: int, policy) -> list[tuple[bool, str]]:
    """The covenant's conditions for accepting a payment proposal without a person, each (met, in
    Dutch with the setting's value): all of the policy's [debt_help] settings."""
    accepted = {
        DebtHelp.OfferKind.SCHULDBEMIDDELING: policy.debt_help_accept_schuldbemiddeling,
        DebtHelp.OfferKind.SANERINGSKREDIET: policy.debt_help_accept_saneringskrediet,
        DebtHelp.OfferKind.NUL_AANBOD: policy.debt_help_accept_nul_aanbod,
    }
    label = DebtHelp.OfferKind(kind).label.lower()
    return [
        (policy.debt_help_auto_accept, "het beleid laat voorstellen vanzelf aannemen"),
        (accepted[kind], f"soort regeling {label} wordt vanzelf aangenomen"),
        (months <= policy.debt_help_max_months, f"looptijd {months} maanden, hoogstens {policy.debt_help_max_months}"),
        (
            percentage >= policy.debt_help_min_percentage,
            f"percentage {pct(percentage)}, minstens {pct(policy.debt_help_min_percentage)}",
        ),
    ]


def _betaalvoorstel(message: DebtMessage, help_: DebtHelp, today: date, policy) -> None:
    kind, months = message.payload["kind"], int(message.payload["months"])
    percentage = Decimal(message.payload["percentage"])
    more = {"offer_kind": kind, "offer_percentage": percentage, "offer_months": months}
    if help_.claim_cents is None:  # no balance asked: the claim on the proposal's date
        found = balance(message.tenancy, message.date)
        more |= {"claim_cents": to_cents(found.claim), "claim_on": found.on}
    _set_stage(help_, STAGE.VOORSTEL, **more)
    _propose_answer(message, help_, today, policy, kind, percentage, months)


def _propose_answer(message, help_, today, policy, kind, percentage, months) -> None:
    checks = conditions(help_, kind, percentage, months, policy)
    ok = all(met for met, _ in checks)
    facts = "; ".join(f"{'voldaan' if met else 'NIET voldaan'}: {text}" for met, text in checks)
    why = (
        f"Regel: een betaalvoorstel dat aan alle voorwaarden van het convenant voldoet, nemen we vanzelf aan; "
        f"anders beslist de teamleider. Feiten: {facts}. Bron: {SOURCE_COVENANT}; NVVK-norm; {SOURCE_TERM}."
    )
    payload = {
        "accepted": True if ok else None,
        "decided_by": COVENANT if ok else None,
        "kind": kind,
        "percentage": f"{percentage:.2f}",
        "months": months,
    }
    answer = _answer(message, TYPE.BETAALVOORSTEL_ANTWOORD, today, policy, payload, sent=ok, why=why)
    offer = f"{DebtHelp.OfferKind(kind).label.lower()}, {pct(percentage)} in {months_nl(months)}"
    if ok:
        _set_stage(help_, STAGE.AKKOORD)
        _timeline(message.tenancy, today, f"Betaalvoorstel van {help_.counsellor} ({offer}) vanzelf aangenomen.", why)
    else:
        tasks.store(
            tasks.debt_help_decision(
                message.tenancy,
                answer.due_date,
                explanation=f"Betaalvoorstel van {help_.counsellor} ({offer}) valt buiten het convenant: besluit "
                f"uiterlijk {date_nl(answer.due_date)}.",
            )
        )
        _timeline(
            message.tenancy,
            today,
            f"Betaalvoorstel van {help_.counsellor} ({offer}): de teamleider beslist uiterlijk {date_nl(answer.due_date)}.",
            why,
        )


def _heroverweging(message: DebtMessage, help_: DebtHelp, today: date, policy) -> None:
    """The counsellor asks to reconsider our answer: a new answer owed on the last proposal, the
    team leader decides."""
    text = message.payload.get("text", "")
    answer = _answer(
        message,
        TYPE.BETAALVOORSTEL_ANTWOORD,
        today,
        policy,
        {
            "accepted": None,
            "decided_by": None,
            "kind": help_.offer_kind,
            "percentage": None if help_.offer_percentage is None else f"{help_.offer_percentage:.2f}",
            "months": help_.offer_months,
        },
        sent=False,
        why="Regel: op een verzoek tot heroverweging beslist de teamleider opnieuw. Bron: Schuldenknooppunt, Heroverweging.",
    )
    tasks.store(
        tasks.debt_help_decision(
            message.tenancy,
            answer.due_date,
            explanation=f"{help_.counsellor} vraagt het betaalvoorstel te heroverwegen: {text}",
        )
    )
    _timeline(message.tenancy, today, f"Verzoek tot heroverweging van {help_.counsellor}: {text}")


def _statusbericht(message: DebtMessage, help_: DebtHelp, today: date, policy) -> None:
    _timeline(message.tenancy, today, f"Statusbericht van {help_.counsellor}: {message.payload.get('text', '')}")


def term_end(start: date, months: int) -> date:
    """The last day of a settlement of `months` months from `start` (1 June + 18 months: 30 November)."""
    return calendar.add_months(start, months) - timedelta(days=1)


def settlement_end(help_: DebtHelp) -> date | None:
    """The last day of the settlement's term (its start plus the proposal's months), when both are known."""
    if help_.settlement_start is None or not help_.offer_months:
        return None
    return term_end(help_.settlement_start, help_.offer_months)


def _akkoord(message: DebtMessage, help_: DebtHelp, today: date, policy) -> None:
    start = date.fromisoformat(message.payload["start_date"])
    months = help_.offer_months or policy.debt_help_max_months
    end = term_end(start, months)
    _set_stage(help_, STAGE.LOPEND, settlement_start=start)
    expected = help_.expected
    why = (
        f"Regel: een schuldregeling loopt {months_nl(months)}; zolang wacht de oude achterstand, de huur van nu "
        f"blijft gevolgd. Feiten: start {date_nl(start)}, laatste dag {date_nl(end)}"
        + (f", verwacht van de schuldhulpverlener {fmt_eur(expected)}" if expected is not None else "")
        + ". Bron: NVVK-norm (een schuldregeling duurt 18 maanden); Gereedschapskist 3.9 (geen incasso tijdens "
        "schuldhulp)."
    )
    DebtMessage.objects.filter(pk=message.pk).update(why=why)
    _pause(
        message.tenancy,
        Pause.Reason.DEBT_SETTLEMENT,
        max(end + timedelta(days=1), today + timedelta(days=1)),  # reviewed the day after its last day
        today,
        note=f"Schuldregeling {help_.counsellor_reference}",
    )
    _timeline(message.tenancy, today, f"Schuldregeling met {help_.counsellor} loopt vanaf {date_nl(start)}.", why)


def _beeindigd(message: DebtMessage, help_: DebtHelp, today: date, policy) -> None:
    tenancy = message.tenancy
    if message.payload["outcome"] == "geslaagd":
        _set_stage(help_, STAGE.GESLAAGD)
        rest = rest_of_claim(help_, today)
        why = (
            f"Regel: na een geslaagde schuldregeling schelden we de rest van de oude vordering kwijt, zoals "
            f"afgesproken; één besluit van de teamleider. Feiten: vordering {fmt_eur(help_.claim or Decimal(0))}, "
            f"ontvangen van de schuldhulpverlener {fmt_eur(from_cents(received_cents(help_)))}"
            + (
                f" (daarvan telt hoogstens {fmt_eur(help_.expected)}, zoals afgesproken)"
                if help_.expected is not None
                else ""
            )
            + f", rest {fmt_eur(rest)}. "
            f"Bron: {SOURCE_COVENANT}; Gereedschapskist 3.6 en 3.9."
        )
        DebtMessage.objects.filter(pk=message.pk).update(why=why)
        tasks.store(
            tasks.debt_help_decision(
                tenancy,
                today,
                explanation=f"Schuldregeling met {help_.counsellor} geslaagd: besluit over de kwijtschelding van de "
                f"rest van de oude vordering ({fmt_eur(rest)}).",
            )
        )
        _timeline(tenancy, today, f"Schuldregeling met {help_.counsellor} geslaagd.", why)
        return
    _set_stage(help_, STAGE.MISLUKT, ended_on=message.date)
    why = (
        "Regel: een mislukte schuldregeling beëindigt de pauze; een medewerker kijkt met de huurder wat nu kan. "
        f"Feiten: bericht van {help_.counsellor} van {date_nl(message.date)}. Bron: Schuldenknooppunt, "
        "Schuldregeling beëindigd; Gereedschapskist 3.5."
    )
    DebtMessage.objects.filter(pk=message.pk).update(why=why)
    _end_pause(tenancy, today, f"De schuldregeling met {help_.counsellor} is mislukt.")
    tasks.store(
        tasks.debt_help_review(
            tenancy,
            calendar.add_working_days(today, 5),
            explanation=f"De schuldregeling met {help_.counsellor} is mislukt. Neem contact op met de huurder: "
            "wat kan nu (een betalingsregeling, opnieuw schuldhulp)?",
        )
    )
    _timeline(tenancy, today, f"Schuldregeling met {help_.counsellor} mislukt; de pauze is voorbij.", why)


def _end_pause(tenancy: Tenancy, today: date, reason: str) -> None:
    running = Pause.objects.filter(tenancy=tenancy, ended_on__isnull=True, reason__in=writeoffs.DEBT_HELP).first()
    if running is not None:
        arrangements.end_pause(running, acting_user=None, today=today, reason=reason)


# --- what came in from the counsellor ----------------------------------------------------------


def payments_in(help_: DebtHelp):
    """The counsellor's payments: credits the bank import booked on the tenancy since the
    settlement started, that name the counsellor's reference in the description or come from the
    counsellor (by name). Newest first."""
    if help_.settlement_start is None:
        return BankTransaction.objects.none()
    return (
        BankTransaction.objects.filter(
            tenancy=help_.tenancy,
            status=BankTransaction.Status.BOOKED,
            credit_debit="CRDT",
            reversal=False,
            booking_date__gte=help_.settlement_start,
        )
        .filter(Q(remittance__icontains=help_.counsellor_reference) | Q(counterparty_name__icontains=help_.counsellor))
        .order_by("-booking_date", "-id")
    )


def received_cents(help_: DebtHelp) -> int:
    return sum(payments_in(help_).values_list("amount_cents", flat=True))


def rest_of_claim(help_: DebtHelp, today: date) -> Decimal:
    """What is left of the old claim after the counsellor's payments; never more than is owed today
    (the current rent paid or not, the write-off is for the old arrears only). The payments count
    up to what the settlement expects: a counsellor who also manages the household's budget pays
    the current rent from the same account, and that rent does not pay the old claim."""
    if help_.claim_cents is None:
        return Decimal("0")
    received = received_cents(help_)
    if help_.expected_cents is not None:
        received = min(received, help_.expected_cents)
    rest = max(help_.claim_cents - received, 0)
    return min(from_cents(rest), max(arrears.owed(help_.tenancy, today), Decimal("0")))


# --- what people do -------------------------------------------------------------------------------


def _done_unless_waiting(tenancy: Tenancy, kind: str, answer_type: str, *, acting_user) -> None:
    """The household's task of this kind is done, unless another answer of this type still waits for
    a person (a reconsideration beside the proposal it is about): one open task per kind holds both."""
    if not DebtMessage.objects.filter(
        tenancy=tenancy, direction=OUT, type=answer_type, status=STATUS.AWAITING_DECISION
    ).exists():
        tasks.done(tenancy, kind, acting_user=acting_user)


def send(answer: DebtMessage, *, acting_user, today: date) -> DebtMessage:
    """An officer sends a balance answer the policy did not send by itself."""
    if not may_answer_debt_help(acting_user):
        raise NotAllowed("Alleen medewerkers die met de huurder werken, versturen dit antwoord.")
    if answer.type != TYPE.SALDO_ANTWOORD:
        raise NotAllowed("Over dit antwoord beslist de teamleider.")
    if not answer.debt_help.running:
        raise NotAllowed(ENDED)
    with transaction.atomic():
        if not DebtMessage.objects.filter(pk=answer.pk, status=STATUS.AWAITING_DECISION).update(
            status=STATUS.SENT, date=today, decided_by=STAFF, decided_user=acting_user
        ):
            raise NotAllowed("Dit antwoord is al verstuurd.")
        _done_unless_waiting(answer.tenancy, tasks.DEBT_HELP_ANSWER, TYPE.SALDO_ANTWOORD, acting_user=acting_user)
        _timeline(
            answer.tenancy,
            today,
            f"Saldo ({fmt_eur(Decimal(answer.payload['claim']))}) verstuurd aan {answer.debt_help.counsellor}.",
            acting_user=acting_user,
        )
    answer.refresh_from_db()
    return answer


def decide(answer: DebtMessage, *, acting_user, today: date, accepted: bool, why: str) -> DebtMessage:
    """The team leader's answer to a payment proposal outside the covenant: accepted or refused, with why."""
    if not may_decide_debt_help(acting_user):
        raise NotAllowed("Alleen een teamleider beslist over een betaalvoorstel.")
    why = why.strip()
    if not why:
        raise NotAllowed("Schrijf op waarom.")
    if answer.type != TYPE.BETAALVOORSTEL_ANTWOORD:
        raise NotAllowed("Dit antwoord verstuurt een medewerker.")
    help_ = answer.debt_help
    if not help_.running:
        raise NotAllowed(ENDED)
    with transaction.atomic():
        payload = {**answer.payload, "accepted": accepted, "decided_by": STAFF}
        if not DebtMessage.objects.filter(pk=answer.pk, status=STATUS.AWAITING_DECISION).update(
            status=STATUS.SENT, date=today, decided_by=STAFF, decided_user=acting_user, why=why, payload=payload
        ):
            raise NotAllowed("Over dit voorstel is al beslist.")
        if accepted and help_.stage in (STAGE.VOORSTEL, STAGE.SALDO_GEVRAAGD, STAGE.KENNISGEVING):
            _set_stage(help_, STAGE.AKKOORD)
        _done_unless_waiting(
            answer.tenancy, tasks.DEBT_HELP_DECISION, TYPE.BETAALVOORSTEL_ANTWOORD, acting_user=acting_user
        )
        _timeline(
            answer.tenancy,
            today,
            f"Betaalvoorstel van {help_.counsellor} {'aangenomen' if accepted else 'afgewezen'} door de teamleider.",
            why,
            acting_user=acting_user,
        )
    answer.refresh_from_db()
    return answer


def refuse(incoming: DebtMessage, *, acting_user, today: date, reason: str, why: str) -> DebtMessage:
    """'Geen medewerking': staff decline to take part, for one of the reasons the Schuldenknooppunt
    knows, in answer to a message still owed an answer. The trajectory ends and its pause with it."""
    if not may_answer_debt_help(acting_user):
        raise NotAllowed("Alleen medewerkers die met de huurder werken, geven dit antwoord.")
    if reason not in REFUSAL_REASONS:
        raise NotAllowed("Kies een van de redenen.")
    why = why.strip()
    if not why:
        raise NotAllowed("Schrijf op waarom we niet meewerken.")
    if incoming.direction != IN or incoming.type not in (TYPE.KENNISGEVING, TYPE.SALDOVERZOEK, TYPE.BETAALVOORSTEL):
        raise NotAllowed(
            "Geen medewerking kan alleen als antwoord op een kennisgeving, saldoverzoek of betaalvoorstel."
        )
    policy = PolicyVersion.current().load()
    with transaction.atomic():
        # The trajectory locked: of two refusals at once, the second finds it ended (not a
        # duplicate answer id).
        help_ = DebtHelp.objects.select_for_update().get(pk=incoming.debt_help_id)
        if not help_.running or help_.stage not in BEFORE_AGREEMENT:
            raise NotAllowed("Geen medewerking kan alleen zolang er nog geen schuldregeling is afgesproken.")
        existing = DebtMessage.objects.select_for_update().filter(in_reply_to=incoming).first()
        fields = {
            "type": TYPE.GEEN_MEDEWERKING,
            "status": STATUS.SENT,
            "date": today,
            "payload": {"reason": reason},
            "decided_by": STAFF,
            "decided_user": acting_user,
            "why": why,
        }
        if existing is None:
            answer = DebtMessage.objects.create(
                message_id=answer_id(incoming),
                direction=OUT,
                tenancy=incoming.tenancy,
                debt_help=help_,
                in_reply_to=incoming,
                due_date=due_date(incoming.date, policy),
                **fields,
            )
        elif existing.status == STATUS.AWAITING_DECISION:
            DebtMessage.objects.filter(pk=existing.pk).update(**fields)
            answer = existing
        else:
            raise NotAllowed("Op dit bericht is al geantwoord.")
        _set_stage(help_, STAGE.GEEN_MEDEWERKING, ended_on=today)
        _end_pause(incoming.tenancy, today, f"Geen medewerking aan {help_.counsellor}: {REFUSAL_REASONS[reason]}.")
        for kind in (tasks.DEBT_HELP_ANSWER, tasks.DEBT_HELP_DECISION, tasks.DEBT_HELP_KENNISGEVING):
            tasks.done(incoming.tenancy, kind, acting_user=acting_user)
        _timeline(
            incoming.tenancy,
            today,
            f"Geen medewerking aan {help_.counsellor}: {REFUSAL_REASONS[reason]}.",
            why,
            acting_user=acting_user,
        )
    answer.refresh_from_db()
    return answer


def write_off_rest(help_: DebtHelp, *, acting_user, today: date, why: str) -> DebtHelp:
    """After a settlement that succeeded: the team leader's one decision. The rest of the old claim
    is written off (its own reason, booked at once); the trajectory and its pause end."""
    if not may_decide_debt_help(acting_user):
        raise NotAllowed("Alleen een teamleider besluit over de restschuld na een schuldregeling.")
    why = why.strip() or "Zoals afgesproken in de schuldregeling."
    if help_.stage != STAGE.GESLAAGD or not help_.running:
        raise NotAllowed("Alleen na een geslaagde schuldregeling, en één keer.")
    with transaction.atomic():
        if not DebtHelp.objects.filter(pk=help_.pk, stage=STAGE.GESLAAGD, ended_on__isnull=True).update(ended_on=today):
            raise NotAllowed("Hierover is al besloten.")
        rest = rest_of_claim(help_, today)
        if rest > 0:
            try:
                writeoffs.settle_debt(
                    help_.tenancy,
                    to_cents(rest),
                    today,
                    acting_user=acting_user,
                    reason=f"Schuldregeling met {help_.counsellor} ({help_.counsellor_reference}) geslaagd. {why}",
                )
            except writeoffs.WriteOffError as exc:
                raise NotAllowed(str(exc)) from exc
        DebtHelp.objects.filter(pk=help_.pk).update(written_off_cents=to_cents(rest))
        _end_pause(help_.tenancy, today, f"De schuldregeling met {help_.counsellor} is geslaagd en afgerond.")
        tasks.done(help_.tenancy, tasks.DEBT_HELP_DECISION, acting_user=acting_user)
        _timeline(
            help_.tenancy,
            today,
            f"Rest van de oude vordering kwijtgescholden ({fmt_eur(rest)}): schuldregeling met {help_.counsellor} afgerond.",
            why,
            acting_user=acting_user,
        )
    help_.refresh_from_db()
    return help_


# --- the answers, for the command and the lists ---------------------------------------------------


def answer_status(answer: DebtMessage, on: date) -> str:
    """sent (on or before D), overdue (not sent by D and D is past its due date), else awaiting_decision."""
    if answer.status == STATUS.SENT and answer.date <= on:
        return "sent"
    return "overdue" if answer.due_date and on > answer.due_date else "awaiting_decision"


def answers(on: date):
    """Every answer owed or given for messages dated up to D, oldest first. An answer never given
    whose trajectory ended on or before D is no longer owed (the counsellor stopped, or we declined
    to cooperate): it is left out, and so not counted overdue for ever."""
    return (
        DebtMessage.objects.filter(direction=OUT, type__in=ANSWER_TYPES, in_reply_to__date__lte=on)
        .exclude(~Q(status=STATUS.SENT) & Q(debt_help__ended_on__lte=on))
        .select_related("tenancy", "in_reply_to")
        .order_by("due_date", "id")
    )


def answer_line(answer: DebtMessage, on: date) -> dict:
    """One answer in the canonical form (spec/CLI.md, 'Debt help messages')."""
    status = answer_status(answer, on)
    line = {
        "message_id": answer.message_id,
        "in_reply_to": answer.in_reply_to.message_id if answer.in_reply_to else None,
        "type": answer.type,
        "tenancy_ref": answer.tenancy.ref,
        "due_date": answer.due_date.isoformat() if answer.due_date else None,
        "status": status,
    }
    p = answer.payload
    if answer.type == TYPE.SALDO_ANTWOORD:
        line |= {"claim": p["claim"], "items": p["items"], "advance_consent": bool(p.get("advance_consent"))}
        line |= {k: p[k] for k in canonical.SALDO_EXTRAS if k in p}
    elif answer.type == TYPE.BETAALVOORSTEL_ANTWOORD:
        given = status == "sent"
        line |= {
            "accepted": p.get("accepted") if given else None,
            "decided_by": p.get("decided_by") if given else None,
        }
    else:
        line |= {"reason": p.get("reason")}
    return line


def owed_counts(on: date) -> tuple[int, int]:
    """The answers still owed to counsellors on D, and how many of them were past their deadline
    then, as answer_status says (so one sent only after D was owed on D). The team page shows both;
    `debt-help answers` gives them one by one."""
    statuses = [answer_status(a, on) for a in answers(on)]
    return len(statuses) - statuses.count("sent"), statuses.count("overdue")


# --- handing answers to a transport ---------------------------------------------------------------
# 'sent' (DebtMessage.Status.SENT) means decided and released: by the covenant or by staff. The
# transports (debthelp/exchange.py) then hand it to the Schuldenknooppunt, once: handed_over_on.


def to_hand_over(on: date):
    """The answers released on or before D that no transport has handed over yet, oldest first."""
    return (
        DebtMessage.objects.filter(
            direction=OUT, type__in=ANSWER_TYPES, status=STATUS.SENT, date__lte=on, handed_over_on__isnull=True
        )
        .select_related("tenancy", "in_reply_to", "debt_help")
        .order_by("date", "id")
    )


def wire_answer(answer: DebtMessage, on: date) -> dict:
    """A released answer as the transports take it (transport/base.py check_answer): its canonical
    line (answer_line) with the day it goes out (`date`) and the counsellor's organisation and
    reference, which the Schuldenknooppunt's answer carries."""
    line = answer_line(answer, max(on, answer.date))
    line.pop("status")
    line.pop("due_date")
    return line | {
        "date": on.isoformat(),
        "counsellor": answer.debt_help.counsellor,
        "counsellor_reference": answer.debt_help.counsellor_reference,
    }


def handed_over(answer: DebtMessage, *, on: date, via: str, receipt: str = "") -> bool:
    """Record that a transport handed this answer over (once: False when it already was)."""
    return bool(
        DebtMessage.objects.filter(pk=answer.pk, handed_over_on__isnull=True).update(
            handed_over_on=on, handed_over_via=via, receipt=(receipt or "")[:200]
        )
    )
