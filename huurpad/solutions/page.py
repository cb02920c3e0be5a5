"""What the tenancy page shows about a household's solutions (arrangement, pause)."""

from huurpad.collection.models import PolicyVersion

from . import arrangements
from .forms import ArrangementForm
from .models import Arrangement


def for_page(tenancy, position, today, policy=None) -> dict:
    """What the tenancy page shows about arrangements and pauses (solutions/_arrangement.html),
    under `policy` (the current one when not given)."""
    made = list(tenancy.arrangements.order_by("-created_at", "-id"))  # a household has a few at most
    current = (Arrangement.Status.RUNNING, Arrangement.Status.AWAITING)
    running = next((a for a in made if a.status in current), None)
    grace = (policy or PolicyVersion.current().load()).arrangement_grace_days
    return {
        "arrangement": running,
        "standing": arrangements.standing(running, position.arrears, today, grace)
        if running and running.status == Arrangement.Status.RUNNING else None,
        "earlier_arrangements": [a for a in made if a is not running][:5],
        "arrangement_form": ArrangementForm(),
        "pause": tenancy.pauses.filter(ended_on__isnull=True).first(),
    }
