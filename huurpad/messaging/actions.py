"""What officers do with the outbox: settle a message whose sending was cut off.

A worker that stopped while sending leaves a message 'uncertain' on a channel that cannot tell a
repeat from a new message (outbox.py): it may have gone out, or not. Nothing sends it again by
itself. An officer checks (the provider's portal, the tenant on the phone) and settles it: it did
go out after all ('Toch verstuurd'), or it goes again ('Opnieuw versturen'). Either way the step is
on the tenancy's timeline under the officer's name, and in the log."""

import logging

from django.db import transaction
from django.utils import timezone

from huurpad.cases import events
from huurpad.core.dutch import channel_nl, date_nl
from huurpad.core.policy.labels import action_label

from . import outbox
from .models import OutboxMessage

logger = logging.getLogger(__name__)
S = OutboxMessage.Status


def uncertain():
    """The uncertain messages, oldest first, for the officers' list."""
    return (
        OutboxMessage.objects.filter(status=S.UNCERTAIN)
        .select_related("tenancy__tenant", "created_by")
        .order_by("day", "id")
    )


def _described(message: OutboxMessage) -> str:
    return f"{action_label(message.action).lower()} per {channel_nl(message.channel)} van {date_nl(message.day)}"


@transaction.atomic
def confirm_sent(message: OutboxMessage, *, acting_user) -> bool:
    """'Toch verstuurd': the officer checked that the uncertain message did arrive. Sent, with
    'Bericht verstuurd' on the timeline under the officer's name. False when it is no longer
    uncertain (a colleague settled it, or the provider's delivery report came)."""
    if message.status != S.UNCERTAIN:
        return False
    note = "Onderbroken tijdens het versturen; na controle als verstuurd gemarkeerd"
    went = timezone.localdate(message.claimed_at) if message.claimed_at else message.day  # the day it was sent
    if not outbox.mark_sent(message, message.reference, day=went, acting_user=acting_user, note=note):
        return False
    logger.info("outbox message %s (%s) confirmed sent by %s", message.pk, message.tenancy.ref, acting_user)
    return True


@transaction.atomic
def send_again(message: OutboxMessage, *, acting_user) -> bool:
    """'Opnieuw versturen': the officer checked that the uncertain message did not arrive. It is
    queued again and the worker sends it once more (its attempts counted afresh); a note on the
    timeline says who decided. False when it is no longer uncertain."""
    if not OutboxMessage.objects.filter(pk=message.pk, status=S.UNCERTAIN).update(
        status=S.QUEUED,
        attempts=0,
        claimed_at=None,
        next_attempt_at=None,
        last_error=f"Opnieuw in de wachtrij gezet door {_name(acting_user)}",
    ):
        return False
    events.note(
        message.tenancy,
        timezone.localdate(),
        acting_user=acting_user,
        text=f"Opnieuw versturen: {_described(message)} was misschien niet aangekomen en gaat nog een keer weg.",
    ).save()
    logger.info("outbox message %s (%s) queued again by %s", message.pk, message.tenancy.ref, acting_user)
    return True


def _name(user) -> str:
    return user.get_full_name() or user.get_username()
