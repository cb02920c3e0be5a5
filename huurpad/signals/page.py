"""The signal history on the tenancy page (signals/_history.html)."""

from django.utils import timezone

from .forms import FeedbackForm


def for_page(tenancy) -> dict:
    """The tenancy's signal history for its page (signals/_history.html)."""
    rows, waiting = [], False
    for s in tenancy.early_signals.select_related("export").order_by("-signal_date", "-id"):
        days = (s.first_contact - s.signal_date).days if s.first_contact else None
        rows.append({"signal": s, "days_to_contact": days})
        waiting |= s.status == s.Status.EXPORTED and not s.result_code
    # The feedback form sits with each signal sent that has no result yet: most pages have none.
    form = FeedbackForm(initial={"on": timezone.localdate()}) if waiting else None
    return {"signal_history": rows, "feedback_form": form}
