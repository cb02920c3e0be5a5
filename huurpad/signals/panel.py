"""What the tenancy page (huurpad/casefile) shows of early signals: the Bgs checklist
(tenancies/_bgs.html) and the signal history (signals/_history.html)."""

from .checklist import bgs_checklist
from .forms import FeedbackForm


def panel(tenancy, *, today, policy, entries, events, state, snapshot, **facts) -> dict:
    """The checklist for the current arrears, from what the page has read (`state`, the ledger
    `entries`, the timeline `events` and the policy's `snapshot`), and the signals sent."""
    return {
        "bgs": bgs_checklist(tenancy, state, entries, events, today, policy, snapshot=snapshot),
        **_history(tenancy, today),
    }


def _history(tenancy, today) -> dict:
    rows, waiting = [], False
    for s in tenancy.early_signals.select_related("export").order_by("-signal_date", "-id"):
        days = (s.first_contact - s.signal_date).days if s.first_contact else None
        rows.append({"signal": s, "days_to_contact": days})
        waiting |= s.status == s.Status.EXPORTED and not s.result_code
    # The feedback form sits with each signal sent that has no result yet: most pages have none.
    form = FeedbackForm(initial={"on": today}) if waiting else None
    return {"signal_history": rows, "feedback_form": form}
