"""The court evidence pack (bewijsdossier): for a case heading to court, what the summons must
show (FACTS.md §1): the arrears statement, the reminder letters, every contact attempt, when debt
help was pointed out, the offer to pass the data on and the absence of an objection, the early
signal with its date and content, the municipality's feedback, arrangements and pauses. It says
whether the Rotterdam two-month rule is met and lists what is missing.

`assemble` reads it all for one tenancy; `pdf` prints it (WeasyPrint, A4); `zip_file` adds the
originals: each letter sent as its own PDF, this signal's part of the export exactly as it left,
the feedback as received, and the timeline as JSON.

The figures and the Bgs checklist are those of the tenancy page (the same core functions); the
pack only gathers and prints.
"""

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from huurpad.cases.models import CaseEvent
from huurpad.core import ledger
from huurpad.core.calendar import add_months
from huurpad.core.dutch import channel_nl, date_nl
from huurpad.core.money import ZERO, fmt_eur, to_cents
from huurpad.core.policy.labels import action_label
from huurpad.messaging import letters
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.messaging.texts import Message
from huurpad.solutions.models import Arrangement
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry

from .checklist import bgs_checklist
from .models import EarlySignal
from .timeline import event_details

T = CaseEvent.Type
# Rb Rotterdam, from 1-5-2024: no termination when fewer than two months lie between the early
# signal and the summons (FACTS.md §1). A court's rule, so a constant rather than policy.
ROTTERDAM_MONTHS = 2
SUMMONS_LEAD = timedelta(days=14)
# Every step of the legal track is on the timeline (huurpad/legal/track.py writes each one).
LEGAL_TYPES = (
    T.BAILIFF_HANDOVER,
    T.SUMMONS_SERVED,
    T.HEARING,
    T.JUDGMENT,
    T.JUDGMENT_SERVED,
    T.EVICTION_SCHEDULED,
    T.EVICTION_CANCELLED,
    T.EVICTION_EXECUTED,
    T.STRUCK_OUT,
    T.LEGAL_HOLD,
)  # the summons date assumed when none is given


@dataclass(frozen=True)
class Item:
    """One dated line of a section: what happened, its details, perhaps a longer text (a letter,
    the export record) and the name of its original in the ZIP."""

    date: date | None
    title: str
    details: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""
    file: str = ""
    mono: bool = False  # the text is a file's content: printed in a fixed-width font


@dataclass(frozen=True)
class Missing:
    code: str  # no_arrears, bgs_a..bgs_d, objection, no_signal, rotterdam, ...
    text: str


@dataclass(frozen=True)
class OpenLine:
    due_date: date
    label: str
    description: str
    amount: object
    paid: object
    open: object


