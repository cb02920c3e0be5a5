"""What the tenancy page (huurpad/casefile) shows of the bank: a new collection day asked for and
not applied yet (bank/_collection_day.html)."""

from huurpad.tenancies.models import Tenancy


def panel(tenancy, **facts) -> dict:
    return {
        "collection_day_change": (
            tenancy.collection_day_changes.filter(applied=False).order_by("-effective_from", "-id").first()
            if tenancy.payment_method == Tenancy.PaymentMethod.DIRECT_DEBIT
            else None
        ),
    }
