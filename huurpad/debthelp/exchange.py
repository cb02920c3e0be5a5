"""The Schuldenknooppunt transports wired to the debt-help flow (docs/debt-help-transports.md):

- `receive_portal_csv`: the portal's CSV export through the same receive as a JSONL file;
- `write_portal_answers`: the answers released and not yet handed over, as the portal's upload
  files, marked handed over in the same transaction (a second run writes them no more);
- `exchange`: the web service's daily round: fetch, store (inbox.receive, one transaction),
  acknowledge only what is stored, then send the released answers one by one, each marked handed
  over only after the service took it.

The transports only translate; the inbox stores and the flow decides and owns the answers
(flow.to_hand_over, flow.wire_answer, flow.handed_over).
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from huurpad.imports import ImportFailed, Problem

from . import flow, inbox
from .models import DebtMessage
from .transport import csv_portal
from .transport.base import Transport, TransportError
from .transport.soap import SoapTransport

VIA = DebtMessage.Via
SOURCE = "schuldenknooppunt"  # how a problem in a fetched message names where it came from


def web_service() -> SoapTransport:
    """The web service as the settings (SKN_*, from HUURPAD_SKN_* in settings.py) configure it."""
    try:
        return SoapTransport.from_settings()
    except TransportError:
        raise
    except Exception as exc:  # the WSDL unreadable or not a WSDL: zeep's and the file system's errors
        raise TransportError(f"cannot load the web service's description (HUURPAD_SKN_WSDL): {exc}") from exc


# --- the portal's CSV files -----------------------------------------------------------------------


def receive_portal_csv(path, *, today: date) -> inbox.Received:
    """The portal's export of incoming messages, stored as `huurpad debt-help receive` stores a JSONL
    file: all or nothing, every problem naming the file, its line and its column."""
    export = csv_portal.read_export(path)
    try:
        return inbox.receive(export.messages, today=today, source=str(export.path))
    except ImportFailed as exc:  # the n-th message is on a line of the file, its field in a column
        renumbered = [
            Problem(p.path, export.lines[p.line - 1], export.column(p.line - 1, p.field) if p.field else "", p.message)
            if 0 < p.line <= len(export.lines)
            else p
            for p in exc.problems
        ]
        raise ImportFailed(renumbered, exc.more) from None


@dataclass
class Written:
    files: list[Path] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        if not self.files:
            return "No answers to hand over."
        return f"{len(self.answers)} answers written for the portal: " + ", ".join(str(f) for f in self.files)


def contact() -> dict:
    """Our contact person in the upload file (Contactpersoon SE), from the settings."""
    return {
        "naam": settings.SKN_CONTACT_NAME,
        "email": settings.SKN_CONTACT_EMAIL,
        "telefoon": settings.SKN_CONTACT_PHONE,
    }


def write_portal_answers(directory, *, today: date, exports=()) -> Written:
    """The answers released on or before `today` and not handed over yet, written into `directory`
    as the portal's upload files (`skn-antwoorden-D.csv` and the files beside it; `-2`, `-3`, ...
    when that name is taken, so an earlier file is never overwritten), and marked handed over. All
    or nothing: an answer that cannot be written (TransportError) writes no file and marks none."""
    directory = Path(directory)
    if not directory.is_dir():
        raise TransportError(f"{directory}: no such directory")
    with transaction.atomic():
        due = list(flow.to_hand_over(today).select_for_update(of=("self",)))
        if not due:
            return Written()
        lines = [flow.wire_answer(answer, today) for answer in due]
        target = _free_name(directory, today)
        files = csv_portal.write_answers(lines, target, export=list(exports), contact=contact(), today=today)
        try:
            for answer, line in zip(due, lines, strict=True):
                name = target.name if line["type"] == "saldo_antwoord" else ", ".join(f.name for f in files)
                flow.handed_over(answer, on=today, via=VIA.PORTAL_CSV, receipt=name)
        except BaseException:
            for written in files:
                written.unlink(missing_ok=True)
            raise
    return Written(files, lines)


def _free_name(directory: Path, today: date) -> Path:
    stem, n = f"skn-antwoorden-{today.isoformat()}", 1
    while True:
        name = stem if n == 1 else f"{stem}-{n}"
        names = (f"{name}.csv", f"{name}-betaalvoorstel-antwoord.csv", f"{name}-geen-medewerking.csv")
        if not any((directory / each).exists() for each in names):
            return directory / names[0]
        n += 1


# --- the web service ------------------------------------------------------------------------------


@dataclass
class Exchanged:
    received: inbox.Received | None = None
    acknowledged: int = 0
    sent: list[str] = field(default_factory=list)  # our answers' message ids, in the order sent

    def summary(self) -> str:
        got = self.received.summary() if self.received else "Nothing received."
        return f"{got} {self.acknowledged} acknowledged. {len(self.sent)} answers sent."


class ExchangeFailed(Exception):
    """A step failed; `done` says what was done before it (and stays done)."""

    def __init__(self, error: Exception, done: Exchanged):
        self.error = error
        self.done = done
        super().__init__(f"{error}\nDone before that: {done.summary()}")


def exchange(transport: Transport, *, today: date) -> Exchanged:
    """The daily round with the web service. Fetched messages are stored all or none and
    acknowledged only after that (a message stored before and fetched again is acknowledged again:
    it changes nothing). Then every released answer is sent and marked handed over, one at a time:
    a failure stops the round, and what was sent before it stays marked. Raises ExchangeFailed."""
    done = Exchanged()
    try:
        messages = transport.fetch()
        done.received = _store(messages, today)
        transport.acknowledge([m["message_id"] for m in messages])
        done.acknowledged = len(messages)
        send_answers(transport, today=today, done=done)
    except (TransportError, ImportFailed) as exc:
        raise ExchangeFailed(exc, done) from exc
    return done


def _store(messages: list[dict], today: date) -> inbox.Received:
    """inbox.receive, with a problem named by the message's id rather than its place in the fetch."""
    try:
        return inbox.receive(messages, today=today, source=SOURCE)
    except ImportFailed as exc:
        named = [
            Problem(p.path, p.line, p.field, f"message {messages[p.line - 1].get('message_id')}: {p.message}")
            if 0 < p.line <= len(messages)
            else p
            for p in exc.problems
        ]
        raise ImportFailed(named, exc.more) from None


def send_answers(transport: Transport, *, today: date, done: Exchanged | None = None) -> Exchanged:
    """Send every answer released on or before `today` and not handed over yet. Each one is locked,
    sent and marked in its own transaction: when the service refuses or fails, that answer is not
    marked (the next round sends it again, under the same message id) and the round stops."""
    done = done if done is not None else Exchanged()
    for pk in list(flow.to_hand_over(today).values_list("pk", flat=True)):
        with transaction.atomic():
            answer = flow.to_hand_over(today).select_for_update(of=("self",)).filter(pk=pk).first()
            if answer is None:  # handed over meanwhile by another round
                continue
            receipt = transport.send(flow.wire_answer(answer, today))
            flow.handed_over(answer, on=today, via=VIA.WEB_SERVICE, receipt=str(receipt or ""))
        done.sent.append(answer.message_id)
    return done