@dataclass
class Pack:
    tenancy: object
    today: date
    summons_date: date
    sender: Sender | None
    position: ledger.Position
    open_items: list[OpenLine]
    open_total: object
    bgs: dict | None
    reminders: list[Item]
    letters: list[Item]
    contacts: list[Item]
    messages: list[Item]
    debt_help: list[Item]
    data_sharing: list[Item]
    objections: list[Item]
    signals: list[Item]
    feedback: list[Item]
    arrangements: list[Item]
    pauses: list[Item]
    timeline: list[CaseEvent]
    signal_date: date | None  # the signal the Rotterdam rule counts from
    rotterdam_from: date | None  # the first summons date that meets it
    rotterdam_rule_met: bool
    missing: list[Missing]
    # The originals for the ZIP: (file name, OutboxMessage) per letter, (file name, text) per file.
    letter_files: list[tuple[str, OutboxMessage]] = field(default_factory=list)
    text_files: list[tuple[str, str]] = field(default_factory=list)
    signal_problems: list[Missing] = field(default_factory=list)  # found while reading the signals
    legal: list[Item] = field(default_factory=list)  # every step of the legal track (huurpad/legal), from the timeline

    @property
    def sections(self) -> list[tuple[str, str, list[Item], str]]:
        """(anchor, heading, items, what to say when empty), in the order of the PDF."""
        return [
            ("herinneringen", "Herinneringen", self.reminders, "Geen herinneringsbrief op de tijdlijn."),
            ("brieven", "Verstuurde brieven", self.letters, "Geen verstuurde brieven in Huurpad."),
            ("contact", "Contactpogingen", self.contacts, "Geen contactpogingen vastgelegd."),
            ("berichten", "Berichten (sms, WhatsApp, e-mail)", self.messages, "Geen berichten verstuurd."),
            (
                "schuldhulp",
                "Gewezen op schuldhulp",
                self.debt_help,
                "Nergens vastgelegd dat de huurder op schuldhulp is gewezen.",
            ),
            (
                "gegevens",
                "Aanbod om gegevens door te geven aan de gemeente",
                self.data_sharing,
                "Het doorgeven van gegevens is niet aangeboden in een herinneringsbrief.",
            ),
            (
                "bezwaar",
                "Bezwaar tegen het doorgeven van gegevens",
                self.objections,
                "Geen bezwaar vastgelegd: de huurder heeft geen bezwaar gemaakt.",
            ),
            ("vroegsignaal", "Vroegsignaal aan de gemeente", self.signals, "Geen vroegsignaal verstuurd."),
            (
                "terugkoppeling",
                "Terugkoppeling van de gemeente",
                self.feedback,
                "Nog geen terugkoppeling van de gemeente ontvangen.",
            ),
            ("regelingen", "Betalingsregelingen", self.arrangements, "Geen betalingsregelingen."),
            ("pauzes", "Pauzes", self.pauses, "Geen pauzes."),
            ("juridisch", "Juridisch traject", self.legal, "Geen stappen bij de deurwaarder of de rechter."),
        ]

    @property
    def file_names(self) -> list[str]:
        """Every file in the ZIP, the pack's own PDF first."""
        printed = self.letter_files if self.sender is not None else []  # letters need the letterhead
        return [self.pdf_name, *(name for name, _ in printed), *(name for name, _ in self.text_files)]

    @property
    def pdf_name(self) -> str:
        return f"bewijsdossier-{safe(self.tenancy.ref)}-{self.today.isoformat()}.pdf"

    @property
    def zip_name(self) -> str:
        return f"bewijsdossier-{safe(self.tenancy.ref)}-{self.today.isoformat()}.zip"


