"""Retention (AVG art. 5(1)(e)): what Huurpad deletes or anonymises once its term has passed.

The terms live in core/params/retention.toml, each with its source; a corporation sets its own in
HUURPAD_PARAMS_DIR/retention.toml. `run(on)` does the whole day's work in one transaction and
returns counts per (kind, action). It never touches a tenancy that still needs its data (see
`blockers`), and it is idempotent: rows already anonymised are not counted again.

A term runs from the day the data was last needed: the later of the item's own date and the day
the tenancy was settled (`settled_since`: its last case closed, arrangement or pause ended,
write-off step taken, referral made, debt-help trajectory ended, or the tenancy ended). Only rows that are never deleted
(cases, arrangements, pauses, write-off steps, referrals, tenancies) decide that day, so a run
never moves it and a second run on the same day finds nothing more to do.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.bank.models import BankTransaction
from huurpad.cases.models import Case, CaseEvent, Measure, Referral, Task
from huurpad.core import params
from huurpad.core.calendar import add_months
from huurpad.debthelp.models import DebtHelp, DebtMessage
from huurpad.legal.models import LegalCase, LegalStep
from huurpad.messaging.models import OutboxMessage, PayLink
from huurpad.plans.models import Plan
from huurpad.prevention.models import HelpRequest
from huurpad.rents.models import RentYearFacts
from huurpad.signals.models import EarlySignal, SignalExport
from huurpad.solutions.models import Arrangement, LodgerPermission, Pause, WriteOff, WriteOffStep
from huurpad.tenancies import arrears, search
from huurpad.tenancies.models import Mandate, Tenancy, Tenant

from .models import LoginLink, PortalAccount

DELETED, ANONYMISED = "deleted", "anonymised"
ANONYMOUS = "(geanonimiseerd)"  # the surname of an anonymised tenant; the other fields go blank
CHUNK = 500  # ids per statement: well below SQLite's limit on query parameters

# Every kind in the terms file, in the order the command reports them.
KINDS = (
    "contact_notes",
    "timeline",
    "messages",
    "letters",
    "municipal_feedback",
    "early_signals",
    "referrals",
    "arrangements",
    "pay_links",
    "portal_logins",
    "portal_accounts",
    "help_requests",
    "access_log",
    "fiscal",
)
CONTACT_TYPES = (CaseEvent.Type.CONTACT_ATTEMPT, CaseEvent.Type.NOTE)
FINISHED_MESSAGES = (OutboxMessage.Status.SENT, OutboxMessage.Status.GIVEN_UP, OutboxMessage.Status.UNCERTAIN)


# Personal data of a tenancy this module changes, and what it keeps whole until the fiscal term
# (the bookkeeping and figures without free text). A test holds every model that points at a
# tenancy or tenant to one of the two, so a new one cannot be forgotten.
HANDLED = {
    "cases.CaseEvent",
    "cases.Case",
    "cases.Task",
    "cases.Referral",
    "cases.Measure",
    "debthelp.DebtHelp",  # a running trajectory blocks; its end is a day the data was needed
    "debthelp.DebtMessage",  # free text blanked at the fiscal term; the claim's figures are kept
    "legal.LegalCase",  # a running legal track blocks; its end is a day the data was needed; texts blanked (fiscal)
    "plans.Plan",  # a running plan blocks (blockers); its helpers, goals, actions and requests hang on it
    "messaging.OutboxMessage",
    "messaging.PayLink",
    "signals.EarlySignal",
    "solutions.Arrangement",
    "solutions.Pause",
    "solutions.WriteOff",
    "solutions.LodgerPermission",
    "portal.LoginLink",
    "portal.PortalAccount",
    "tenancies.Mandate",
    "tenancies.Tenancy",
    "bank.BankTransaction",
    "rents.RentYearFacts",
    "tenancies.SearchKeys",  # made again from the anonymised tenant (fiscal): nothing left to find
}
KEPT = {
    "tenancies.LedgerEntry",
    "tenancies.LedgerTotals",
    "tenancies.RentComponent",
    "bank.Collection",
    "bank.CollectionDayChange",
    "collection.Proposal",
    "collection.TenancyState",
    "solutions.BenefitPayment",
    "rents.RentIncreaseProposal",
    "rents.HomeFacts",
}


class TermsError(Exception):
    """A terms file that cannot be used: names the file and the table."""


@dataclass(frozen=True, kw_only=True)
class Term:
    kind: str
    months: int
    source: str
    own: bool = False  # the corporation's own term, not the package default

    def ends(self, since: date) -> date:
        return add_months(since, self.months)


@dataclass(frozen=True, kw_only=True)
class Count:
    kind: str
    action: str
    count: int

    def line(self) -> dict:
        return {"kind": self.kind, "action": self.action, "count": self.count}


def terms() -> dict[str, Term]:
    """Every kind's term, checked: a positive whole number of months (years for `fiscal`)."""
    try:
        tables = params.load("retention")
    except params.ParamsError as exc:
        raise TermsError(str(exc)) from None
    found = {}
    for kind in KINDS:
        table = tables.get(kind)
        unit = "years" if kind == "fiscal" else "months"
        where = "HUURPAD_PARAMS_DIR/retention.toml" if table and table.get("own") else "retention.toml (package)"
        if not isinstance(table, dict):
            raise TermsError(f"{where}: [{kind}]: missing")
        value = table.get(unit)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise TermsError(f"{where}: [{kind}]: {unit} must be a whole number of at least 1, not {value!r}")
        found[kind] = Term(
            kind=kind,
            months=value * 12 if unit == "years" else value,
            source=table["source"],
            own=bool(table.get("own")),
        )
    return found


