"""The top of the tenancy page: the case at a glance (tenancies/_glance.html).

Who, how to reach them, the position, what is running, the open tasks and the one next step the
policy proposes, on one screen. Everything comes from what the page and its panels have already
read (page.page_context), so the glance costs no extra reading but the few rows named here.
"""

from huurpad.cases.models import CaseEvent
from huurpad.collection import snapshots
from huurpad.collection.models import Proposal
from huurpad.core.policy.labels import channel_label
from huurpad.core.policy.rules import FALLBACK_CHANNELS
from huurpad.signals.models import EarlySignal

# An early signal still under way: not yet sent, or sent and the municipality has not answered.
SIGNAL_WAITING = (EarlySignal.Status.PREPARED, EarlySignal.Status.AWAITING, EarlySignal.Status.EXPORTED)


def glance(context: dict, *, policy, events) -> dict:
    """What the top of the page shows, from the page's `context` (with its panels' parts), the
    `policy` in force and the timeline `events` (newest first)."""
    tenant, case = context["tenant"], context.get("case")
    rows = context["proposals"]
    current = [row for row in rows if row["open"]]
    steps = policy.steps_for(context["segment"], context["tenancy"].payment_method)
    return {
        "message_channel": message_channel(tenant, steps.nudge_channel),
        "next_step": next_step(current),
        "current_proposals": current,
        "past_proposals": [row for row in rows if not row["open"]],
        "open_referrals": [r for r in context["referrals"] if r.status == r.Status.OPEN],
        "running_signals": [
            row["signal"]
            for row in context["signal_history"]
            if row["signal"].status in SIGNAL_WAITING and not row["signal"].result_code
        ],
        "court_step": court_step(events, case.opened_on if case else None),
    }


def message_channel(tenant, preferred: str) -> str:
    """The channel the policy's messages go by for this tenant, in Dutch: its preferred channel if
    the tenant can receive it, else the next that works (core.policy.rules.message_channel)."""
    reachable = snapshots.tenant_channels(tenant)
    return next((channel_label(c) for c in (preferred, *FALLBACK_CHANNELS) if c in reachable), "")


def next_step(current: list[dict]) -> dict | None:
    """The one step to take next: of the open proposals, one that waits for a person before one
    already queued to go out by itself; the oldest first."""
    if not current:
        return None
    return min(
        current,
        key=lambda row: (
            row["proposal"].status != Proposal.Status.PROPOSED,
            row["proposal"].due_date,
            row["proposal"].id,
        ),
    )


def court_step(events_newest_first, since) -> CaseEvent | None:
    """The latest step towards court or bailiff in the open case (opened on `since`): the hand-over
    to the bailiff, or a team leader's yes to the next step. None without an open case."""
    if since is None:
        return None
    for e in events_newest_first:
        if e.date < since:
            return None
        if e.type == CaseEvent.Type.BAILIFF_HANDOVER or (
            e.type == CaseEvent.Type.ESCALATION_DECIDED and e.params.get("approved")
        ):
            return e
    return None
