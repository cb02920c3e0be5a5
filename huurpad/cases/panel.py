"""What the tenancy page (huurpad/casefile) shows of the case work: the case itself, contact,
referrals, measures, open tasks, notes and the signals heard from others."""

from django.db.models import F
from django.utils import timezone

from . import outside
from .forms import CloseCaseForm, ContactForm, NoteForm, OpenCaseForm
from .models import CaseEvent, Task


def panel(tenancy, *, today, events, refused, **facts) -> dict:
    """The page's part of the case work, from the timeline `events` (newest first) it has read; a
    form in `refused` (with its errors) replaces the empty one."""
    return {
        **case_part(tenancy, refused.get("open_form"), refused.get("close_form")),
        "contact_form": refused.get("contact_form")
        or ContactForm(initial={"day_part": day_part(timezone.localtime())}),
        "referrals": tenancy.referrals.select_related("partner"),
        "measures": tenancy.measures.all(),
        "open_tasks": tenancy.tasks.filter(status=Task.Status.OPEN)
        .select_related("assigned_to")
        .order_by("due_date", "id"),
        "note_form": refused.get("note_form") or NoteForm(),
        "outside_signals": outside_signals(events, today),
    }


def case_part(tenancy, open_form=None, close_form=None) -> dict:
    """The open case (or the last one closed) and the forms to open or close one (cases/_case.html)."""
    latest = (  # the open one first (at most one is open), else the one closed last
        tenancy.cases.select_related("opened_by", "closed_by")
        .order_by(F("closed_on").desc(nulls_first=True), "-id")
        .first()
    )
    is_open = latest is not None and latest.closed_on is None
    return {
        "case": latest if is_open else None,
        "last_case": None if is_open else latest,
        "open_form": open_form or OpenCaseForm(),
        "close_form": close_form or CloseCaseForm(),
    }


def day_part(now) -> str:
    return "ochtend" if now.hour < 12 else "middag" if now.hour < 18 else "avond"


def outside_signals(events_newest_first, today) -> list[dict]:
    """The signals from others on the timeline (already read), newest first, with whether each
    still counts for the order of 'Vandaag' and until when (cases/_outside_signals.html)."""
    return [
        {
            "event": e,
            "label": outside.label(e.params.get("kind", outside.OTHER)),
            "counts": outside.counts(e.date, today),
            "counts_until": e.date + outside.RECENT,
        }
        for e in events_newest_first
        if e.type == CaseEvent.Type.OUTSIDE_SIGNAL
    ]