# --- What a tenancy still needs ----------------------------------------------------------------


def blockers(on: date) -> set[int]:
    """Tenancies whose data nothing may touch today: arrears, an open case (a court case or bailiff
    handover keeps it open), a running or awaiting arrangement, a running pause (also the one a
    debt counsellor's notice or a moratorium starts), a write-off in progress, an open referral,
    an early signal not yet sent, open tasks, or messages not yet sent. Run for a day in the past
    (`--date`), a case, arrangement or pause that ended after that day was still running on it."""
    ids = set(Case.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on)).values_list("tenancy_id", flat=True))
    ids |= set(
        Arrangement.objects.filter(
            Q(status__in=[Arrangement.Status.RUNNING, Arrangement.Status.AWAITING]) | Q(ended_on__gt=on)
        ).values_list("tenancy_id", flat=True)
    )
    ids |= set(Pause.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on)).values_list("tenancy_id", flat=True))
    ids |= set(
        WriteOff.objects.filter(
            status__in=[WriteOff.Status.PROPOSED, WriteOff.Status.REVIEWED, WriteOff.Status.ASSESSED]
        ).values_list("tenancy_id", flat=True)
    )
    ids |= set(Referral.objects.filter(status=Referral.Status.OPEN).values_list("tenancy_id", flat=True))
    # A debt counsellor's trajectory that still runs (its messages may still be answered or asked about).
    ids |= set(
        DebtHelp.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on)).values_list("tenancy_id", flat=True)
    )
    # A running household plan (plans) keeps the household's data; plans do not end yet, so their
    # texts are never past a term (when they can end, they get a term of their own here).
    ids |= set(Plan.objects.filter(ended_on__isnull=True).values_list("tenancy_id", flat=True))
    # A legal track that still runs (court, bailiff, an eviction date) keeps everything.
    ids |= set(
        LegalCase.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on)).values_list("tenancy_id", flat=True)
    )
    ids |= set(
        EarlySignal.objects.filter(status__in=[EarlySignal.Status.PREPARED, EarlySignal.Status.AWAITING]).values_list(
            "tenancy_id", flat=True
        )
    )
    ids |= set(Task.objects.filter(status=Task.Status.OPEN).values_list("tenancy_id", flat=True))
    ids |= set(OutboxMessage.objects.exclude(status__in=FINISHED_MESSAGES).values_list("tenancy_id", flat=True))
    ids |= {
        tid
        for tid, (before, _, credits, reversals) in arrears.ledger_cents(on).items()
        if before + reversals - credits > 0
    }
    return ids