def safe(text: str) -> str:
    """A piece of a file name: letters, digits, dot, dash and underscore."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "x"


def yes_no(value) -> str:
    return "ja" if value else "nee"


def assemble(tenancy, summons_date: date | None = None, *, today: date | None = None) -> Pack:
    """Everything the court asks for about this tenancy, as it stands today, for a summons on
    `summons_date` (by default two weeks from today)."""
    today = today or timezone.localdate()
    summons_date = summons_date or today + SUMMONS_LEAD

    # The figures and the checklist, as the tenancy page works them out.
    events = list(tenancy.events.filter(date__lte=today).select_related("actor").order_by("-date", "-id"))
    entries = tenancy.core_entries(today)
    row = arrears.one(
        tenancy, entries, to_cents(tenancy.monthly_due_on(today)), [(e.date, e.type) for e in events], today
    )
    bgs = bgs_checklist(tenancy, row, entries, events, today)
    descriptions = dict(tenancy.ledger_entries.values_list("external_id", "description"))
    open_items = [
        OpenLine(
            i.due_date,
            LedgerEntry.KIND_LABELS[i.kind.value],
            descriptions.get(i.external_id, ""),
            i.amount,
            i.paid,
            i.open,
        )
        for i in ledger.open_items(entries, on=today)
        if i.open > 0
    ]
    events.reverse()  # oldest first from here on: the order a court reads
    by_type: dict[str, list[CaseEvent]] = {}
    for event in events:
        by_type.setdefault(event.type, []).append(event)

    def items(*types: str) -> list[Item]:
        found = sorted((e for t in types for e in by_type.get(t, [])), key=lambda e: (e.date, e.id))
        return [Item(e.date, e.get_type_display(), event_details(e.params)) for e in found]

    reminder_events = sorted(
        by_type.get(T.REMINDER_LETTER, []) + by_type.get(T.WIK_LETTER, []), key=lambda e: (e.date, e.id)
    )
    sender = Sender.objects.order_by("id").first()
    pack = Pack(
        tenancy=tenancy,
        today=today,
        summons_date=summons_date,
        sender=sender,
        position=row.position,
        open_items=open_items,
        open_total=sum((i.open for i in open_items), ZERO),
        bgs=bgs,
        reminders=items(T.REMINDER_LETTER, T.WIK_LETTER),
        letters=[],
        contacts=items(T.CONTACT_ATTEMPT),
        messages=[],
        debt_help=items(T.DEBT_HELP_POINTED)
        + [Item(e.date, "In de herinneringsbrief") for e in reminder_events if e.params.get("points_to_debt_help")],
        data_sharing=[
            Item(e.date, "Aangeboden in de herinneringsbrief")
            for e in reminder_events
            if e.params.get("offers_data_sharing")
        ],
        objections=items(T.DATA_SHARING_OBJECTION),
        signals=[],
        feedback=[],
        arrangements=[],
        pauses=[],
        timeline=events,
        signal_date=None,
        rotterdam_from=None,
        rotterdam_rule_met=False,
        missing=[],
    )
    pack.debt_help.sort(key=lambda i: i.date)
    pack.legal = items(*LEGAL_TYPES)
    _messages(pack)
    _signals(pack, by_type, bgs["since"] if bgs else None)
    _solutions(pack, by_type)
    pack.text_files.append(("tijdlijn.json", timeline_json(pack)))
    if pack.signal_date is not None:
        pack.rotterdam_from = add_months(pack.signal_date, ROTTERDAM_MONTHS)
        pack.rotterdam_rule_met = summons_date >= pack.rotterdam_from
    pack.missing = _missing(pack, by_type, reminder_events)
    return pack


def _messages(pack: Pack) -> None:
    """The letters and messages that went out, with their text: letters also as their own PDF."""
    sent = pack.tenancy.outbox.filter(status=OutboxMessage.Status.SENT).order_by("day", "id")
    for m in sent:
        day = m.went_out_on  # the date of its timeline event (outbox.mark_sent)
        details = [("Soort", action_label(m.action)), ("Kanaal", channel_nl(m.channel)), ("Ons kenmerk", m.reference)]
        if m.channel == "letter":
            name = f"brieven/{day.isoformat()}-{safe(m.reference)}-{safe(m.action)}.pdf"
            pack.letter_files.append((name, m))
            pack.letters.append(Item(day, m.subject or action_label(m.action), details, text=m.body, file=name))
        else:
            pack.messages.append(Item(day, m.subject or action_label(m.action), details, text=m.body))


def sent_on(signal: EarlySignal) -> date:
    """The day the signal went to the municipality: its batch's day (what the timeline shows),
    never before the signal's own date."""
    return max(signal.signal_date, signal.export.up_to)


