"""The exchange with the bailiff's office as files, behind one adapter: a hand-over file out (the
case, the claim and the court evidence pack of signals/evidence.py, reused, not copied) and a status
file back, read into steps of the track (track.from_elsewhere). There is no public standard for
this exchange in the Netherlands: both formats are Huurpad's own design (docs/legal.md); another
office's format is another pair of functions here.

Hand-over file (JSON, UTF-8), one object:
  {"format": "huurpad-deurwaarder-overdracht", "version": 1, "created_on": "2026-05-01",
   "cases": [{"tenancy_ref", "handed_over_on", "tenant": {...}, "address": {...},
              "claim": {"arrears", "months_in_arrears", "open_items": [...]},
              "evidence": {"signal_date", "rotterdam_rule_met", "rotterdam_from", "missing": [...],
                           "sections": [{"heading", "items": [{"date", "title", "details"}]}]}}]}

Status file (CSV, UTF-8, comma-separated, header line required), one step a line:
  tenancy_ref,date,stage,court_date,outcome,conditions,eviction_date,reason,document,bailiff,costs
`stage` is one of legal/rules.py STAGES; `court_date` is needed for summons_served, `outcome` for
judgment, `eviction_date` for eviction_scheduled, `reason` for eviction_cancelled; the others are
optional. Every line is checked first; a file with an error changes nothing and names the line and
the field. A line read before (the same tenancy, stage, date and details) changes nothing.
"""

import csv
import json
from datetime import date
from pathlib import Path

from django.db import transaction

from huurpad.core.dutch import EVICTION_CANCEL_REASONS, JUDGMENT_OUTCOMES
from huurpad.core.money import fmt
from huurpad.imports import ImportFailed, ImportResult, Problem, Problems
from huurpad.signals import evidence
from huurpad.tenancies import fields as f
from huurpad.tenancies.fields import FieldError
from huurpad.tenancies.models import Tenancy

from . import rules, track
from .models import LegalCase, LegalStep

FORMAT = "huurpad-deurwaarder-overdracht"
STATUS_COLUMNS = (
    "tenancy_ref",
    "date",
    "stage",
    "court_date",
    "outcome",
    "conditions",
    "eviction_date",
    "reason",
    "document",
    "bailiff",
    "costs",
)
REQUIRED = {
    "summons_served": "court_date",
    "judgment": "outcome",
    "eviction_scheduled": "eviction_date",
    "eviction_cancelled": "reason",
}


# --- Out: the hand-over -------------------------------------------------------------------------


def handover(on: date) -> dict:
    """The hand-over file for the tracks handed over to the bailiff on `on`."""
    tracks = LegalCase.objects.filter(handed_over_on=on).select_related("tenancy__tenant").order_by("id")
    return {"format": FORMAT, "version": 1, "created_on": on.isoformat(), "cases": [_case(t, on) for t in tracks]}


def _case(track: LegalCase, on: date) -> dict:
    tenancy, tenant = track.tenancy, track.tenancy.tenant
    pack = evidence.assemble(tenancy, today=on)
    return {
        "tenancy_ref": tenancy.ref,
        "handed_over_on": track.handed_over_on.isoformat(),
        "tenant": {
            "initials": tenant.initials,
            "prefix": tenant.prefix,
            "surname": tenant.surname,
            "birth_date": tenant.birth_date.isoformat() if tenant.birth_date else None,
        },
        "address": {
            "street": tenancy.street,
            "house_number": tenancy.house_number,
            "house_number_suffix": tenancy.house_number_suffix,
            "postcode": tenancy.postcode,
            "city": tenancy.city,
        },
        "claim": {
            "arrears": fmt(pack.position.arrears),
            "months_in_arrears": str(pack.position.months_in_arrears),
            "open_items": [
                {"due_date": i.due_date.isoformat(), "what": i.label, "amount": fmt(i.amount), "open": fmt(i.open)}
                for i in pack.open_items
            ],
        },
        "evidence": {
            "signal_date": pack.signal_date.isoformat() if pack.signal_date else None,
            "rotterdam_rule_met": pack.rotterdam_rule_met,
            "rotterdam_from": pack.rotterdam_from.isoformat() if pack.rotterdam_from else None,
            "missing": [m.text for m in pack.missing],
            "sections": [
                {
                    "heading": heading,
                    "items": [
                        {"date": i.date.isoformat() if i.date else None, "title": i.title, "details": dict(i.details)}
                        for i in items
                    ],
                }
                for _, heading, items, _ in pack.sections
            ],
        },
    }


