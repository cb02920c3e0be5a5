"""What the tenancy page shows about a household's solutions (arrangement, pause)."""

from huurpad.collection.models import PolicyVersion

from . import arrangements
from .forms import ArrangementForm
from .models import Arrangement


def for_page(tenancy, position, today, policy=None) -> dict:
    """What the tenancy page shows about arrangements and pauses (solutions/_arrangement.html),
    under `policy` (the current one when not given)."""
    running = tenancy.arrangements.filter(status__in=[Arrangement.Status.RUNNING, Arrangement.Status.AWAITING]).first()
    grace = (policy or PolicyVersion.current().load()).arrangement_grace_days
    return {
        "arrangement": running,
        "standing": arrangements.standing(running, position.arrears, today, grace)
        if running and running.status == Arrangement.Status.RUNNING else None,
        "earlier_arrangements": tenancy.arrangements.exclude(pk=running.pk if running else None).order_by("-created_at")[:5],
        "arrangement_form": ArrangementForm(),
        "pause": tenancy.pauses.filter(ended_on__isnull=True).first(),
    }
