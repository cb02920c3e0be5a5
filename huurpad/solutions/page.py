"""What the tenancy page shows about a household's solutions (arrangement, pause)."""

from huurpad.collection.models import PolicyVersion

from . import arrangements
from .forms import ArrangementForm
from .models import Arrangement


def for_page(tenancy, today, policy=None, entries=None) -> dict:
    """What the tenancy page shows about arrangements and pauses (solutions/_arrangement.html),
    under `policy` (the current one when not given). A running arrangement's standing is worked
    out from the ledger `entries` (read here when not given)."""
    made = list(tenancy.arrangements.order_by("-created_at", "-id"))  # a household has a few at most
    current = (Arrangement.Status.RUNNING, Arrangement.Status.AWAITING)
    running = next((a for a in made if a.status in current), None)
    standing = None
    if running and running.status == Arrangement.Status.RUNNING:
        policy = policy or PolicyVersion.current().load()
        standing = arrangements.standing(
            running, tenancy.core_entries(today) if entries is None else entries, today, policy
        )
    return {
        "arrangement": running,
        "standing": standing,
        "earlier_arrangements": [a for a in made if a is not running][:5],
        "arrangement_form": ArrangementForm(),
        "pause": tenancy.pauses.filter(ended_on__isnull=True).first(),
    }
