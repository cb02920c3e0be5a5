"""Importing case history from an earlier system (events.jsonl, format in docs/formats.md)."""

import hashlib
import json
from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

from django.db import transaction

from huurpad.core.dutch import EVICTION_CANCEL_REASONS, JUDGMENT_OUTCOMES, PAUSE_REASONS
from huurpad.imports import ImportFailed, ImportResult, Problem, Problems
from huurpad.tenancies import fields as f
from huurpad.tenancies.fields import FieldError
from huurpad.tenancies.models import Tenancy

from .events import FACTORIES
from .models import CaseEvent

CHANNELS = {"phone", "visit", "card", "whatsapp", "sms", "email", "letter"}

# What each event type must carry, and how to read it. Other keys are kept as they came.
PARAMS = {
    "reminder_letter": {"offers_data_sharing": f.boolean, "points_to_debt_help": f.boolean},
    "wik_letter": {"costs": lambda v: f.amount(str(v))},
    "contact_attempt": {"channel": lambda v: f.choice(str(v), CHANNELS), "reached": f.boolean},
    "debt_help_pointed": {"channel": lambda v: f.choice(str(v), CHANNELS)},
    "early_signal_sent": {
        "municipality_code": lambda v: f.municipality_code(str(v)),
        "amount": lambda v: f.amount(str(v), positive=True),
    },
    "pause_started": {"reason": lambda v: f.choice(str(v), PAUSE_REASONS)},
    "arrangement_started": {
        "arrears_at_start": lambda v: f.amount(str(v), positive=True),
        "first_due": lambda v: f.date_in_years(str(v)),
    },
    # The legal track (huurpad/legal reads them into its record: legal/history.py).
    "summons_served": {"court_date": lambda v: f.date_in_years(str(v))},
    "judgment": {"outcome": lambda v: f.choice(str(v), JUDGMENT_OUTCOMES)},
    "eviction_scheduled": {"eviction_date": lambda v: f.date_in_years(str(v))},
    "eviction_cancelled": {"reason": lambda v: f.choice(str(v), EVICTION_CANCEL_REASONS)},
}
MAX_INSTALMENTS = 120  # ten years of monthly instalments: more is a mistake in the file

# Apps above cases that keep records of what imported events say (solutions: arrangements and
# pauses) add a function here in their AppConfig.ready. Each is called with the new events as
# (line, event), in the file's order, inside the import's transaction, and adds to the problems
# what it cannot record: then nothing is imported.
on_imported: list[Callable[[list[tuple[int, CaseEvent]], Problems], None]] = []


@transaction.atomic
def import_events(path: Path) -> ImportResult:
    problems = Problems(path)
    tenancies = dict(Tenancy.objects.values_list("ref", "id"))
    events: list[CaseEvent] = []
    seen: dict[str, int] = {}
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise ImportFailed([Problem(str(path), 0, "", f"cannot be read: {exc.strerror}")]) from None
    with handle:
        for line, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8-sig" if line == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                problems.add(line, "", f"is not UTF-8 ({exc.reason})")
                continue
            if not text.strip():
                continue
            event = _read_event(text, line, tenancies, problems)
            if event is None:
                continue
            if event.dedupe_key in seen:
                problems.add(line, "", f"repeats line {seen[event.dedupe_key]} exactly")
                continue
            seen[event.dedupe_key] = line
            events.append(event)
    problems.raise_if_any()
    known = set(CaseEvent.objects.filter(dedupe_key__in=list(seen)).values_list("dedupe_key", flat=True))
    fresh = [e for e in events if e.dedupe_key not in known]
    CaseEvent.objects.bulk_create(fresh, batch_size=2000)
    for react in on_imported:
        react([(seen[e.dedupe_key], e) for e in fresh], problems)
    problems.raise_if_any()  # inside the transaction: what a reaction refused undoes the import
    return ImportResult(created=len(fresh), unchanged=len(events) - len(fresh))


