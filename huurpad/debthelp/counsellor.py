"""What a debt counsellor sees (toolkit 3.9): the households whose trajectory runs with their own
organisation, and per household only what the settlement needs: name and address, the balance
statement, the stage and its deadlines, the messages in and out. Nothing else about the household
(no notes, no timeline, no contact details, no other creditors).

The balance statement has the figures of the balance answer (flow.balance: the claim itemised by
kind, rent, service costs, collection costs, other charges; what is overdue and what is running),
with every open charge listed (core.ledger.open_items)."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, Q
from django.template.loader import render_to_string

from huurpad.accounts.roles import require
from huurpad.cases.models import Partner
from huurpad.core import csvsafe
from huurpad.core.dutch import date_nl, months_nl
from huurpad.core.money import ZERO, fmt, fmt_eur
from huurpad.messaging.models import Sender
from huurpad.tenancies.models import LedgerEntry, Tenancy

from . import flow
from .models import DebtHelp, DebtMessage

# How long after a trajectory ended its counsellor still sees the household: long enough to read
# the final statement and the last messages; then the access ends, as a closed referral's does
# (AVG art. 5(1)(c), data minimisation).
STILL_SHOWN_AFTER_END = timedelta(days=30)


def households(user, today: date):
    """The trajectories the user's own organisations (partners of kind schuldhulp, active) run:
    running ones, and those that ended less than STILL_SHOWN_AFTER_END ago. Refuses (403) anyone
    whose role may not see debt help."""
    require(user, "see_debt_help")
    return (
        DebtHelp.objects.filter(partner__members=user, partner__active=True, partner__kind=Partner.Kind.SCHULDHULP)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today - STILL_SHOWN_AFTER_END))
        .select_related("tenancy__tenant", "partner")
        .distinct()
        .order_by(F("ended_on").asc(nulls_first=True), "tenancy__tenant__surname", "pk")
    )


# --- the balance statement --------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    due_date: date
    kind: str
    label: str
    amount: Decimal
    open: Decimal
    overdue: bool  # due before the statement's day


@dataclass(frozen=True)
class KindTotal:
    kind: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class Statement:
    """The balance answer's figures (flow.balance: the same claim, items, overdue and running the
    Schuldenknooppunt gets), with each open charge listed."""

    tenancy: Tenancy
    on: date
    balance: flow.Balance
    lines: list[Line]  # the open charges, oldest first
    kinds: list[KindTotal]

    @property
    def overdue(self) -> Decimal:
        return self.balance.overdue

    @property
    def running(self) -> Decimal:
        return self.balance.running

    @property
    def total(self) -> Decimal:
        return self.balance.claim

    @property
    def monthly_due(self) -> Decimal:
        return self.balance.monthly

    @property
    def file_stem(self) -> str:
        return f"saldo-{self.tenancy.ref}-{self.on.isoformat()}"


def statement(tenancy: Tenancy, on: date) -> Statement:
    """What the household owes on `on`: the claim per kind as the balance answer states it, and
    charge by charge what payments have not paid (they pay the oldest first)."""
    found = flow.balance(tenancy, on)
    lines = [
        Line(
            due_date=item.due_date,
            kind=item.kind.value,
            label=LedgerEntry.KIND_LABELS[item.kind.value],
            amount=item.amount,
            open=item.open,
            overdue=item.due_date < on,
        )
        for item in found.open_items
    ]
    per_kind = dict(found.items)
    kinds = [
        KindTotal(kind.value, LedgerEntry.KIND_LABELS[kind.value], per_kind.get(kind, ZERO)) for kind in flow.ITEM_KINDS
    ]
    return Statement(tenancy, on, found, lines, kinds)


CSV_FIELDS = ("contract", "vervaldatum", "soort", "bedrag", "open", "deel")


def statement_csv(found: Statement) -> str:
    """One row per open charge; `deel` says whether it is overdue ('achterstallig') or due on the
    statement's day ('lopend'). Amounts with a decimal point, as the transports write them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for line in found.lines:
        writer.writerow(
            csvsafe.row(
                {
                    "contract": found.tenancy.ref,
                    "vervaldatum": line.due_date.isoformat(),
                    "soort": line.label,
                    "bedrag": fmt(line.amount),
                    "open": fmt(line.open),
                    "deel": "achterstallig" if line.overdue else "lopend",
                },
                numeric=("vervaldatum", "bedrag", "open"),
            )
        )
    return out.getvalue()


