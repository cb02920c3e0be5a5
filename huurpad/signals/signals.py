"""Early signals to the municipality: prepared from the policy's proposals, checked again,
approved when the policy asks for it, exported per municipality with exactly the VNG
vroegsignalering fields, and the municipality's feedback acted on (docs/signals.md)."""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from django.db import IntegrityError, transaction

from huurpad.cases import events, tasks
from huurpad.cases.models import CaseEvent
from huurpad.collection import proposals
from huurpad.collection.models import PolicyVersion, Proposal
from huurpad.core import csvsafe
from huurpad.core.money import fmt, fmt_eur, from_cents, to_cents
from huurpad.messaging import compose
from huurpad.solutions.models import Pause
from huurpad.tenancies import arrears, fields
from huurpad.tenancies.models import Municipality, Tenancy

from .models import EarlySignal, SignalExport

S = EarlySignal.Status
# What leaves the building, in this order: the VNG vroegsignalering model (FACTS.md §1):
# Vroegsignaal, Signaalpartner.type and Client with its contact details. Nothing more.
FIELDS = (
    "kenmerk",
    "bedrag",
    "ontstaansdatum",
    "signaaldatum",
    "crisissignaal",
    "warmeOverdracht",
    "signaalpartnerType",
    "voorletters",
    "voorvoegsel",
    "achternaam",
    "geboortedatum",
    "straatnaam",
    "huisnummer",
    "huisnummertoevoeging",
    "postcode",
    "plaatsnaam",
    "telefoon",
    "email",
)
FORMATS = ("csv", "json")
# The columns we format ourselves as numbers, dates or true/false: left as written in a CSV export
# (the municipality's system reads 'bedrag' as a number). Every other column is free text and is
# neutralised against formulas (core.csvsafe).
NUMERIC_FIELDS = (
    "bedrag",
    "ontstaansdatum",
    "signaaldatum",
    "crisissignaal",
    "warmeOverdracht",
    "geboortedatum",
    "huisnummer",
)
PHONE_FIELDS = ("telefoon",)


class SignalError(ValueError):
    """Bad input (a feedback file, an unknown signal); the message names where and what."""


class UnknownMunicipality(SignalError):
    """A municipality code that is not a CBS code, or that no municipality, tenancy or signal has."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def known_municipality(code: str) -> str:
    """The code as stored ('GM0344') from every form the tenancy import accepts ('0344', '344',
    'gm0344'): one normaliser, tenancies.fields.municipality_code. A code that nothing here has is
    an error, never an export of nothing."""
    try:
        normal = fields.municipality_code(code)
    except fields.FieldError as exc:
        raise UnknownMunicipality(str(code), f"municipality: {exc}") from None
    known = (
        Municipality.objects.filter(code=normal).exists()
        or Tenancy.objects.filter(municipality_code=normal).exists()
        or EarlySignal.objects.filter(municipality_code=normal).exists()
    )
    if not known:
        raise UnknownMunicipality(
            str(code), f"municipality: {code!r} ({normal}) is unknown: no municipality, tenancy or signal has it"
        )
    return normal


# --- preparing ------------------------------------------------------------------------------


def unprepared(up_to: date):
    """The policy's early_signal proposals up to D that are not yet a signal."""
    return Proposal.objects.filter(
        action="early_signal", status=Proposal.Status.QUEUED, due_date__lte=up_to, early_signal__isnull=True
    )


