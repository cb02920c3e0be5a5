"""What the tenancy page (huurpad/casefile) shows of the legal track (legal/_panel.html): the
running track's stage and dates, whether it is held and why, every step with who decided it, its
document and the bailiff's costs; earlier tracks; and the form to record a step."""

from .forms import StepForm
from .models import LegalCase


def panel(tenancy, **facts) -> dict:
    tracks = list(LegalCase.objects.filter(tenancy=tenancy).order_by("-opened_on", "-id"))  # a few at most
    current = next((t for t in tracks if t.running), None)
    steps = list(current.steps.select_related("decided_by")) if current else []
    return {
        "legal": {
            "track": current,
            "steps": steps,
            "earlier": [t for t in tracks if t is not current][:5],
            "form": StepForm(),
        }
    }