def _signals(pack: Pack, by_type: dict, episode_start: date | None) -> None:
    """The signals with what the municipality received, and its feedback."""
    signals = list(pack.tenancy.early_signals.select_related("export").order_by("signal_date", "id"))
    exported = [s for s in signals if s.status == EarlySignal.Status.EXPORTED and s.export_id]
    known_days = {d for s in exported for d in (s.signal_date, sent_on(s))}
    counted: list[date] = []
    for s in signals:
        details = [
            ("Kenmerk", s.reference),
            ("Gemeente", s.municipality_code),
            ("Bedrag", fmt_eur(s.amount)),
            ("Achterstand sinds", date_nl(s.arrears_since)),
            ("Signaaldatum", date_nl(s.signal_date)),
            ("Crisissignaal", yes_no(s.crisis)),
            ("Warme overdracht", yes_no(s.warm_handover)),
        ]
        if s not in exported:
            why = f": {s.cancel_reason}" if s.cancel_reason else ""
            pack.signals.append(
                Item(s.signal_date, f"Vroegsignaal {s.reference}, {s.get_status_display().lower()}{why}", details)
            )
            continue
        day, batch = sent_on(s), s.export
        details += [
            ("Verstuurd op", date_nl(day)),
            ("Exportbestand", f"nr. {batch.pk}, {batch.format.upper()}, {batch.count} signalen"),
            ("Bestand gemaakt op", date_nl(timezone.localdate(batch.created_at))),
            ("SHA-256 van het hele bestand", batch.sha256),
        ]
        text, ext = signal_record(s)
        name = ""
        if text:
            name = f"vroegsignaal/{safe(s.reference)}-export-{batch.pk}.{ext}"
            pack.text_files.append((name, text))
        else:
            pack.signal_problems.append(
                Missing(
                    "signal_record",
                    (
                        f"Vroegsignaal {s.reference} is niet terug te vinden in exportbestand nr. {batch.pk}. "
                        "Leg het hele bestand apart aan de rechter voor; het bevat ook andere huishoudens."
                    ),
                )
            )
        pack.signals.append(
            Item(day, f"Vroegsignaal {s.reference} verstuurd", details, text=text, file=name, mono=True)
        )
        if episode_start is None or day >= episode_start:
            counted.append(day)
        if s.result_code or s.feedback_raw:
            raw = s.feedback_raw or s.result_code
            name = f"terugkoppeling/{safe(s.reference)}.{'json' if _is_json(raw) else 'txt'}"
            pack.text_files.append((name, raw))
            pack.feedback.append(
                Item(
                    s.result_date,
                    f"Resultaat voor {s.reference}: {s.result_code or 'zie de tekst'}",
                    [("Eerste contact gemeente", date_nl(s.first_contact) if s.first_contact else "niet gemeld")],
                    text=raw,
                    file=name,
                    mono=True,
                )
            )
    # Signals known only from the timeline (history imported from an earlier system).
    for e in by_type.get(T.EARLY_SIGNAL_SENT, []):
        if e.date in known_days:
            continue
        pack.signals.append(Item(e.date, "Vroegsignaal verstuurd (alleen op de tijdlijn)", event_details(e.params)))
        pack.signal_problems.append(
            Missing(
                "signal_content",
                (
                    f"Het vroegsignaal van {date_nl(e.date)} staat alleen op de tijdlijn; de inhoud staat niet in Huurpad."
                ),
            )
        )
        if episode_start is None or e.date >= episode_start:
            counted.append(e.date)
    pack.signals.sort(key=lambda i: i.date)
    stored = {(s.result_date, s.result_code) for s in exported if s.result_code}  # shown above, with the text
    for e in sorted(
        by_type.get(T.SIGNAL_FEEDBACK, []) + by_type.get(T.CREDITORS_REPORTED, []), key=lambda e: (e.date, e.id)
    ):
        if e.type == T.SIGNAL_FEEDBACK and (e.date, e.params.get("result")) in stored:
            continue
        title = f"Gemeente meldt: {e.params.get('result', '')}" if e.type == T.SIGNAL_FEEDBACK else e.get_type_display()
        pack.feedback.append(Item(e.date, title, [] if e.type == T.SIGNAL_FEEDBACK else event_details(e.params)))
    pack.feedback.sort(key=lambda i: i.date or date.min)
    # The first signal in the current arrears counts: the court wants it long enough before.
    pack.signal_date = min(counted, default=None)


def _solutions(pack: Pack, by_type: dict) -> None:
    for a in pack.tenancy.arrangements.order_by("created_at", "id"):
        details = [
            ("Status", a.get_status_display()),
            ("Achterstand bij de start", fmt_eur(a.arrears_at_start)),
            ("Termijn", fmt_eur(a.instalment)),
            ("Aantal termijnen", str(a.count)),
            ("Eerste termijn", date_nl(a.first_due)),
        ]
        if a.ended_on:
            details.append(("Beëindigd op", f"{date_nl(a.ended_on)}{f' ({a.end_reason})' if a.end_reason else ''}"))
        day = a.started_on or timezone.localdate(a.created_at)
        pack.arrangements.append(Item(day, "Betalingsregeling" + ("" if a.started_on else " (voorgesteld)"), details))
    for p in pack.tenancy.pauses.order_by("start", "id"):
        details = [("Reden", p.get_reason_display()), ("Evaluatiedatum", date_nl(p.review_date))]
        if p.note:
            details.append(("Toelichting", p.note))
        details.append(("Beëindigd op", date_nl(p.ended_on) if p.ended_on else "loopt nog"))
        pack.pauses.append(Item(p.start, "Pauze", details))
    # Imported history has events but no rows.
    for kind, target in (
        (T.ARRANGEMENT_STARTED, pack.arrangements),
        (T.ARRANGEMENT_ENDED, pack.arrangements),
        (T.PAUSE_STARTED, pack.pauses),
        (T.PAUSE_ENDED, pack.pauses),
    ):
        for e in by_type.get(kind, []):
            if e.source != "huurpad":
                target.append(
                    Item(e.date, f"{e.get_type_display()} (uit de eerdere administratie)", event_details(e.params))
                )
    pack.arrangements.sort(key=lambda i: i.date)
    pack.pauses.sort(key=lambda i: i.date)