def prepare(up_to: date) -> int:
    """Turn the policy's early_signal proposals up to D into signals, checking again what may have
    changed since: an objection, the covenant, the arrears. Returns how many were prepared. Called
    after the day's run (collection.daily), by the export, and by an officer ('Klaarzetten')."""
    waiting = list(unprepared(up_to).select_related("tenancy"))
    if not waiting:
        return 0
    needs_approval = PolicyVersion.current().load().signal_needs_approval
    blocked = _blockers([p.tenancy for p in waiting], up_to)
    prepared = 0
    for proposal in waiting:
        tenancy = proposal.tenancy
        why_not, row = blocked[tenancy.id]
        try:
            with transaction.atomic():
                EarlySignal.objects.create(
                    tenancy=tenancy,
                    proposal=proposal,
                    municipality_code=tenancy.municipality_code,
                    status=S.CANCELLED if why_not else S.AWAITING if needs_approval else S.PREPARED,
                    cancel_reason=why_not,
                    amount_cents=to_cents(row.position.arrears) if row else 0,
                    arrears_since=(row.position.oldest_unpaid_due_date if row else None) or proposal.due_date,
                    signal_date=proposal.due_date,
                    crisis=proposal.facts.get("crisis") == "true" or _crisis(tenancy),
                    warm_handover=_warm(tenancy),
                )
                if why_not:
                    proposals.dismiss(proposal.pk)
        except IntegrityError:  # prepared meanwhile (the run, an export or an officer at the same moment)
            continue
        prepared += not why_not
    return prepared


def _blockers(tenancies: list[Tenancy], on: date) -> dict[int, tuple[str, object]]:
    """Per tenancy: why a signal may not go (empty when it may), and its arrears row. Checked when
    a signal is prepared and again when it is exported: an objection, the covenant withdrawn or
    the arrears paid in between stop it."""
    ids = [t.id for t in tenancies]
    unsigned = set(Municipality.objects.filter(covenant_signed=False).values_list("code", flat=True))
    objected = set(
        CaseEvent.objects.filter(tenancy_id__in=ids, type=CaseEvent.Type.DATA_SHARING_OBJECTION).values_list(
            "tenancy_id", flat=True
        )
    )
    rows = {r.tenancy_id: r for r in arrears.compute(on, Tenancy.objects.filter(id__in=ids))}
    found = {}
    for tenancy in tenancies:
        row = rows.get(tenancy.id)
        why_not = (
            "de huurder maakte bezwaar tegen het doorgeven van gegevens"
            if tenancy.id in objected
            else f"gemeente {tenancy.municipality_code} heeft het convenant vroegsignalering niet getekend"
            if tenancy.municipality_code in unsigned
            else "er is geen achterstand meer"
            if row is None or row.position.arrears <= 0
            else ""
        )
        found[tenancy.id] = (why_not, row)
    return found


def _cancel(signal: EarlySignal, why: str) -> None:
    EarlySignal.objects.filter(pk=signal.pk).update(status=S.CANCELLED, cancel_reason=why)
    proposals.dismiss(signal.proposal_id)


def _crisis(tenancy: Tenancy) -> bool:
    """Eviction threatens: the case went to a bailiff, an eviction was scheduled, or a team leader
    approved the next step towards court. The municipality then reaches out within 3 working days
    (Wgs art. 4). The crisis signal the policy proposes for a scheduled eviction says so itself
    (core/policy/eviction.py)."""
    return (
        tenancy.events.filter(type__in=[CaseEvent.Type.BAILIFF_HANDOVER, CaseEvent.Type.EVICTION_SCHEDULED]).exists()
        or tenancy.events.filter(type=CaseEvent.Type.ESCALATION_DECIDED, params__approved=True).exists()
    )


def _warm(tenancy: Tenancy) -> bool:
    """A warm handover: the household is being handed to the municipality's debt help in person."""
    return tenancy.referrals.filter(partner__kind="schuldhulp", status="open").exists()


def approve(signal: EarlySignal, *, acting_user) -> bool:
    """A team leader's approval, where the policy asks for one. False if someone was first."""
    return bool(
        EarlySignal.objects.filter(pk=signal.pk, status=S.AWAITING).update(status=S.PREPARED, approved_by=acting_user)
    )


# --- exporting ------------------------------------------------------------------------------