def settled_since(on: date) -> dict[int, date]:
    """Per tenancy, the day from which its data was last needed (only days on or before `on`)."""
    days: dict[int, date] = {}

    def later(rows: Iterable[tuple[int, date | datetime | None]]) -> None:
        for tid, day in rows:
            if day is None:
                continue
            day = local_day(day)
            if day <= on and (tid not in days or day > days[tid]):
                days[tid] = day

    later(Tenancy.objects.filter(end_date__isnull=False).values_list("id", "end_date"))
    later(Case.objects.filter(closed_on__lte=on).order_by().values_list("tenancy_id").annotate(Max("closed_on")))
    later(Arrangement.objects.filter(ended_on__lte=on).order_by().values_list("tenancy_id").annotate(Max("ended_on")))
    later(Pause.objects.filter(ended_on__lte=on).order_by().values_list("tenancy_id").annotate(Max("ended_on")))
    later(WriteOffStep.objects.order_by().values_list("write_off__tenancy_id").annotate(Max("at")))
    later(Referral.objects.order_by().values_list("tenancy_id").annotate(Max("created_at")))
    later(DebtHelp.objects.filter(ended_on__lte=on).order_by().values_list("tenancy_id").annotate(Max("ended_on")))
    later(LegalCase.objects.filter(ended_on__lte=on).order_by().values_list("tenancy_id").annotate(Max("ended_on")))
    return days


def local_day(value: date | datetime) -> date:
    return timezone.localdate(value) if isinstance(value, datetime) else value


@dataclass
class Day:
    """What the run knows about every tenancy on the day it runs."""

    on: date
    terms: dict[str, Term]
    blocked: set[int]
    settled: dict[int, date]

    def cutoff(self, kind: str) -> date:
        """Items dated after this day cannot have passed their term (the term runs at the earliest
        from the item's own date)."""
        months = self.terms[kind].months
        return add_months(self.on, -months)

    def past(self, kind: str, tenancy_id: int | None, day: date | datetime) -> bool:
        """Whether an item of this kind and tenancy, dated `day`, has passed its term."""
        if tenancy_id in self.blocked:
            return False
        since = max(local_day(day), self.settled.get(tenancy_id, date.min))
        return self.terms[kind].ends(since) <= self.on


def today(on: date) -> Day:
    return Day(on=on, terms=terms(), blocked=blockers(on), settled=settled_since(on))


# --- The work per kind -------------------------------------------------------------------------


def chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _due(day: Day, kind: str, rows: Iterable[tuple[int, int | None, date | datetime]]) -> list[int]:
    return [pk for pk, tid, when in rows if day.past(kind, tid, when)]


def _delete(model, ids: list[int], dry_run: bool) -> int:
    if not dry_run:
        for part in chunks(ids):
            model.objects.filter(
                pk__in=part
            ).delete()  # a queryset delete: append-only models refuse only delete() on a row
    return len(ids)


def _blank(model, ids: list[int], values: dict, dry_run: bool) -> int:
    if not dry_run:
        for part in chunks(ids):
            model.objects.filter(pk__in=part).update(**values)
    return len(ids)


def contact_notes(day: Day, dry_run: bool) -> list[Count]:
    kind = "contact_notes"
    events = CaseEvent.objects.filter(type__in=CONTACT_TYPES, date__lte=day.cutoff(kind)).values_list(
        "id", "tenancy_id", "date"
    )
    notes = (
        Case.objects.filter(closed_on__lte=day.cutoff(kind))
        .filter(~Q(note="") | ~Q(close_reason=""))
        .values_list("id", "tenancy_id", "closed_on")
    )
    return [
        Count(kind=kind, action=DELETED, count=_delete(CaseEvent, _due(day, kind, events), dry_run)),
        Count(
            kind=kind,
            action=ANONYMISED,
            count=_blank(Case, _due(day, kind, notes), {"note": "", "close_reason": ""}, dry_run),
        ),
    ]


