"""The post room: the day's letters written from that day's facts, printed into one PDF and
marked sent, in one go. The day they are printed is the date on each letter, so the policy's
letters are written now (compose.write_letters): the amount owed today, the day to object by,
and the WIK letter's 14-day term counted from this date."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from . import compose, letters, outbox
from .models import OutboxMessage
from .texts import Message


@dataclass
class Printed:
    path: Path | None = None  # the print file; None when there was nothing to print
    count: int = 0
    given_up: outbox.Counts = field(default_factory=outbox.Counts)  # letters no longer needed or not writable


def print_letters(day: date, *, base_url: str, folder: Path) -> Printed:
    """Write the policy's queued letters of D and before from D's facts, then print every
    composed letter waiting for the post into folder/brieven-D.pdf (-2, -3, ... when printed
    again that day) and mark each sent on D, in one transaction with the file. A letter moved
    meanwhile by someone else (paid through its link) is left out. Raises Sender.DoesNotExist
    when the corporation's details are not set up."""
    written, given_up = compose.write_letters(day, base_url=base_url)
    waiting = list(
        OutboxMessage.objects.filter(channel="letter", status=OutboxMessage.Status.QUEUED, day__lte=day)
        .exclude(body="")
        .select_related("tenancy", "created_by", "proposal")
        .order_by("id")
    )
    if not waiting:
        return Printed(given_up=given_up)
    folder.mkdir(parents=True, exist_ok=True)
    path, n = folder / f"brieven-{day}.pdf", 1
    while path.exists():
        n += 1
        path = folder / f"brieven-{day}-{n}.pdf"
    with transaction.atomic():  # marked sent only if the file is written, and the other way round
        # The file's name as the letters' provider reference: which letters a print file holds.
        costs = {pk: facts.get("costs") for pk, facts in written.items()}
        printed = [m for m in waiting if outbox.mark_sent(m, path.name, day=day, costs=costs.get(m.pk))]
        if printed:
            path.write_bytes(letters.pdf([_letter(m, day) for m in printed]))
    return Printed(path=path if printed else None, count=len(printed), given_up=given_up)


def _letter(m: OutboxMessage, day: date) -> letters.Letter:
    return letters.Letter(
        message=Message(kind=m.action, subject=m.subject, body=m.body),
        recipient=tuple(m.recipient.splitlines()),
        contract=m.tenancy.ref,
        reference=m.reference,
        day=day,
    )
