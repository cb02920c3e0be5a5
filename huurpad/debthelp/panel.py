"""What the tenancy page (huurpad/casefile) shows of debt help (debthelp/_debt_help.html): the
trajectory with the counsellor, its stage, the claim as we stated it, the offer, what came in from
the counsellor, the deadlines of the answers owed, every message in and out with why, and the forms
to send an answer, decline, decide on a proposal or write off the rest (debthelp/views.py)."""

from . import flow
from .models import DebtHelp, DebtMessage


def panel(tenancy, *, today, **facts) -> dict:
    found = list(DebtHelp.objects.filter(tenancy=tenancy).select_related("partner").order_by("-id")[:5])
    if not found:
        return {"debt_help": None}
    current = next((h for h in found if h.running), found[0])
    items = list(
        DebtMessage.objects.filter(debt_help=current)
        .select_related("in_reply_to", "decided_user")
        .order_by("date", "id")
    )
    owed = []
    for m in items:
        m.shown_status = _status(m, today)
        waiting = m.direction == DebtMessage.Direction.OUT and m.status == DebtMessage.Status.AWAITING_DECISION
        if waiting and current.running:  # once it ended, nothing more goes (flow.ENDED)
            owed.append(m)
    payments = list(flow.payments_in(current)[:24])
    return {
        "debt_help": {
            "help": current,
            "earlier": [h for h in found if h is not current],
            "messages": items,
            "owed": owed,
            "payments": payments,
            "received": sum(p.amount for p in payments),
            "rest": flow.rest_of_claim(current, today) if current.stage == DebtHelp.Stage.GESLAAGD else None,
            "may_write_off": current.stage == DebtHelp.Stage.GESLAAGD and current.running,
            # Incoming messages staff may still answer with 'geen medewerking'.
            "refusable": [
                m
                for m in items
                if current.running
                and current.stage in flow.BEFORE_AGREEMENT
                and m.direction == DebtMessage.Direction.IN
                and m.type
                in (DebtMessage.Type.KENNISGEVING, DebtMessage.Type.SALDOVERZOEK, DebtMessage.Type.BETAALVOORSTEL)
                and not any(a.in_reply_to_id == m.pk and a.status == DebtMessage.Status.SENT for a in items)
            ][-1:],
            "reasons": list(flow.REFUSAL_REASONS.items()),
        }
    }


STATUS_NL = {
    "sent": "Verstuurd",
    "awaiting_decision": "Wacht op een besluit",
    "overdue": "Te laat",
    "received": "Ontvangen",
}


def _status(message: DebtMessage, today) -> str:
    if message.direction == DebtMessage.Direction.IN:
        return STATUS_NL["received"]
    return STATUS_NL[flow.answer_status(message, today)]