def _missing(pack: Pack, by_type: dict, reminder_events: list[CaseEvent]) -> list[Missing]:
    missing = []
    objections = by_type.get(T.DATA_SHARING_OBJECTION, [])
    if pack.position.arrears <= 0:
        missing.append(Missing("no_arrears", f"Er is op {date_nl(pack.today)} geen huurachterstand."))
    for c in pack.bgs["missing"] if pack.bgs else []:
        if c.code == "d" and objections:
            continue  # said below, with the date
        missing.append(
            Missing(
                f"bgs_{c.code}", f"Voorwaarde vroegsignaal (Bgs art. 2) niet vervuld: {c.label.lower()} ({c.evidence})."
            )
        )
    if objections:
        missing.append(
            Missing(
                "objection",
                (
                    f"De huurder heeft op {date_nl(objections[0].date)} bezwaar gemaakt tegen het doorgeven van gegevens aan de gemeente. "
                    "Er mag dan geen vroegsignaal gaan; laat de rechter het bezwaar zien."
                ),
            )
        )
    if pack.signal_date is None:
        waiting = pack.tenancy.early_signals.filter(
            status__in=[EarlySignal.Status.PREPARED, EarlySignal.Status.AWAITING]
        ).exists()
        missing.append(
            Missing(
                "no_signal",
                "Er is geen vroegsignaal aan de gemeente gestuurd voor deze achterstand."
                + (" Er staat er een klaar, maar die is nog niet verstuurd." if waiting else ""),
            )
        )
    elif not pack.rotterdam_rule_met:
        missing.append(
            Missing(
                "rotterdam",
                (
                    f"Tussen het vroegsignaal ({date_nl(pack.signal_date)}) en de dagvaarding ({date_nl(pack.summons_date)}) zitten minder dan "
                    f"{ROTTERDAM_MONTHS} maanden. De rechtbank Rotterdam ontbindt de huur dan niet. Dagvaard op zijn vroegst op {date_nl(pack.rotterdam_from)}."
                ),
            )
        )
    missing += pack.signal_problems
    letter_kinds = {
        m.action for _, m in pack.letter_files if m.body.strip()
    }  # a letter marked sent without its text proves only the date
    if reminder_events and not letter_kinds & {"reminder_letter", "wik_letter"}:
        missing.append(
            Missing(
                "letter_text",
                "De tekst van de herinneringsbrief staat niet in Huurpad, alleen de datum op de tijdlijn. Voeg een kopie van de brief toe.",
            )
        )
    if pack.letter_files and pack.sender is None:
        missing.append(
            Missing(
                "no_sender",
                "De brieven kunnen niet als PDF worden gemaakt: vul eerst de afzender in (beheer, Afzender).",
            )
        )
    running_pause = next((p for p in pack.tenancy.pauses.filter(ended_on__isnull=True).order_by("-start")), None)
    if running_pause:
        missing.append(
            Missing(
                "pause_running",
                (
                    f"Er loopt een pauze sinds {date_nl(running_pause.start)} ({running_pause.get_reason_display().lower()}), "
                    f"evaluatie op {date_nl(running_pause.review_date)}. Zolang die loopt, gaat de zaak niet naar de rechter."
                ),
            )
        )
    running = pack.tenancy.arrangements.filter(status=Arrangement.Status.RUNNING).first()
    if running:
        missing.append(
            Missing(
                "arrangement_running",
                (
                    f"Er loopt een betalingsregeling sinds {date_nl(running.started_on)}. Beëindig die eerst als de huurder zich er niet aan houdt."
                ),
            )
        )
    return missing


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return text.lstrip()[:1] in ("{", "[")


# --- this signal's part of the export ---------------------------------------------------------

_decoder = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")


def _array(text: str, i: int) -> list[tuple[object, str]]:
    """The elements of the JSON array starting at text[i], each with its text as written."""
    i = _WS.match(text, i + 1).end()
    found = []
    while text[i] != "]":
        value, end = _decoder.raw_decode(text, i)
        found.append((value, text[i:end]))
        i = _WS.match(text, end).end()
        if text[i] == ",":
            i = _WS.match(text, i + 1).end()
    return found


