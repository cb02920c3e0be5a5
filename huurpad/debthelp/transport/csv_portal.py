"""The Schuldenknooppunt's web portal as files: its CSV export of incoming messages read into
canonical dicts, and our answers written as the portal's upload CSV ('CSV Saldoverzoek Antwoord': a
question part, columns A-K, and an answer part, L on). docs/debt-help-transports.md says which
columns come from the portal's public description and which are assumed.

The files are as Dutch spreadsheets write them: separated by semicolons, UTF-8 with or without a
byte order mark, decimal commas ("1.757,02"; a dot only groups thousands), dates as dd-mm-jjjj
(ISO yyyy-mm-dd is read too). A bad file names its line and column and gives nothing.
"""

import csv
import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from huurpad.imports import Problems

from .base import TransportError, answer_date, check_answer, check_incoming, claim_lines, money

DELIMITER = ";"

# The portal's names of the incoming messages (schuldenknooppunt.nl, module Schuldregelen 2.0).
TYPES = {
    "kennisgeving": "kennisgeving",
    "saldoverzoek": "saldoverzoek",
    "betaalvoorstel": "betaalvoorstel",
    "heroverweging": "heroverweging",
    "statusbericht shv": "statusbericht",
    "schuldregeling akkoord": "schuldregeling_akkoord",
    "schuldregeling beëindigd": "schuldregeling_beeindigd",
}
KINDS = {"SB": "schuldbemiddeling", "SK": "saneringskrediet", "SA": "nul_aanbod"}
OUTCOMES = {"geslaagd": "geslaagd", "mislukt": "mislukt"}
REQUIRED = ("BerichtId", "Berichttype", "Datum", "Schuldhulpverlener", "KlantnummerSHV")