def timeline(day: Day, dry_run: bool) -> list[Count]:
    kind = "timeline"
    events = (
        CaseEvent.objects.exclude(type__in=CONTACT_TYPES)
        .filter(date__lte=day.cutoff(kind))
        .values_list("id", "tenancy_id", "date")
    )
    tasks = (
        Task.objects.exclude(status=Task.Status.OPEN)
        .filter(due_date__lte=day.cutoff(kind))
        .values_list("id", "tenancy_id", "due_date")
    )
    count = _delete(CaseEvent, _due(day, kind, events), dry_run) + _delete(Task, _due(day, kind, tasks), dry_run)
    return [Count(kind=kind, action=DELETED, count=count)]


def _outbox(day: Day, kind: str, letters: bool, dry_run: bool) -> list[Count]:
    rows = (
        OutboxMessage.objects.filter(status__in=FINISHED_MESSAGES, day__lte=day.cutoff(kind))
        .filter(Q(channel="letter") if letters else ~Q(channel="letter"))
        .filter(~Q(recipient="") | ~Q(subject="") | ~Q(body="") | ~Q(last_error=""))
        .values_list("id", "tenancy_id", "day")
    )
    blank = {"recipient": "", "subject": "", "body": "", "last_error": ""}
    return [Count(kind=kind, action=ANONYMISED, count=_blank(OutboxMessage, _due(day, kind, rows), blank, dry_run))]


def messages(day: Day, dry_run: bool) -> list[Count]:
    return _outbox(day, "messages", letters=False, dry_run=dry_run)


def letters(day: Day, dry_run: bool) -> list[Count]:
    return _outbox(day, "letters", letters=True, dry_run=dry_run)


def early_signals(day: Day, dry_run: bool) -> list[Count]:
    """Sent and cancelled signals are deleted; a batch whose signals are all gone keeps its count
    and checksum, but not its content (the names and addresses that went to the municipality)."""
    kind = "early_signals"
    rows = EarlySignal.objects.filter(
        status__in=[EarlySignal.Status.EXPORTED, EarlySignal.Status.CANCELLED], signal_date__lte=day.cutoff(kind)
    ).values_list("id", "tenancy_id", "signal_date")
    due = _due(day, kind, rows)
    gone = set(due)
    exports = defaultdict(list)
    for signal_id, export_id in (
        EarlySignal.objects.filter(export__isnull=False).exclude(export__content="").values_list("id", "export_id")
    ):
        exports[export_id].append(signal_id)
    emptied = [export_id for export_id, signals in exports.items() if gone.issuperset(signals)]
    # A batch all of whose signals were deleted before (an earlier run) is emptied too.
    emptied += list(
        SignalExport.objects.exclude(content="")
        .filter(signals__isnull=True, created_at__date__lte=day.cutoff(kind))
        .values_list("id", flat=True)
    )
    return [
        Count(kind=kind, action=DELETED, count=_delete(EarlySignal, due, dry_run)),
        Count(kind="signal_exports", action=ANONYMISED, count=_blank(SignalExport, emptied, {"content": ""}, dry_run)),
    ]


def municipal_feedback(day: Day, dry_run: bool) -> list[Count]:
    kind = "municipal_feedback"
    rows = (
        EarlySignal.objects.filter(Q(signal_date__lte=day.cutoff(kind)))
        .filter(
            ~Q(feedback_raw="") | ~Q(result_code="") | Q(first_contact__isnull=False) | Q(result_date__isnull=False)
        )
        .values_list("id", "tenancy_id", "signal_date", "result_date")
    )
    due = [pk for pk, tid, sent, result in rows if day.past(kind, tid, max(sent, result or sent))]
    blank = {"feedback_raw": "", "result_code": "", "first_contact": None, "result_date": None}
    return [Count(kind=kind, action=ANONYMISED, count=_blank(EarlySignal, due, blank, dry_run))]