def statement_html(found: Statement, debt_help: DebtHelp) -> str:
    return render_to_string(
        "debthelp/counsellor_statement.html",
        {
            "s": found,
            "debt_help": debt_help,
            "tenancy": found.tenancy,
            "tenant": found.tenancy.tenant,
            "sender": Sender.objects.order_by("id").first(),
        },
    )


def statement_pdf(found: Statement, debt_help: DebtHelp) -> bytes:
    from weasyprint import HTML  # loads Pango: only where PDFs are made

    return HTML(string=statement_html(found, debt_help)).write_pdf()


# --- the settlement, its deadlines and its messages -------------------------------------------


@dataclass(frozen=True)
class Deadline:
    day: date
    what: str
    passed: bool


def running_pause(debt_help: DebtHelp):
    """The pause of the collection of the old arrears that runs now (one at a time, whatever its reason)."""
    return debt_help.tenancy.pauses.filter(ended_on__isnull=True).order_by("-start").first()


def deadlines(debt_help: DebtHelp, today: date) -> list[Deadline]:
    """The days that matter for the counsellor, soonest first: answers the corporation still owes,
    the end of the pause of the collection, the end of the settlement's term."""
    found = []
    owed = debt_help.messages.filter(due_date__isnull=False).exclude(status=DebtMessage.Status.SENT)
    for message in owed.order_by("due_date", "id"):
        found.append(
            Deadline(message.due_date, f"{message.get_type_display()}: uiterlijk antwoord", message.due_date < today)
        )
    if debt_help.running and (pause := running_pause(debt_help)) is not None:
        found.append(Deadline(pause.review_date, "De incasso van de achterstand staat stil tot", False))
    if debt_help.running and (end := flow.settlement_end(debt_help)) is not None:
        found.append(Deadline(end, "De schuldregeling loopt tot", end < today))
    return sorted(found, key=lambda d: d.day)


def _yes_no(value) -> str:
    return {True: "ja", False: "nee"}.get(value, "nog niet besloten")


def summary(message: DebtMessage) -> str:
    """What a message says, in a line of Dutch (its canonical fields, docs/debt-help.md)."""
    p = message.payload or {}
    T = DebtMessage.Type
    if message.type == T.KENNISGEVING and p.get("months"):
        return f"Pauze van {p['months']} maanden gevraagd."
    if message.type == T.BETAALVOORSTEL:
        kind = DebtHelp.OfferKind(p["kind"]).label if p.get("kind") in DebtHelp.OfferKind.values else "Voorstel"
        percentage = p.get("percentage")
        share = flow.pct(Decimal(str(percentage))) if percentage not in (None, "") else "een deel"
        return f"{kind}: {share} van de vordering in {months_nl(p.get('months'))}."
    if message.type in (T.HEROVERWEGING, T.STATUSBERICHT):
        return str(p.get("text", ""))
    if message.type == T.SCHULDREGELING_AKKOORD and p.get("start_date"):
        return f"De schuldregeling loopt vanaf {date_nl(date.fromisoformat(p['start_date']))}."
    if message.type == T.SCHULDREGELING_BEEINDIGD:
        return {"geslaagd": "Geslaagd.", "mislukt": "Mislukt."}.get(p.get("outcome"), "")
    if message.type == T.SALDO_ANTWOORD and p.get("claim") is not None:
        consent = " Met vooraf akkoord." if p.get("advance_consent") else ""
        return f"Vordering: {fmt_eur(Decimal(str(p['claim'])))}.{consent}"
    if message.type == T.BETAALVOORSTEL_ANTWOORD:
        return f"Akkoord: {_yes_no(p.get('accepted'))}."
    if message.type == T.GEEN_MEDEWERKING:  # the reason's Dutch label, never its code
        return flow.REFUSAL_REASONS.get(p.get("reason"), "")
    return ""
