"""What the tenancy page (huurpad/casefile) shows of the policy: the steps it proposed and the
collection costs (tenancies/_costs.html)."""

from huurpad.core.policy.labels import action_label, channel_label

from . import actions
from .models import Proposal

OPEN_PROPOSALS = (Proposal.Status.PROPOSED, Proposal.Status.QUEUED)


def panel(tenancy, *, today, entries, events, snapshot, **facts) -> dict:
    """The proposals, and whether the costs may be charged: from the policy's `snapshot` of the
    household (None when there is nothing to check), the ledger `entries` and the `events`."""
    return {
        "proposals": proposal_rows(tenancy),
        "costs": snapshot and actions.costs_status(tenancy, snapshot, entries, events, today),
    }


def proposal_rows(tenancy) -> list[dict]:
    """The steps the policy proposed for this tenancy: open ones first, then the rest; newest first."""
    proposals = sorted(
        tenancy.proposals.select_related("policy_version").order_by("-due_date", "-id"),
        key=lambda p: p.status not in OPEN_PROPOSALS,
    )
    return [
        {
            "proposal": p,
            "open": p.status in OPEN_PROPOSALS,
            "action": action_label(p.action),
            "channel": channel_label(p.channel),
        }
        for p in proposals
    ]
