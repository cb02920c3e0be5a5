"""The outbox worker: sends composed messages, each exactly once.

A message is claimed before it is sent (queued or failed -> sending, by a conditional update, so
two workers never take the same one), then marked sent, failed (tried again later, with growing
pauses) or given up, with the reason. A worker that stops while sending leaves its message in
'sending'; the next worker, once the claim is older than the lease, sends it again only on a
channel whose provider recognises a repeat (the message's reference) and otherwise marks it
'uncertain' for a person to check: never twice.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from huurpad.cases import events
from huurpad.core.dutch import channel_nl, date_nl
from huurpad.core.policy.config import Policy
from huurpad.core.policy.proposal import LETTER_STEPS

from . import channels
from .models import OutboxMessage

S = OutboxMessage.Status
PAUSES = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
MAX_ATTEMPTS = len(PAUSES) + 1
LEASE = timedelta(minutes=10)  # longer than any one send takes


class Proposals(Protocol):
    """What a message going out, or paid through its pay link, does to the policy's proposal: the
    step is done. Proposals are collection's, a layer above messaging, and only collection changes
    their status; messaging does not import it. CollectionConfig.ready hands over
    collection.proposals, which has these functions, and the policy in force (policy_in_force)."""

    def went_out(self, message: OutboxMessage, *, on: date, costs: Decimal | None, acting_user) -> bool: ...

    def paid(self, proposal_id: int | None) -> bool: ...


proposals: Proposals | None = None  # collection/apps.py sets both when the apps are ready
policy_in_force: Callable[[], Policy] | None = None  # quiet hours; what a message says (compose)


@dataclass
class Counts:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    uncertain: int = 0
    requeued: int = 0
    reasons: list[str] = field(default_factory=list)
    quiet: bool = False  # the policy's quiet hours: nothing was sent


def send_due(now: datetime | None = None, *, lease: timedelta = LEASE) -> Counts:
    """One pass: recover cut-off sends, then send every composed message that is due."""
    now = now or timezone.now()
    counts = Counts()
    recover(now, lease, counts)
    if in_quiet_hours(now):
        counts.quiet = True
        return counts
    due = (
        OutboxMessage.objects.filter(status__in=[S.QUEUED, S.FAILED], channel__in=list(channels.configured()))
        .exclude(body="")
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .values_list("id", flat=True)
    )
    for pk in list(due):
        send_one(pk, now, counts)
    return counts


def in_quiet_hours(now: datetime) -> bool:
    """Between the policy's quiet hours (default 21:00-08:00) no message goes out."""
    start, end = policy_in_force().quiet_hours
    clock = timezone.localtime(now).time()
    return start <= clock or clock < end if start > end else start <= clock < end


def quiet_hours_note() -> str:
    """The policy's quiet hours as an officer reads them after 'gaat ... weg': nothing when none."""
    start, end = policy_in_force().quiet_hours
    return "" if start == end else f" (niet tussen {start:%H:%M} en {end:%H:%M})"


def recover(now: datetime, lease: timedelta, counts: Counts) -> None:
    for message in OutboxMessage.objects.filter(status=S.SENDING, claimed_at__lt=now - lease):
        _cut_off(message, channels.get(message.channel), "de verzender stopte tijdens het versturen", counts)


def _cut_off(message: OutboxMessage, channel, why: str, counts: Counts) -> None:
    """A send that may or may not have gone out: again where a repeat is recognised, else a person
    checks. An uncertain message is on the officers' list (messaging:uncertain, counted on
    'Vandaag') and noted on the tenancy's timeline, so it is never lost silently."""
    if channel is not None and channel.idempotent:
        counts.requeued += _move(message, S.QUEUED, last_error=why)
        return
    reason = f"Onderbroken ({why}); misschien is het bericht al aangekomen. Controleer dit."
    with transaction.atomic():
        if _move(message, S.UNCERTAIN, last_error=reason):
            counts.uncertain += 1
            events.note(
                message.tenancy,
                timezone.localdate(),
                text=(
                    f"Bericht per {channel_nl(message.channel)} van {date_nl(message.day)} misschien niet aangekomen: het versturen stopte "
                    "halverwege. Een medewerker controleert het bij 'Berichten om te controleren'."
                ),
            ).save()


