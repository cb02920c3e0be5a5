"""Arrangements and pauses from the previous system: when their events are imported
(cases/imports.py, events.jsonl), they become records, so cases, reports and the officers' forms
know them as they know those made in Huurpad. Called by the import, inside its transaction
(handed over in apps.py: cases sits below solutions and cannot import it).

The records follow the timeline's reading of the events (cases/timeline.py): a start replaces
what runs, an end ends what runs. History older than an arrangement or pause already made in
Huurpad cannot be replayed under it: such a line is refused, naming its date.
"""

from datetime import date

from huurpad.cases.models import CaseEvent
from huurpad.cases.timeline import DEFAULT_PAUSE_REVIEW
from huurpad.imports import Problems

from . import arrangements
from .models import Arrangement, Pause

T = CaseEvent.Type
TYPES = {T.ARRANGEMENT_STARTED, T.ARRANGEMENT_ENDED, T.PAUSE_STARTED, T.PAUSE_ENDED}


def record(events: list[tuple[int, CaseEvent]], problems: Problems) -> None:
    """The imported events' arrangements and pauses as records, per tenancy in date order (the
    file's order within a day)."""
    ours = sorted(
        ((event.tenancy_id, event.date, line, event) for line, event in events if event.type in TYPES),
        key=lambda item: item[:3],
    )
    if not ours:
        return
    tenancies = {tid for tid, *_ in ours}
    latest = _latest_starts(tenancies)
    for tid, day, line, event in ours:
        kind = "arrangement" if event.type in (T.ARRANGEMENT_STARTED, T.ARRANGEMENT_ENDED) else "pause"
        since = latest.get((tid, kind))
        if since is not None and day < since:
            problems.add(
                line,
                "date",
                f"{day} lies before the {kind} made in Huurpad on {since}; import the history before making"
                f" {kind}s in Huurpad",
            )
            continue
        params = event.params
        if event.type == T.ARRANGEMENT_STARTED:
            arrangements.from_history(tid, day, params)
        elif event.type == T.ARRANGEMENT_ENDED:
            arrangements.ended_in_history(tid, day, str(params.get("reason", "")))
        elif event.type == T.PAUSE_STARTED:
            review = params.get("review_date")
            review_date = date.fromisoformat(review) if review else day + DEFAULT_PAUSE_REVIEW
            arrangements.pause_from_history(tid, day, params["reason"], review_date)
        else:
            arrangements.pause_ended_in_history(tid, day)


def _latest_starts(tenancies: set[int]) -> dict[tuple[int, str], date]:
    """The newest start of an arrangement or pause made in Huurpad, per tenancy and kind."""
    found = {}
    for tid, started in (
        Arrangement.objects.filter(tenancy_id__in=tenancies, started_on__isnull=False)
        .exclude(source=Arrangement.Source.HISTORY)
        .values_list("tenancy_id", "started_on")
    ):
        found[(tid, "arrangement")] = max(started, found.get((tid, "arrangement"), started))
    for tid, start in (
        Pause.objects.filter(tenancy_id__in=tenancies).exclude(from_history=True).values_list("tenancy_id", "start")
    ):
        found[(tid, "pause")] = max(start, found.get((tid, "pause"), start))
    return found