# The question part of 'CSV Saldoverzoek Antwoord', A-K, and its answer part, L-W.
QUESTION = (
    "ConversatieReferentienummer",
    "Referentienummer",
    "Schuldhulpverlener",
    "Contactpersoon SHV",
    "KlantnummerSHV",
    "KlantnummerSEVolgensSHV",
    "TypeSchuldregeling",
    "Klant",
    "Partner",
    "Adres",
    "Vordering.FactuurnummerSEVolgensSHV",
)
ANSWER = (
    "Klantnummer SE",
    "Contactpersoon SE.Naam",
    "Contactpersoon SE.Email",
    "Contactpersoon SE.Telefoon",
    "Klant onbekend",
    "Standaard akkoord",
    "Datum",
    "Schuldtype",
    "FactuurnummerSE",
    "openstaand.Ontstaansdatum",
    "openstaand.Orginele vordering",
    "openstaand.ActueelVorderingsbedrag",  # W: assumed, the public page is cut off after V
)
SCHULDTYPE = "openstaande schuld"
# Answers the public description has no CSV for (assumed layouts, beside the saldo file).
BETAALVOORSTEL_ANTWOORD = ("ConversatieReferentienummer", "KlantnummerSE", "KlantnummerSHV", "Akkoord")
GEEN_MEDEWERKING = ("ConversatieReferentienummer", "KlantnummerSEVolgensSHV", "KlantnummerSHV", "Reden")
# The canonical reasons for 'Geen medewerking' (canonical.REFUSAL_REASONS) in the portal's words.
# 'client_unknown' is column P of the saldo file, the others a file of their own (assumed).
REASONS = {
    "client_unknown": "Klant onbekend",
    "recent_discharge": "Recent finale kwijting",
    "recent_stabilisation": "Recent poging tot stabilisatie",
    "no_cooperation": "Geen samenwerking met deze schuldhulpverlener",
}
CLIENT_UNKNOWN = "client_unknown"


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _date(value: str) -> dt.date:
    for pattern, fmt in ((r"\d{2}-\d{2}-\d{4}", "%d-%m-%Y"), (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d")):
        if re.fullmatch(pattern, value):
            return dt.datetime.strptime(value, fmt).date()
    raise ValueError(f"{value!r} is not a date (dd-mm-jjjj)")


def _decimal(value: str) -> Decimal:
    if not re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?|-?\d+(,\d+)?", value):
        raise ValueError(f"{value!r} is not a number with a decimal comma")
    try:
        return Decimal(value.replace(".", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None


def _int(value: str) -> int:
    if not value.isdigit():
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _rows(path: Path, problems: Problems):
    """The header's columns and each row as (line, {column: value}); problems for the rest."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter=DELIMITER))
    except UnicodeDecodeError as e:
        problems.add(1, "", f"not UTF-8 ({e.reason})")
        return {}, []
    if not rows or not any(cell.strip() for cell in rows[0]):
        problems.add(1, "", "the file is empty")
        return {}, []
    header = [name.strip() for name in rows[0]]
    columns = {name: i for i, name in enumerate(header) if name}
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.add(line, "", f"{len(row)} columns, the header has {len(header)}")
            continue
        out.append((line, {name: (row[i].strip() if i < len(row) else "") for name, i in columns.items()}))
    return columns, out


# Where each canonical field comes from in the export (per type where it differs).
COLUMN_OF = {
    "message_id": "BerichtId",
    "type": "Berichttype",
    "date": "Datum",
    "counsellor": "Schuldhulpverlener",
    "counsellor_reference": "KlantnummerSHV",
    "kind": "TypeSchuldregeling",
    "percentage": "Afkooppercentage",
    "text": "Toelichting",
    "start_date": "DatumAkkoord",
    "outcome": "Resultaat",
}
MONTHS_COLUMN = {"kennisgeving": "Stabilisatietermijn", "betaalvoorstel": "Looptijd"}


@dataclass(frozen=True)
class Export:
    """The portal's export read: the canonical messages, the line each came from, and the header."""

    path: Path
    messages: list[dict]
    lines: list[int]
    columns: dict[str, int]
    tenancy_columns: list[str]  # per message: KlantnummerSE, or KlantnummerSEVolgensSHV when that was empty

    def column(self, index: int, field: str) -> str:
        """The column (letter and name) the canonical `field` of messages[index] was read from."""
        message = self.messages[index]
        if field == "tenancy_ref":
            name = self.tenancy_columns[index]
        elif field == "months":
            name = MONTHS_COLUMN.get(message["type"], field)
        else:
            name = COLUMN_OF.get(field, field)
        return _where(self.columns, name) if name else ""


def read_incoming(path) -> list[dict]:
    """The portal's export of incoming messages as canonical dicts, all or none: ImportFailed names
    the file, the line and the column of every problem found."""
    return read_export(path).messages


def read_export(path) -> Export:
    """read_incoming, with each message's line and the columns (to name a problem found later)."""
    path = Path(path)
    problems = Problems(path)
    columns, rows = _rows(path, problems)
    for name in REQUIRED:
        if columns and name not in columns:
            problems.add(1, name, "this column is missing")
    problems.raise_if_any()
    messages, lines, seen, tenancy_columns = [], [], {}, []
    for line, row in rows:
        message = _incoming(row, line, columns, problems)
        if message is None:
            continue
        if message["message_id"] in seen:
            problems.add(line, _where(columns, "BerichtId"), f"also on line {seen[message['message_id']]}")
            continue
        seen[message["message_id"]] = line
        messages.append(message)
        lines.append(line)
        tenancy_columns.append("KlantnummerSE" if row.get("KlantnummerSE") else "KlantnummerSEVolgensSHV")
    problems.raise_if_any()
    return Export(path, messages, lines, columns, tenancy_columns)


def _where(columns, name):
    return f"{_letter(columns[name])} ({name})" if name in columns else name


def _incoming(row, line, columns, problems) -> dict | None:
    count = len(problems.items) + problems.more

    def need(name, parse=str):
        value = row.get(name, "")
        if not value:
            problems.add(line, _where(columns, name), "is empty")
            return None
        try:
            return parse(value)
        except ValueError as e:
            problems.add(line, _where(columns, name), str(e))
            return None

    def code(name, table, case=str.lower):
        value = need(name)
        if value is not None and case(value) not in table:
            problems.add(line, _where(columns, name), f"unknown value {value!r}")
        return None if value is None else table.get(case(value))

    kind = code("Berichttype", TYPES)
    sent = need("Datum", _date)
    message = {
        "message_id": need("BerichtId"),
        "type": kind,
        "date": sent and sent.isoformat(),
        "tenancy_ref": row.get("KlantnummerSE") or row.get("KlantnummerSEVolgensSHV"),
        "counsellor": need("Schuldhulpverlener"),
        "counsellor_reference": need("KlantnummerSHV"),
    }
    if not message["tenancy_ref"]:
        problems.add(line, _where(columns, "KlantnummerSEVolgensSHV"), "is empty, and so is KlantnummerSE")
    if kind == "kennisgeving":
        message["months"] = need("Stabilisatietermijn", _int)
    elif kind == "betaalvoorstel":
        message["kind"] = code("TypeSchuldregeling", KINDS, str.upper)
        percentage = need("Afkooppercentage", _decimal)
        message["percentage"] = None if percentage is None else f"{percentage:.2f}"
        message["months"] = need("Looptijd", _int)
    elif kind in ("heroverweging", "statusbericht"):
        message["text"] = need("Toelichting")
    elif kind == "schuldregeling_akkoord":
        start = need("DatumAkkoord", _date)
        message["start_date"] = start and start.isoformat()
    elif kind == "schuldregeling_beeindigd":
        message["outcome"] = code("Resultaat", OUTCOMES)
    if len(problems.items) + problems.more > count:
        return None
    try:
        return check_incoming(message)
    except TransportError as e:
        problems.add(line, e.field, str(e))
        return None


def _money(value) -> str:
    return f"{money(value):.2f}".replace(".", ",")


def write_answers(answers: list[dict], path, *, export=None, contact: dict | None = None, today=None) -> list[Path]:
    """Write the answers for upload to the portal: saldo answers (and 'client unknown') as 'CSV
    Saldoverzoek Antwoord' at `path`; payment-proposal answers and other refusals beside it in
    `<name>-betaalvoorstel-antwoord.csv` and `<name>-geen-medewerking.csv`. The question part is
    copied from the portal's `export` (the row whose BerichtId the answer replies to) when it is
    given; else it holds what the answer knows. `contact` is our contact person (naam, email,
    telefoon). `export` may be one file or several (the question looked up in each). Every answer is
    checked first: a bad one raises TransportError and nothing is written.
    Returns the files written."""
    path = Path(path)
    questions = {}
    exports = [export] if isinstance(export, (str, os.PathLike)) else list(export or ())
    for one in exports:
        problems = Problems(Path(one))
        _columns, rows = _rows(Path(one), problems)
        problems.raise_if_any()
        questions |= {row.get("BerichtId"): row for _line, row in rows}
    contact = contact or {}
    saldo, proposals, refusals = [], [], []
    for answer in answers:
        check_answer(answer)
        question = questions.get(answer["in_reply_to"], {})
        conversation = question.get("ConversatieReferentienummer") or answer["in_reply_to"]
        shv = question.get("KlantnummerSHV") or answer.get("counsellor_reference", "")
        if answer["type"] == "saldo_antwoord" or answer.get("reason") == CLIENT_UNKNOWN:
            part = [question.get(name, "") for name in QUESTION]
            part[0] = conversation
            part[2] = part[2] or answer.get("counsellor", "")
            part[4] = shv
            part[5] = part[5] or answer["tenancy_ref"]
            on = answer_date(answer, today).strftime("%d-%m-%Y")
            head = [
                answer["tenancy_ref"],
                contact.get("naam", ""),
                contact.get("email", ""),
                contact.get("telefoon", ""),
            ]
            if answer["type"] == "geen_medewerking":
                saldo.append(part + head + ["Ja", "", on, "", "", "", "", ""])
                continue
            for item in claim_lines(answer):
                amount = _money(item["amount"])
                invoice = f"{answer['tenancy_ref']}-{item['kind']}"
                consent = "Ja" if answer["advance_consent"] else ""
                saldo.append(part + head + ["", consent, on, SCHULDTYPE, invoice, on, amount, amount])
        elif answer["type"] == "betaalvoorstel_antwoord":
            proposals.append([conversation, answer["tenancy_ref"], shv, "Ja" if answer["accepted"] else "Nee"])
        else:
            refusals.append([conversation, answer["tenancy_ref"], shv, REASONS[answer["reason"]]])
    files = [
        (path, QUESTION + ANSWER, saldo),
        (path.with_name(f"{path.stem}-betaalvoorstel-antwoord{path.suffix}"), BETAALVOORSTEL_ANTWOORD, proposals),
        (path.with_name(f"{path.stem}-geen-medewerking{path.suffix}"), GEEN_MEDEWERKING, refusals),
    ]
    written = []
    for target, header, rows in files:
        if rows:
            _write(target, header, rows)
            written.append(target)
    return written


def _write(target: Path, header, rows) -> None:
    """Written whole or not at all: into a file beside it, then renamed over it."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, delimiter=DELIMITER, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