def write_handover(path: Path, on: date) -> int:
    """Write the hand-over file (whole or not at all: a temporary file moved into place); the
    number of cases in it."""
    data = handover(on)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return len(data["cases"])


# --- In: the status file ------------------------------------------------------------------------


def _read_line(row: dict, line: int, tenancies: dict, problems: Problems):
    ok = True
    values = {}
    for name, reader in (
        ("tenancy_ref", lambda v: f.tenancy_ref(v)),
        ("date", lambda v: f.date_in_years(v)),
        ("stage", lambda v: f.choice(v, rules.STAGES)),
    ):
        try:
            values[name] = reader(row.get(name) or "")
        except FieldError as exc:
            problems.add(line, name, str(exc))
            ok = False
    if not ok:
        return None
    if values["tenancy_ref"] not in tenancies:
        problems.add(line, "tenancy_ref", f"{values['tenancy_ref']!r} is not a known tenancy")
        return None
    stage = values["stage"]
    needed = REQUIRED.get(stage)
    if needed and not (row.get(needed) or "").strip():
        problems.add(line, needed, f"is missing; a {stage} line needs it")
        return None
    readers = {
        "court_date": lambda v: f.date_in_years(v, required=False),
        "eviction_date": lambda v: f.date_in_years(v, required=False),
        "outcome": lambda v: f.choice(v, JUDGMENT_OUTCOMES, required=False),
        "reason": lambda v: f.choice(v, EVICTION_CANCEL_REASONS, required=False),
        "costs": lambda v: f.amount(v, required=False, positive=True),
    }
    for name, reader in readers.items():
        try:
            values[name] = reader(row.get(name) or "")
        except FieldError as exc:
            problems.add(line, name, str(exc))
            ok = False
    for name in ("conditions", "document", "bailiff"):
        text = (row.get(name) or "").strip()
        if "\x00" in text or len(text) > 2000:
            problems.add(line, name, "holds a NUL character or is longer than 2000 characters")
            ok = False
        values[name] = text
    return values if ok else None


def read_status(path: Path) -> ImportResult:
    """Read the bailiff's status file into steps of the track: all lines or none."""
    problems = Problems(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([Problem(str(path), 0, "", f"cannot be read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([Problem(str(path), 0, "", f"is not UTF-8 ({exc.reason})")]) from None
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    if not {"tenancy_ref", "date", "stage"} <= set(header):
        raise ImportFailed([Problem(str(path), 1, "", f"the header must name {', '.join(STATUS_COLUMNS)}")])
    if unknown := [h for h in header if h not in STATUS_COLUMNS]:
        raise ImportFailed([Problem(str(path), 1, unknown[0], "is not a column of the status file")])
    tenancies = dict(Tenancy.objects.values_list("ref", "id"))
    lines = []
    for line, row in enumerate(reader, start=2):
        if None in row:
            problems.add(line, "", "has more cells than the header")
            continue
        values = _read_line(row, line, tenancies, problems)
        if values is not None:
            lines.append((line, values))
    problems.raise_if_any()
    result = ImportResult()
    with transaction.atomic():
        found = Tenancy.objects.in_bulk({tenancies[v["tenancy_ref"]] for _, v in lines})
        for line, v in sorted(lines, key=lambda lv: (lv[1]["tenancy_ref"], lv[1]["date"], lv[0])):
            tenancy = found[tenancies[v["tenancy_ref"]]]
            details = track.Details(
                court_date=v["court_date"],
                outcome=v["outcome"],
                conditions=v["conditions"],
                eviction_date=v["eviction_date"],
                reason=v["reason"],
                decided_by_name=v["bailiff"],
                document=v["document"],
                costs=v["costs"],
            )
            if _known(tenancy, v, details):
                result.unchanged += 1
                continue
            try:
                track.from_elsewhere(tenancy, v["stage"], v["date"], details, source=LegalStep.Source.BAILIFF)
            except track.Refused as refusal:
                problems.add(line, "stage", "; ".join(refusal.reasons))
                continue
            result.created += 1
        problems.raise_if_any()  # inside the transaction: a line that cannot follow undoes the file
    return result


def _known(tenancy, v: dict, d: track.Details) -> bool:
    return LegalStep.objects.filter(
        legal_case__tenancy=tenancy,
        stage=v["stage"],
        date=v["date"],
        document=d.document,
        decided_by_name=d.decided_by_name,
    ).exists()