def referrals(day: Day, dry_run: bool) -> list[Count]:
    kind = "referrals"
    rows = (
        Referral.objects.filter(status=Referral.Status.CLOSED)
        .exclude(reason="")
        .values_list("id", "tenancy_id", "created_at")
    )
    return [Count(kind=kind, action=ANONYMISED, count=_blank(Referral, _due(day, kind, rows), {"reason": ""}, dry_run))]


def arrangements(day: Day, dry_run: bool) -> list[Count]:
    kind = "arrangements"
    rows = (
        Arrangement.objects.filter(status__in=[Arrangement.Status.ENDED, Arrangement.Status.REFUSED])
        .filter(Q(net_income_cents__isnull=False) | ~Q(reasons="") | ~Q(household="") | ~Q(end_reason=""))
        .values_list("id", "tenancy_id", "created_at", "ended_on")
    )
    due = [pk for pk, tid, made, ended in rows if day.past(kind, tid, ended or local_day(made))]
    blank = {"net_income_cents": None, "reasons": "", "household": "", "end_reason": ""}
    return [Count(kind=kind, action=ANONYMISED, count=_blank(Arrangement, due, blank, dry_run))]


def pay_links(day: Day, dry_run: bool) -> list[Count]:
    kind = "pay_links"
    rows = (
        PayLink.objects.exclude(status=PayLink.Status.OPEN)
        .filter(~Q(description="") | ~Q(checkout_url=""))
        .values_list("id", "tenancy_id", "created_at")
    )
    return [
        Count(
            kind=kind,
            action=ANONYMISED,
            count=_blank(PayLink, _due(day, kind, rows), {"description": "", "checkout_url": ""}, dry_run),
        )
    ]


def portal_logins(day: Day, dry_run: bool) -> list[Count]:
    kind = "portal_logins"
    rows = LoginLink.objects.values_list("id", "tenancy_id", "created_at")
    return [Count(kind=kind, action=DELETED, count=_delete(LoginLink, _due(day, kind, rows), dry_run))]


def _tenants_past(day: Day, kind: str, since: dict[int, date] | None = None) -> set[int]:
    """Tenants all of whose tenancies ended and have passed the kind's term (fiscal: counted from
    the end of the calendar year in which the data was last needed)."""
    fiscal = kind == "fiscal"
    per_tenant: dict[int, list[tuple[int, date | None]]] = defaultdict(list)
    for tid, tenant_id, end in Tenancy.objects.values_list("id", "tenant_id", "end_date"):
        per_tenant[tenant_id].append((tid, end))
    found = set()
    for tenant_id, tenancies in per_tenant.items():
        if any(end is None or end > day.on for _, end in tenancies):
            continue
        if fiscal:
            ok = all(
                tid not in day.blocked
                and day.terms[kind].ends(date(max(end, day.settled.get(tid, end)).year, 12, 31)) <= day.on
                for tid, end in tenancies
            )
        else:
            ok = all(day.past(kind, tid, end) for tid, end in tenancies)
        if ok:
            found.add(tenant_id)
    return found


def portal_accounts(day: Day, dry_run: bool) -> list[Count]:
    kind = "portal_accounts"
    tenants = _tenants_past(day, kind)
    accounts = PortalAccount.objects.filter(tenant_id__in=tenants).filter(
        Q(user__is_active=True) | ~Q(user__email="") | ~Q(user__first_name="")
    )
    ids = list(accounts.values_list("id", flat=True)) if tenants else []
    if not dry_run and ids:
        users = list(PortalAccount.objects.filter(pk__in=ids).values_list("user_id", flat=True))
        _blank(get_user_model(), users, {"first_name": "", "email": "", "is_active": False}, dry_run)
        _blank(PortalAccount, ids, {"last_login_at": None}, dry_run)
    return [Count(kind=kind, action=ANONYMISED, count=len(ids))]


def help_requests(day: Day, dry_run: bool) -> list[Count]:
    kind = "help_requests"
    rows = HelpRequest.objects.filter(handled_at__isnull=False).values_list("id", "handled_at")
    due = [pk for pk, handled in rows if day.past(kind, None, handled)]
    return [Count(kind=kind, action=DELETED, count=_delete(HelpRequest, due, dry_run))]


