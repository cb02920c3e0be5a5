"""What the tenancy page (huurpad/casefile) shows of the legal track (legal/_panel.html): the
running track's stage and dates, whether it is held and why, every step with who decided it, its
document and the bailiff's costs; earlier tracks; the form to record a step; and, while an
eviction is scheduled, what is being done to prevent it (core/policy/eviction.py): the call, the
visit and the last-chance offer with their days, and the crisis signal to the municipality."""

from django.utils import timezone

from huurpad.cases import tasks
from huurpad.cases.models import Task
from huurpad.signals.models import EarlySignal

from .forms import StepForm
from .models import LegalCase, Stage

PREVENTION_KINDS = [kind for kind, _ in tasks.EVICTION_STEPS]


def prevention(track: LegalCase | None, steps: list) -> dict | None:
    """The eviction prevention of a track whose eviction is scheduled: its tasks (the newest of
    each kind) and the crisis signal prepared since the eviction was scheduled, if any."""
    if track is None or track.stage != Stage.EVICTION_SCHEDULED or track.eviction_date is None:
        return None
    scheduled_on = max(s.date for s in steps if s.stage == Stage.EVICTION_SCHEDULED)
    newest = {}
    for task in Task.objects.filter(tenancy_id=track.tenancy_id, kind__in=PREVENTION_KINDS).order_by("id"):
        newest[task.kind] = task
    signal = (
        EarlySignal.objects.filter(tenancy_id=track.tenancy_id, crisis=True, signal_date__gte=scheduled_on)
        .order_by("-signal_date", "-id")
        .first()
    )
    return {
        "tasks": [newest[k] for k in PREVENTION_KINDS if k in newest],
        "signal": signal,
        "today": timezone.localdate(),
    }


def panel(tenancy, **facts) -> dict:
    tracks = list(LegalCase.objects.filter(tenancy=tenancy).order_by("-opened_on", "-id"))  # a few at most
    current = next((t for t in tracks if t.running), None)
    steps = list(current.steps.select_related("decided_by")) if current else []
    return {
        "legal": {
            "track": current,
            "steps": steps,
            "prevention": prevention(current, steps),
            "earlier": [t for t in tracks if t is not current][:5],
            "form": StepForm(),
        }
    }