def _json_records(text: str) -> list[tuple[object, str]]:
    """The records of a JSON export with their text as written: a list of records, an object
    holding one (e.g. {"signalen": [...]}), or one record per line (JSON Lines)."""
    start = _WS.match(text).end()
    try:
        whole = json.loads(text)
    except ValueError:  # JSON Lines
        return [(json.loads(line), line) for line in text.splitlines() if line.strip()]
    if isinstance(whole, list):
        return _array(text, start)
    if isinstance(whole, dict):
        i = _WS.match(text, start + 1).end()
        while text[i] != "}":
            key, end = _decoder.raw_decode(text, i)
            i = _WS.match(text, _WS.match(text, end).end() + 1).end()  # past the colon
            if isinstance(whole[key], list) and text[i] == "[" and any(isinstance(v, dict) for v in whole[key]):
                return _array(text, i)
            _, end = _decoder.raw_decode(text, i)
            i = _WS.match(text, end).end()
            if text[i] == ",":
                i = _WS.match(text, i + 1).end()
        return [(whole, text.strip())]
    return []


def _mentions(value, reference: str) -> bool:
    if isinstance(value, dict):
        return any(_mentions(v, reference) for v in value.values())
    if isinstance(value, list):
        return any(_mentions(v, reference) for v in value)
    return value == reference


def signal_record(signal: EarlySignal) -> tuple[str, str]:
    """(text, file extension): this signal's record in its export, exactly as written there (a CSV
    export: the header line and the signal's line). Other households in the batch stay out. An
    export of this signal alone is found even without our reference in it. ('', '') if not found."""
    content, reference = signal.export.content, signal.reference
    alone = signal.export.signals.count() == 1
    if signal.export.format.lower() == "json":
        try:
            records = _json_records(content)
        except (ValueError, IndexError):
            return "", ""
        found = [raw for value, raw in records if _mentions(value, reference)]
        if not found and alone and len(records) == 1:
            found = [records[0][1]]
        if not found:
            return "", ""
        return (found[0] if len(found) == 1 else "[\n" + ",\n".join(found) + "\n]") + "\n", "json"
    lines = content.splitlines(keepends=True)
    if not lines:
        return "", ""
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    rows = [line for line in lines[1:] if reference in next(csv.reader([line], delimiter=delimiter), [])]
    if not rows and alone and len(lines) == 2:
        rows = lines[1:]
    if not rows:
        return "", ""
    return lines[0] + "".join(rows), "csv"


# --- the files --------------------------------------------------------------------------------


def timeline_json(pack: Pack) -> str:
    """The tenancy's timeline up to today, oldest first, as stored."""
    return (
        json.dumps(
            {
                "contract": pack.tenancy.ref,
                "opgesteld_op": pack.today.isoformat(),
                "gebeurtenissen": [
                    {
                        "datum": e.date.isoformat(),
                        "soort": e.type,
                        "omschrijving": e.get_type_display(),
                        "gegevens": e.params,
                        "bron": e.source,
                        "vastgelegd_op": e.created_at.isoformat() if e.created_at else None,
                    }
                    for e in pack.timeline
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def html(pack: Pack) -> str:
    return render_to_string(
        "signals/evidence.html",
        {"pack": pack, "tenancy": pack.tenancy, "tenant": pack.tenancy.tenant, "rotterdam_months": ROTTERDAM_MONTHS},
    )


def pdf(pack: Pack) -> bytes:
    from weasyprint import HTML  # loads Pango: only where PDFs are made

    return HTML(string=html(pack)).write_pdf()


def letter_pdf(message: OutboxMessage, sender: Sender) -> bytes:
    """A letter that went out, printed again as it was sent (messaging.letters)."""
    day = message.went_out_on  # the date printed on the letter when it went out
    letter = letters.Letter(
        message=Message(kind=message.action, subject=message.subject, body=message.body),
        recipient=tuple(message.recipient.splitlines()),
        contract=message.tenancy.ref,
        reference=message.reference,
        day=day,
    )
    return letters.pdf([letter], sender)


def zip_file(pack: Pack) -> bytes:
    """The pack's PDF with the originals (see the module's docstring)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(pack.pdf_name, pdf(pack))
        if pack.sender is not None:
            for name, message in pack.letter_files:
                z.writestr(name, letter_pdf(message, pack.sender))
        for name, text in pack.text_files:
            z.writestr(name, text.encode())
    return out.getvalue()
