"""What the tenancy page (huurpad/casefile) shows of a household's solutions: the arrangement and
the pause (solutions/_arrangement.html), rent paid from benefits and lodger permissions
(solutions/_benefits_and_lodgers.html), the write-offs (solutions/_write_offs.html), and for a
tenant who left the final bill and its policy's steps (solutions/_former.html, solutions/former.py).
Their forms come with the page's folded forms (casefile/page_forms.py)."""

from collections import defaultdict

from . import arrangements, benefits, former, writeoffs
from .forms import ArrangementForm
from .models import Arrangement, LodgerPermission

PAGE_MONTHS = 6  # months of reconciliation shown on the tenancy page


def panel(tenancy, *, today, policy, entries, **facts) -> dict:
    """The page's part of solutions, from the ledger `entries` up to `today` the page has read,
    under `policy`."""
    return {
        **_arrangement(tenancy, today, policy, entries),
        **_benefits_and_lodgers(tenancy, today),
        "write_offs": _write_offs(tenancy, today),
        **former.panel(tenancy, today=today, entries=entries, **facts),
    }


def _arrangement(tenancy, today, policy, entries) -> dict:
    """The running (or awaited) arrangement with its standing, the earlier ones, and the pause."""
    made = list(tenancy.arrangements.order_by("-created_at", "-id"))  # a household has a few at most
    current = (Arrangement.Status.RUNNING, Arrangement.Status.AWAITING)
    running = next((a for a in made if a.status in current), None)
    standing = None
    if running and running.status == Arrangement.Status.RUNNING:
        standing = arrangements.standing(running, entries, today, policy)
    return {
        "arrangement": running,
        "standing": standing,
        "earlier_arrangements": [a for a in made if a is not running][:5],
        "arrangement_form": ArrangementForm(),
        **_pause(tenancy),
    }


def _pause(tenancy) -> dict:
    """The running pause, and the latest review date a team leader may extend it to (None: no limit)."""
    pause = tenancy.pauses.filter(ended_on__isnull=True).first()
    return {"pause": pause, "pause_limit": arrangements.pause_limit(pause) if pause else None}


def _benefits_and_lodgers(tenancy, today) -> dict:
    """Rent paid from benefits, month by month as reconciled, and lodger permissions."""
    registered = list(tenancy.benefit_payments.order_by("-start", "-id"))
    checks = defaultdict(list)
    for check in benefits.reconcile(tenancy, today) if registered else ():  # most tenancies have none
        checks[check.benefit.pk].append(check)
    return {
        "benefit_payments": [
            {
                "benefit": b,
                "running": b.start <= today and (b.end is None or b.end >= today),
                "months": list(reversed(checks[b.pk][-PAGE_MONTHS:])),
            }
            for b in registered
        ],
        "benefit_grace_days": benefits.GRACE_DAYS,
        "lodger_permissions": [
            {"permission": p, "running": p.start <= today <= p.end}
            for p in LodgerPermission.objects.filter(tenancy=tenancy).order_by("-start", "-id")
        ],
    }


def _write_offs(tenancy, today) -> dict:
    """The write-offs, newest first, and whether a new one can be proposed."""
    items = list(tenancy.write_offs.order_by("-created_at", "-id"))
    return {
        "items": items,
        "open": any(w.status in writeoffs.OPEN for w in items),
        "waits_for_debt_help": writeoffs.waits_for_debt_help(tenancy, today),
    }
