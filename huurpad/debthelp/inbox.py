"""Incoming Schuldenknooppunt messages in the canonical form (spec/CLI.md, 'Debt help messages';
docs/debt-help.md): one JSON object per line. The transports (web service, portal CSV) map what
they fetch to these dicts and hand them to `receive`; `huurpad debt-help receive FILE` reads a file.

Atomic and idempotent, as every import (huurpad/imports.py): every line is checked, and one bad
line (a field missing or wrong, a tenancy we do not know, a message that does not fit the
trajectory as it stands) stores nothing and names the source, the line and the field. A
message_id received before changes nothing."""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from huurpad.collection.models import PolicyVersion
from huurpad.imports import ImportFailed, Problems
from huurpad.solutions import arrangements
from huurpad.tenancies.models import Tenancy

from . import canonical, flow
from .models import DebtHelp, DebtMessage

T = DebtMessage.Type
# The canonical form's types and fields (canonical.py, one definition for the flow and the transports).
INCOMING = tuple(canonical.INCOMING_FIELDS)
OUTCOMES = canonical.OUTCOMES
COMMON = canonical.COMMON_FIELDS
TYPE_FIELDS = canonical.INCOMING_FIELDS
# An incoming id leaves room for our answer's suffix (canonical.answer_id).
MAX_TEXT = {
    "message_id": canonical.INCOMING_ID_MAX,
    "counsellor": 200,
    "counsellor_reference": 100,
    "tenancy_ref": 40,
    "text": 2000,
}


@dataclass
class Received:
    """What a receive did: new messages (with what the flow made of them), already known ones."""

    created: int = 0
    unchanged: int = 0
    messages: list[DebtMessage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.created} messages new, {self.unchanged} already there."


def receive(messages: list[dict], *, today: date, source: str = "schuldenknooppunt") -> Received:
    """Check and process canonical message dicts in order (line n is messages[n-1]). Raises
    ImportFailed naming `source`, the line and the field, with nothing stored, when one is wrong."""
    problems = Problems(Path(source))
    checked = [(n, _check(m, n, problems, today)) for n, m in enumerate(messages, start=1)]
    problems.raise_if_any()
    refs = {fields["tenancy_ref"] for _, fields in checked}
    tenancies = {t.ref: t for t in Tenancy.objects.filter(ref__in=refs)}
    for n, fields in checked:
        if fields["tenancy_ref"] not in tenancies:
            problems.add(n, "tenancy_ref", f"unknown tenancy {fields['tenancy_ref']!r}")
    problems.raise_if_any()
    result = Received()
    policy = PolicyVersion.current().load()
    with transaction.atomic():
        known = set(
            DebtMessage.objects.filter(message_id__in=[f["message_id"] for _, f in checked]).values_list(
                "message_id", flat=True
            )
        )
        for n, fields in checked:
            if fields["message_id"] in known:
                result.unchanged += 1
                continue
            known.add(fields["message_id"])
            try:
                with transaction.atomic():  # a savepoint: the next lines are still checked
                    message = flow.receive_one(
                        fields, tenancy=tenancies[fields["tenancy_ref"]], today=today, policy=policy
                    )
            except flow.NotAllowed as exc:
                problems.add(n, exc.field, str(exc))
                continue
            except arrangements.NotAllowed as exc:  # the pause's own rules (solutions)
                problems.add(n, "", str(exc))
                continue
            result.created += 1
            result.messages.append(message)
        problems.raise_if_any()  # inside the transaction: nothing stays
    return result


def receive_file(path: Path, *, today: date) -> Received:
    """A JSONL file of canonical messages (blank lines are skipped)."""
    path = Path(path)
    problems = Problems(path)
    messages, lines = [], []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(0, "", f"cannot read the file: {exc}")
        problems.raise_if_any()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.add(n, "", f"not valid JSON: {exc.msg}")
            continue
        messages.append(value)
        lines.append(n)
    problems.raise_if_any()
    try:
        return receive(messages, today=today, source=str(path))
    except ImportFailed as exc:  # name the file's own line numbers, not the n-th message
        renumbered = [
            type(p)(p.path, lines[p.line - 1] if 0 < p.line <= len(lines) else p.line, p.field, p.message)
            for p in exc.problems
        ]
        raise ImportFailed(renumbered, exc.more) from None


def _check(m, n: int, problems: Problems, today: date) -> dict:
    """The message's fields, typed (dates, Decimal, int), or problems added for line n."""
    if not isinstance(m, dict):
        problems.add(n, "", "not a JSON object")
        return {}
    before = len(problems.items) + problems.more
    out = {}
    for name in ("message_id", "tenancy_ref", "counsellor", "counsellor_reference"):
        out[name] = _text(m, name, n, problems)
    kind = m.get("type")
    if kind not in INCOMING:
        problems.add(n, "type", f"must be one of {', '.join(INCOMING)}, not {kind!r}")
    else:
        out["type"] = kind
    out["date"] = _date(m, "date", n, problems)
    if out["date"] is not None and out["date"] > today:
        problems.add(n, "date", f"{out['date'].isoformat()} is after today ({today.isoformat()})")
    if kind in INCOMING:
        for name in TYPE_FIELDS[kind]:
            out[name] = _typed(kind, name, m, n, problems)
    unknown = sorted(set(m) - set(COMMON) - set(TYPE_FIELDS[kind] if kind in INCOMING else ()))
    for name in unknown:
        problems.add(n, name, "unknown field for this type")
    return out if len(problems.items) + problems.more == before else {}


def _text(m: dict, name: str, n: int, problems: Problems) -> str:
    value = m.get(name)
    if not isinstance(value, str) or not value.strip():
        problems.add(n, name, "missing" if value is None else "must be text")
        return ""
    if len(value) > MAX_TEXT[name]:
        problems.add(n, name, f"longer than {MAX_TEXT[name]} characters")
    return value.strip()


def _date(m: dict, name: str, n: int, problems: Problems) -> date | None:
    value = m.get(name)
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(n, name, "missing" if value is None else f"{value!r} is not a date like 2026-01-31")
    return None


def _typed(kind: str, name: str, m: dict, n: int, problems: Problems):
    value = m.get(name)
    if name == "months":
        ok = isinstance(value, int) and not isinstance(value, bool)
        allowed = (4, 8) if kind == T.KENNISGEVING else None
        if not ok or (allowed and value not in allowed) or (not allowed and not 1 <= value <= 120):
            need = "4 or 8" if allowed else "a whole number of months from 1 to 120"
            problems.add(n, name, "missing" if value is None else f"must be {need}, not {value!r}")
        return value
    if name == "kind":
        if value not in DebtHelp.OfferKind.values:
            problems.add(n, name, f"must be one of {', '.join(DebtHelp.OfferKind.values)}, not {value!r}")
        return value
    if name == "percentage":
        try:
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise InvalidOperation
            number = Decimal(str(value))
            if not number.is_finite() or not 0 <= number <= 100 or number != number.quantize(Decimal("0.01")):
                raise InvalidOperation
        except InvalidOperation:
            problems.add(
                n, name, "missing" if value is None else f'must be a percentage like "23.50" (0 to 100), not {value!r}'
            )
            return None
        return number.quantize(Decimal("0.01"))
    if name == "text":
        return _text(m, name, n, problems)
    if name == "start_date":
        return _date(m, name, n, problems)
    if name == "outcome":
        if value not in OUTCOMES:
            problems.add(n, name, f"must be geslaagd or mislukt, not {value!r}")
        return value
    raise AssertionError(name)