def send_one(pk: int, now: datetime, counts: Counts) -> None:
    claimed = OutboxMessage.objects.filter(pk=pk, status__in=[S.QUEUED, S.FAILED]).update(
        status=S.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return  # another worker took it
    message = OutboxMessage.objects.select_related("tenancy", "created_by").get(pk=pk)
    channel = channels.get(message.channel)
    try:
        provider_ref = channel.send(message)
    except channels.Refused as exc:
        give_up(message, str(exc), counts)
    except channels.Unknown as exc:
        _cut_off(message, channel, str(exc), counts)
    except Exception as exc:  # TryAgain, or anything unexpected: try again later, then give up
        reason = str(exc) or type(exc).__name__
        if message.attempts >= MAX_ATTEMPTS:
            give_up(message, f"{message.attempts} pogingen mislukt; laatste fout: {reason}", counts)
        else:
            _move(message, S.FAILED, last_error=reason, next_attempt_at=now + PAUSES[message.attempts - 1])
            counts.failed += 1
    else:
        counts.sent += mark_sent(message, provider_ref, day=timezone.localdate(now))


@transaction.atomic
def mark_sent(
    message: OutboxMessage,
    provider_ref: str = "",
    day=None,
    *,
    costs: Decimal | None = None,
    acting_user=None,
    **params,
) -> bool:
    """Sent (or printed, on `day`): on the timeline, and the policy's proposal done. False if
    another worker moved the message meanwhile. The day it went out (`day`: the day printed, the
    day the worker sent it, the day an officer says it went; else the message's own day) is kept
    on the message (sent_on) and is the date of its timeline event: the evidence pack and the
    timeline give one date for one letter.

    A reminder or WIK letter goes on the timeline as the step itself (the event the policy reads
    back: Bgs conditions, the 14-day term), dated the day it went out, with the costs the letter
    states (`costs`, else the proposal's): collection.proposals.went_out writes it, when it moves
    the proposal from queued to done. Any other message goes on the timeline here. `acting_user`
    is the person who settled the message (an officer confirming an uncertain message), else its
    writer; `params` go on the event as they are."""
    on, acting_user = day or message.day, acting_user or message.created_by
    if not _move(message, S.SENT, sent_at=timezone.now(), sent_on=on, provider_ref=provider_ref[:100], last_error=""):
        return False
    proposals.went_out(message, on=on, costs=costs, acting_user=acting_user)
    if not (message.action in LETTER_STEPS and message.proposal_id):
        events.message_sent(
            message.tenancy, on, action=message.action, channel=message.channel, acting_user=acting_user, **params
        ).save()
    return True


def give_up(message: OutboxMessage, reason: str, counts: Counts) -> None:
    with transaction.atomic():
        if _move(message, S.GIVEN_UP, last_error=reason):
            events.message_failed(
                message.tenancy, message.day, action=message.action, channel=message.channel, reason=reason
            ).save()
            counts.given_up += 1
            counts.reasons.append(f"{message.reference}: {reason}")


def _move(message: OutboxMessage, status: str, **fields) -> int:
    """From 'sending' (the state this worker left it in) to `status`; 0 if it is no longer so."""
    return OutboxMessage.objects.filter(pk=message.pk, status=message.status).update(status=status, **fields)


def delivery_report(reference: str, delivered: bool, detail: str = "") -> OutboxMessage | None:
    """What the provider later reports about a message it accepted: it reached the phone, or it
    did not. A report settles an uncertain message (so it went out after all). A message that did
    not arrive is given up with the provider's reason, on the timeline, where the officer sees
    it. Unknown references and repeated reports change nothing."""
    pk = reference.removeprefix("huurpad")
    reported = OutboxMessage.objects.select_related("tenancy", "created_by").filter(channel__in=["sms", "whatsapp"])
    message = reported.filter(pk=int(pk)).first() if pk.isdigit() else None
    if message is None or message.status not in (S.SENT, S.UNCERTAIN):
        return message
    if message.status == S.UNCERTAIN:
        mark_sent(message, message.reference)
        message.refresh_from_db()
    if delivered:
        OutboxMessage.objects.filter(pk=message.pk, delivered_at__isnull=True).update(delivered_at=timezone.now())
    else:
        give_up(message, f"niet aangekomen: {detail or 'de provider meldt geen reden'}", Counts())
    message.refresh_from_db()
    return message