def access_log(day: Day, dry_run: bool) -> list[Count]:
    """Lines about a tenancy follow the tenancy; other lines run from their own date."""
    kind = "access_log"
    by_ref = dict(Tenancy.objects.values_list("ref", "id"))
    rows = AccessLog.objects.filter(at__date__lte=day.cutoff(kind)).values_list("id", "object_type", "object_id", "at")
    due = [pk for pk, what, ref, at in rows if day.past(kind, by_ref.get(ref) if what == "tenancy" else None, at)]
    return [Count(kind=kind, action=DELETED, count=_delete(AccessLog, due, dry_run))]


def fiscal(day: Day, dry_run: bool) -> list[Count]:
    """The ledger is kept; the personal fields of a tenant whose tenancies ended longer than the
    fiscal term ago are anonymised, with the IBANs of their mandates, the names of lodgers, bank
    counterparties, the income per year and the free text on pauses, write-offs and measures."""
    tenants = _tenants_past(day, "fiscal")
    ids = (
        list(Tenant.objects.filter(pk__in=tenants).exclude(surname=ANONYMOUS).values_list("id", flat=True))
        if tenants
        else []
    )
    if not dry_run and ids:
        _blank(
            Tenant,
            ids,
            {
                "initials": "",
                "prefix": "",
                "surname": ANONYMOUS,
                "birth_date": None,
                "email": "",
                "phone": "",
                "iban": "",
                "language": "",
                "refused_channels": [],
            },
            dry_run,
        )
        tenancies = list(Tenancy.objects.filter(tenant_id__in=ids).values_list("id", flat=True))
        search.refresh(tenancies)  # the names, numbers and addresses blanked above leave the search
        for part in chunks(tenancies):
            Mandate.objects.filter(tenancy_id__in=part).update(iban="")
            LodgerPermission.objects.filter(tenancy_id__in=part).update(lodger_name=ANONYMOUS)
            Pause.objects.filter(tenancy_id__in=part).update(note="")
            WriteOff.objects.filter(tenancy_id__in=part).update(reason="", conditions="", open_question="")
            WriteOffStep.objects.filter(write_off__tenancy_id__in=part).update(note="")
            Measure.objects.filter(tenancy_id__in=part).update(note="")
            # A counsellor's free text (heroverweging, statusbericht) and the written reasons of
            # decisions go; the claim's figures in the balance answers stay with the ledger.
            DebtMessage.objects.filter(tenancy_id__in=part).update(why="")
            DebtMessage.objects.filter(
                tenancy_id__in=part, type__in=[DebtMessage.Type.HEROVERWEGING, DebtMessage.Type.STATUSBERICHT]
            ).update(payload={})
            RentYearFacts.objects.filter(tenancy_id__in=part).update(income=None, note="")
            # The legal track's dates and stages stay with the figures; the court's and our words go.
            LegalCase.objects.filter(tenancy_id__in=part).update(conditions="", hold_reason="")
            LegalStep.objects.filter(legal_case__tenancy_id__in=part).update(note="", decided_by_name="", document="")
            BankTransaction.objects.filter(tenancy_id__in=part).update(counterparty_name="", counterparty_iban="")
    return [Count(kind="fiscal", action=ANONYMISED, count=len(ids))]


# Feedback before signals: a signal deleted today has its feedback blanked first, so a dry run
# counts exactly what the real run does.
STEPS = (
    contact_notes,
    timeline,
    messages,
    letters,
    municipal_feedback,
    early_signals,
    referrals,
    arrangements,
    pay_links,
    portal_logins,
    portal_accounts,
    help_requests,
    access_log,
    fiscal,
)


def run(on: date, *, dry_run: bool = False) -> list[Count]:
    """The day's retention, all or nothing. Every step decides from the same `Day`, read before
    anything changes."""
    with transaction.atomic():
        day = today(on)
        counts = [count for step in STEPS for count in step(day, dry_run)]
    return counts