def _instalments(params: dict, line: int, problems: Problems) -> bool:
    """An arrangement's terms give the number of instalments (`count`), the monthly `instalment`,
    or both; the one left out is worked out from `arrears_at_start` and added to the event, so
    the timeline, the arrangement record and the policy read the same terms."""
    ok, count, instalment = True, None, None
    if "count" in params:
        try:
            count = f.integer(str(params["count"]), minimum=1)
            if count > MAX_INSTALMENTS:
                raise FieldError(f"{count} is more than {MAX_INSTALMENTS} instalments")
        except FieldError as exc:
            problems.add(line, "count", str(exc))
            ok = False
    if "instalment" in params:
        try:
            instalment = f.amount(str(params["instalment"]), positive=True)
        except FieldError as exc:
            problems.add(line, "instalment", str(exc))
            ok = False
    if not ok:
        return False
    if count is None and instalment is None:
        problems.add(line, "count", "is missing; an arrangement_started event needs count, instalment or both")
        return False
    total = f.amount(str(params["arrears_at_start"]))
    if instalment is None:
        params["instalment"] = str((total / count).quantize(Decimal("0.01"), rounding=ROUND_CEILING))
    elif count is None:
        count = int((total / instalment).to_integral_value(rounding=ROUND_CEILING))
        if count > MAX_INSTALMENTS:
            problems.add(
                line, "instalment", f"{instalment} pays {total} off in more than {MAX_INSTALMENTS} instalments"
            )
            return False
        params["count"] = count
    return True


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number here")


def _read_event(text: str, line: int, tenancies: dict, problems: Problems) -> CaseEvent | None:
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        problems.add(line, "", f"is not valid JSON ({exc.msg} at column {exc.colno})")
        return None
    except ValueError as exc:  # NaN or Infinity: not JSON, and no database takes them
        problems.add(line, "", f"is not valid JSON ({exc})")
        return None
    except RecursionError:
        problems.add(line, "", "is not valid JSON (nested too deeply)")
        return None
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        problems.add(line, "", "holds text that is not valid Unicode (a lone surrogate escape such as \\ud800)")
        return None
    if _holds_nul(data):  # PostgreSQL's jsonb takes no \u0000
        problems.add(line, "", "holds a NUL character (\\u0000)")
        return None
    if not isinstance(data, dict):
        problems.add(line, "", "must be one JSON object")
        return None
    ok = True
    values = {}
    for name, reader in [
        ("tenancy_ref", lambda v: f.tenancy_ref(str(v))),
        ("date", lambda v: f.iso_date(str(v))),
        ("type", lambda v: f.choice(str(v), FACTORIES.keys())),
    ]:
        try:
            values[name] = reader(data.get(name, ""))
        except FieldError as exc:
            problems.add(line, name, str(exc))
            ok = False
    if not ok:
        return None
    if values["tenancy_ref"] not in tenancies:
        problems.add(line, "tenancy_ref", f"{values['tenancy_ref']!r} is not a known tenancy")
        return None
    params = {k: v for k, v in data.items() if k not in values}
    for name, reader in PARAMS.get(values["type"], {}).items():
        if name not in params:
            problems.add(line, name, f"is missing; a {values['type']} event needs it")
            ok = False
            continue
        try:
            reader(params[name])
        except FieldError as exc:
            problems.add(line, name, str(exc))
            ok = False
    if not ok:
        return None
    if values["type"] == "arrangement_started" and not _instalments(params, line, problems):
        return None
    if values["type"] == "pause_started" and "review_date" in params:
        try:
            review = f.date_in_years(str(params["review_date"]))
        except FieldError as exc:
            problems.add(line, "review_date", str(exc))
            return None
        if review <= values["date"]:
            problems.add(line, "review_date", f"{review} is not after the pause's date {values['date']}")
            return None
    if "municipality_code" in params:
        params["municipality_code"] = f.municipality_code(str(params["municipality_code"]))
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return CaseEvent(
        tenancy_id=tenancies[values["tenancy_ref"]],
        date=values["date"],
        type=values["type"],
        params=params,
        source="import",
        dedupe_key=hashlib.sha256(canonical.encode()).hexdigest(),
    )
