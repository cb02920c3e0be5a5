"""The life of a proposal after the run made it (run.py): proposed (a step for a person) or
queued (a message or signal, for the outbox), then done or dismissed.

Collection alone changes a proposal's status, in this module (tests/test_proposals.py holds every
other module to it). Each verb is a conditional update from the statuses it may leave, so two
writers cannot both win, and only the one that wins writes what the step puts on the timeline.
So a reminder or WIK letter is recorded once, by whichever moves its proposal first: the outbox or
the post room when the letter goes out (went_out), or a person marking the step done (carry_out).

Cases and messaging, below collection, reach these verbs through the functions CollectionConfig.ready
hands them (cases.actions.Proposals, messaging.outbox.Proposals)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from huurpad.cases import events, tasks
from huurpad.core.policy.proposal import LETTER_STEPS, MESSAGES, Action
from huurpad.messaging.models import OutboxMessage

from .models import Proposal

S = Proposal.Status
OPEN = (S.PROPOSED, S.QUEUED)


def _move(leaving, to: str, **which) -> int:
    """The proposals `which` (filter arguments) still in one of the statuses `leaving` go to `to`;
    how many did."""
    return Proposal.objects.filter(status__in=leaving, **which).update(status=to)


def _letter_event(tenancy, action: str, on: date, *, costs: Decimal, acting_user=None):
    """The timeline event of a reminder or WIK letter that went out on D: what the policy reads
    back (the reminder points to debt help and offers to pass the data on; the WIK letter states
    the costs). Written only here, by the verb that moved the letter's proposal to done."""
    if action == Action.REMINDER_LETTER:
        return events.reminder_letter(
            tenancy, on, offers_data_sharing=True, points_to_debt_help=True, acting_user=acting_user
        )
    return events.wik_letter(tenancy, on, costs=costs, acting_user=acting_user)


@transaction.atomic
def carry_out(proposal: Proposal, *, acting_user=None, on: date | None = None, reached: bool = False) -> bool:
    """Record that a proposed step was carried out: the proposal is done and the timeline says what
    happened; its open task is done and its queued message counts as sent. False when it was
    already done or dismissed (two clicks cannot both win)."""
    on = on or timezone.localdate()
    if not _move(OPEN, S.DONE, pk=proposal.pk):
        return False
    tenancy, action, f = proposal.tenancy, Action(proposal.action), proposal.facts
    kw = {"acting_user": acting_user}
    if action in LETTER_STEPS:
        event = _letter_event(tenancy, action, on, costs=Decimal(f.get("costs", "0")), **kw)
    elif action in (Action.CALL, Action.HOME_VISIT):
        channel = "phone" if action == Action.CALL else "visit"
        event = events.contact_attempt(
            tenancy, on, channel=channel, reached=reached, day_part=f.get("day_part", ""), **kw
        )
    elif action == Action.EARLY_SIGNAL:
        event = events.early_signal_sent(
            tenancy, on, municipality_code=tenancy.municipality_code, amount=Decimal(f["amount"]), **kw
        )
    elif action in MESSAGES:
        event = events.message_sent(tenancy, on, action=action.value, channel=proposal.channel, **kw)
    else:
        event = None  # reviews are recorded with their outcome by the person doing them
    if event is not None:
        event.save()
    tasks.done_for_proposals([proposal.pk])
    if reached and action in (Action.CALL, Action.HOME_VISIT):  # the other calls and visits are not needed now
        tasks.close_gone(on, {tasks.Gone.CONTACT: [tenancy.id]})
    OutboxMessage.objects.filter(proposal=proposal, status=OutboxMessage.Status.QUEUED).update(
        status=OutboxMessage.Status.SENT
    )
    return True


def went_out(message: OutboxMessage, *, on: date, costs: Decimal | None = None, acting_user=None) -> bool:
    """A message of the outbox went out (sent, or printed on D): its queued proposal is done. For a
    reminder or WIK letter the letter's event goes on the timeline, with the costs the letter
    states (`costs`, else the proposal's); other messages are on it as sent messages, which the
    outbox writes (outbox.mark_sent). False when the message has no queued proposal (none, or one
    done or dismissed meanwhile)."""
    done = _move((S.QUEUED,), S.DONE, pk=message.proposal_id)
    if done and message.action in LETTER_STEPS:
        stated = costs if costs is not None else Decimal(message.proposal.facts.get("costs", "0"))
        _letter_event(message.tenancy, message.action, on, costs=stated, acting_user=acting_user).save()
    return bool(done)


def paid(proposal_id: int | None) -> bool:
    """The tenant paid through the pay link of the step's message: the step is done. Nothing goes on
    the timeline here: the payment is on the ledger (messaging.paylinks)."""
    return bool(_move(OPEN, S.DONE, pk=proposal_id))


def contact_made(tenancy, action: str) -> list[int]:
    """A person recorded a contact that carries out the proposed `action` (a call, a visit) of
    this tenancy: those proposals are done, and their open tasks. The contact itself is on the
    timeline already (cases.actions.record_contact). Returns the ids of the proposals."""
    ids = list(Proposal.objects.filter(tenancy=tenancy, action=action, status=S.PROPOSED).values_list("id", flat=True))
    _move((S.PROPOSED,), S.DONE, id__in=ids)
    tasks.done_for_proposals(ids)
    return ids


def review_decided(proposal_id: int) -> bool:
    """The team leader decided the escalation review the policy proposed: it is done. The decision
    is on the timeline already (cases.actions.decide_escalation)."""
    return bool(_move(OPEN, S.DONE, pk=proposal_id))


def dismiss(proposal_id: int) -> bool:
    """A queued step that will not be carried out (an early signal that may not go: signals)."""
    return bool(_move(OPEN, S.DISMISSED, pk=proposal_id))


def eviction_off(tenancy) -> int:
    """The scheduled eviction is off (cancelled, carried out, struck out: legal/track.py): the
    tenancy's open eviction_prevention proposals are done, as far as they could be. Their tasks
    close with the reason through cases.tasks.close_gone. Returns how many."""
    return _move((S.PROPOSED,), S.DONE, tenancy=tenancy, action=Action.EVICTION_PREVENTION)