def record(signal: EarlySignal) -> dict:
    """The signal as the municipality receives it: FIELDS, nothing else."""
    tenancy, person = signal.tenancy, signal.tenancy.tenant
    return {
        "kenmerk": signal.reference,
        "bedrag": f"{from_cents(signal.amount_cents):.2f}",
        "ontstaansdatum": signal.arrears_since.isoformat(),
        "signaaldatum": signal.signal_date.isoformat(),
        "crisissignaal": signal.crisis,
        "warmeOverdracht": signal.warm_handover,
        "signaalpartnerType": "Huur",
        "voorletters": person.initials,
        "voorvoegsel": person.prefix,
        "achternaam": person.surname,
        "geboortedatum": person.birth_date.isoformat() if person.birth_date else "",
        "straatnaam": tenancy.street,
        "huisnummer": tenancy.house_number,
        "huisnummertoevoeging": tenancy.house_number_suffix,
        "postcode": tenancy.postcode,
        "plaatsnaam": tenancy.city,
        "telefoon": person.phone,
        "email": person.email,
    }


def render(records: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        values = {k: ("true" if v is True else "false" if v is False else v) for k, v in r.items()}
        writer.writerow(csvsafe.row(values, numeric=NUMERIC_FIELDS, phones=PHONE_FIELDS))
    return out.getvalue()


@dataclass
class Export:
    content: str
    count: int
    batch: SignalExport | None = None


def export(municipality_code: str, fmt: str, up_to: date, *, acting_user=None, dry_run: bool = False) -> Export:
    """Every signal prepared for the municipality up to D and not yet exported, in one batch. Not
    a dry run: the batch is kept as written, the signals are marked sent (the policy's step done,
    'Vroegsignaal verstuurd' on the timeline) and each tenant gets the signal notice letter."""
    if fmt not in FORMATS:
        raise SignalError(f"format must be csv or json, not {fmt!r}")
    municipality_code = known_municipality(municipality_code)
    prepare(up_to)
    with transaction.atomic():
        signals = list(
            EarlySignal.objects.select_for_update(of=("self",))
            .filter(municipality_code=municipality_code, status=S.PREPARED, signal_date__lte=up_to)
            .select_related("tenancy__tenant", "proposal")
            .order_by("signal_date", "id")
        )
        blocked = _blockers([s.tenancy for s in signals], up_to) if signals else {}
        for signal in [s for s in signals if blocked[s.tenancy_id][0]]:
            if not dry_run:
                _cancel(signal, blocked[signal.tenancy_id][0])
        signals = [s for s in signals if not blocked[s.tenancy_id][0]]
        for signal in signals:  # the amount as it stands on the day it goes
            signal.amount_cents = to_cents(blocked[signal.tenancy_id][1].position.arrears)
        content = render([record(s) for s in signals], fmt)
        if dry_run or not signals:
            return Export(content, len(signals))
        batch = SignalExport.objects.create(
            municipality_code=municipality_code,
            format=fmt,
            up_to=up_to,
            created_by=acting_user,
            count=len(signals),
            content=content,
            sha256=hashlib.sha256(content.encode()).hexdigest(),
        )
        municipality = Municipality.objects.filter(code=municipality_code).first()
        for signal in signals:
            EarlySignal.objects.filter(pk=signal.pk).update(
                status=S.EXPORTED, export=batch, amount_cents=signal.amount_cents
            )
            proposals.carry_out(signal.proposal, acting_user=acting_user, on=up_to)
            if municipality is not None:
                compose.queue_letter(
                    signal.tenancy,
                    "signal_notice",
                    acting_user=acting_user,
                    day=up_to,
                    amount=signal.amount,
                    ref=signal.tenancy.ref,
                    municipality=municipality.name,
                    signal_date=signal.signal_date,
                    debt_help=municipality.debt_help,
                )
    return Export(content, len(signals), batch)


# --- feedback --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    code: str  # as the municipality writes it (VNG Eindresultaat), compared without case
    effect: str  # what Huurpad does: pause | no_repeat | unjustified | visit | deceased | none


RESULTS = [
    Result("Inwoner heeft hulp geaccepteerd", "pause"),
    Result("Inwoner al bekend bij schuldhulpverlening", "pause"),
    Result("Inwoner heeft al een ander lopend traject", "pause"),
    Result("Niet opgepakt: herhaalde melding", "no_repeat"),
    Result("Niet opgepakt: onterecht signaal", "unjustified"),
    Result("Niet opgepakt: andere reden", "none"),
    Result("Definitief geen contact kunnen krijgen", "visit"),
    Result("Geen reactie na eerder contact", "visit"),
    Result("Inwoner is overleden", "deceased"),
    Result("Persoon is geen inwoner (meer) in de gemeente", "none"),
    Result("Inwoner hoeft geen hulp vanuit vroegsignalering", "none"),
    Result("Inwoner heeft zelf al betaald/betalingsregeling getroffen", "none"),
    Result("(Budget)advies en/of quick fix", "none"),
]
BY_CODE = {r.code.lower(): r for r in RESULTS}
HELP_PAUSE_DAYS = 30  # LCV: collection waits up to 30 days once the household accepted help


@dataclass
class FeedbackResult:
    applied: int = 0
    unchanged: int = 0
    effects: list[str] = field(default_factory=list)


def apply_feedback(
    signal: EarlySignal,
    code: str,
    on: date,
    *,
    first_contact: date | None = None,
    creditors: int | None = None,
    raw: str = "",
    acting_user=None,
) -> str:
    """One result from the municipality: stored as received, on the timeline, and its effect.
    The same result again changes nothing. Returns what was done, in Dutch."""
    result = BY_CODE.get(code.strip().lower())
    if result is None:
        raise SignalError(f"unknown result {code!r}; known: {'; '.join(r.code for r in RESULTS)}")
    if signal.result_code == result.code and signal.result_date == on:
        return ""
    tenancy = signal.tenancy
    with transaction.atomic():
        EarlySignal.objects.filter(pk=signal.pk).update(
            result_code=result.code, result_date=on, first_contact=first_contact, feedback_raw=raw or result.code
        )
        # 'Herhaalde melding': the policy reads the amount of this signal from the timeline and
        # signals again only when the arrears are higher (core.policy.rules.signal_blockers).
        repeat = {"no_repeat_above": fmt(signal.amount)} if result.effect == "no_repeat" else {}
        events.signal_feedback(tenancy, on, result=result.code, acting_user=acting_user, **repeat).save()
        if creditors and creditors > 1:
            events.creditors_reported(tenancy, on, count=creditors, acting_user=acting_user).save()
        done = _effect(result, signal, on, acting_user=acting_user)
    return done


def _effect(result: Result, signal: EarlySignal, on: date, *, acting_user) -> str:
    tenancy = signal.tenancy
    if result.effect == "pause":
        if tenancy.pauses.filter(ended_on__isnull=True).exists():
            return "er liep al een pauze"
        pause = Pause.objects.create(
            tenancy=tenancy,
            reason=Pause.Reason.MUNICIPAL_HELP,
            start=on,
            review_date=on + timedelta(days=HELP_PAUSE_DAYS),
            created_by=acting_user,
            note="terugkoppeling van de gemeente",
        )
        events.pause_started(
            tenancy, on, reason=pause.reason, review_date=pause.review_date.isoformat(), acting_user=acting_user
        ).save()
        return f"pauze tot {pause.review_date.isoformat()}"
    if result.effect == "visit":
        tasks.store(
            tasks.home_visit(
                tenancy,
                on,
                explanation="De gemeente kreeg geen contact na het vroegsignaal. Ga langs, of laat een kaartje achter.",
            )
        )
        return "taak: huisbezoek"
    if result.effect == "deceased":
        tasks.store(
            tasks.deceased(
                tenancy,
                on,
                explanation="De gemeente meldt dat de huurder is overleden. Stop de stappen en zoek contact met de nabestaanden.",
            )
        )
        return "taak: overlijden"
    if result.effect == "unjustified":
        return "genoteerd voor de evaluatie van de drempel"
    if result.effect == "no_repeat":
        return f"niet opnieuw melden tot de achterstand hoger is dan {fmt_eur(signal.amount)}"
    return "vastgelegd"


FEEDBACK_COLUMNS = ("kenmerk", "resultaat", "datum")


def _result(value) -> str:
    if (value or "").strip().lower() not in BY_CODE:
        raise fields.FieldError(f"{value!r} is not a known result")
    return value


# The fields of a feedback line after `kenmerk`, and how each is read: an error names the field.
FEEDBACK_FIELDS = {
    "resultaat": _result,
    "datum": fields.date_in_years,
    "eerste_contact": partial(fields.date_in_years, required=False),
    "schuldeisers": partial(fields.integer, required=False, minimum=0),
}


def import_feedback(path: Path, *, acting_user=None) -> FeedbackResult:
    """The municipality's results in a CSV file (kenmerk, resultaat, datum, optional eerste_contact
    and schuldeisers). Every line is checked first; any error and nothing is applied."""
    name, problems, rows = path.name, [], []
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise SignalError(f"{name}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in FEEDBACK_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SignalError(f"{name}: line 1: missing column(s) {', '.join(missing)}")
    signals = {s.reference: s for s in EarlySignal.objects.filter(status=S.EXPORTED).select_related("tenancy")}
    for line, row in enumerate(reader, start=2):
        found, wrong = {"kenmerk": signals.get((row.get("kenmerk") or "").strip())}, []
        if found["kenmerk"] is None:
            wrong.append(f"{name}: line {line}: kenmerk: {row.get('kenmerk')!r} is not a signal we sent")
        for column, read in FEEDBACK_FIELDS.items():
            try:
                found[column] = read(row.get(column))
            except fields.FieldError as exc:
                wrong.append(f"{name}: line {line}: {column}: {exc}")
        if wrong:
            problems += wrong
            continue
        rows.append(
            (
                found["kenmerk"],
                found["resultaat"],
                found["datum"],
                found["eerste_contact"],
                found["schuldeisers"],
                json.dumps(row, ensure_ascii=False),
            )
        )
    if problems:
        raise SignalError("\n".join(problems))
    result = FeedbackResult()
    with transaction.atomic():
        for signal, code, on, contact, creditors, raw in rows:
            done = apply_feedback(
                signal, code, on, first_contact=contact, creditors=creditors, raw=raw, acting_user=acting_user
            )
            if done:
                result.applied += 1
                result.effects.append(f"{signal.reference}: {done}")
            else:
                result.unchanged += 1
            signal.refresh_from_db()
    return result


# --- history --------------------------------------------------------------------------------


@dataclass
class MunicipalityFigures:
    code: str
    name: str
    sent: int = 0
    answered: int = 0
    help: int = 0  # picked up: help accepted or already in a trajectory
    unjustified: int = 0
    days_to_contact: list[int] = field(default_factory=list)

    @property
    def median_days(self) -> int | None:
        days = sorted(self.days_to_contact)
        return days[len(days) // 2] if days else None


def by_municipality() -> list[MunicipalityFigures]:
    names = dict(Municipality.objects.values_list("code", "name"))
    found: dict[str, MunicipalityFigures] = {}
    rows = EarlySignal.objects.filter(status=S.EXPORTED).values_list(
        "municipality_code", "result_code", "signal_date", "first_contact"
    )
    for code, result, sent, contact in rows:
        m = found.setdefault(code, MunicipalityFigures(code, names.get(code, code)))
        m.sent += 1
        if result:
            m.answered += 1
            effect = BY_CODE[result.lower()].effect if result.lower() in BY_CODE else "none"
            m.help += effect == "pause"
            m.unjustified += effect == "unjustified"
        if contact:
            m.days_to_contact.append((contact - sent).days)
    return sorted(found.values(), key=lambda m: m.name)
