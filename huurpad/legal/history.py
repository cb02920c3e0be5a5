"""The legal track's events from the previous system (cases/imports.py, events.jsonl; spec/CLI.md
"Legal track events"): when imported, they become the track's record through its owner
(track.from_elsewhere), so the case file, the evidence pack and the eviction prevention know them
as they know steps recorded in Huurpad. Called by the import, inside its transaction (handed over
in apps.py: cases sits below legal and cannot import it).

History is a fact: a step is recorded even where a person could not take it today (no approved
escalation in Huurpad then). A step towards eviction while debt help, a moratorium or an honoured
arrangement runs is recorded as held, with a task to ask the court or bailiff to hold. A step that
cannot follow from the track (an eviction cancelled where no track runs) refuses the import,
naming its line.
"""

from datetime import date
from decimal import Decimal

from huurpad.cases.models import CaseEvent
from huurpad.imports import Problems
from huurpad.tenancies.models import Tenancy

from . import rules, track
from .models import LegalStep

IMPORTED = {
    CaseEvent.Type.BAILIFF_HANDOVER: rules.HANDOVER,
    CaseEvent.Type.SUMMONS_SERVED: rules.SUMMONS,
    CaseEvent.Type.JUDGMENT: rules.JUDGMENT,
    CaseEvent.Type.EVICTION_SCHEDULED: rules.EVICTION_SCHEDULED,
    CaseEvent.Type.EVICTION_CANCELLED: rules.EVICTION_CANCELLED,
    CaseEvent.Type.EVICTION_EXECUTED: rules.EVICTION_EXECUTED,
}


def details(params: dict) -> track.Details:
    """A step's details from an event's parameters (checked by the import already)."""

    def day(name):
        return date.fromisoformat(str(params[name])) if params.get(name) else None

    costs = params.get("bailiff_costs")
    return track.Details(
        court_date=day("court_date"),
        outcome=str(params.get("outcome", "")),
        conditions=str(params.get("conditions", "")),
        eviction_date=day("eviction_date"),
        reason=str(params.get("reason", "")),
        decided_by_name=str(params.get("decided_by", "")),
        document=str(params.get("document", "")),
        note=str(params.get("note", "")),
        costs=Decimal(str(costs)) if costs not in (None, "") else None,
    )


def record(events: list[tuple[int, CaseEvent]], problems: Problems) -> None:
    """The imported legal events as steps of the track, per tenancy in date order (the file's
    order within a day)."""
    ours = sorted(
        ((event.tenancy_id, event.date, line, event) for line, event in events if event.type in IMPORTED),
        key=lambda item: item[:3],
    )
    tenancies = Tenancy.objects.in_bulk({tid for tid, *_ in ours})
    for tid, day, line, event in ours:
        try:
            step_details = details(event.params)
        except (ValueError, ArithmeticError) as exc:
            problems.add(line, "", f"cannot be read as a step of the legal track ({exc})")
            continue
        try:
            track.from_elsewhere(
                tenancies[tid], IMPORTED[event.type], day, step_details, source=LegalStep.Source.IMPORT, event=event
            )
        except track.Refused as refusal:
            problems.add(line, "type", f"{event.type} on {day}: {'; '.join(refusal.reasons)}")
