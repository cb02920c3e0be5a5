"""huurpad print-letters: the day's composed letters in one PDF for the post room."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from huurpad.messaging import letters, outbox
from huurpad.messaging.models import OutboxMessage
from huurpad.messaging.texts import Message
from huurpad.tenancies.management.commands._base import iso_day


class Command(BaseCommand):
    help = "Print the composed letters of a day (and before) into one PDF, and mark them sent."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=iso_day, help="the day (default today)")

    def handle(self, *args, **options):
        day = options["date"] or timezone.localdate()
        waiting = list(
            OutboxMessage.objects.filter(channel="letter", status=OutboxMessage.Status.QUEUED, day__lte=day)
            .exclude(body="").select_related("tenancy", "created_by").order_by("id")
        )  # fmt: skip
        if not waiting:
            self.stdout.write(f"No letters to print for {day}.")
            return
        batch = [
            letters.Letter(
                message=Message(kind=m.action, subject=m.subject, body=m.body), recipient=tuple(m.recipient.splitlines()),
                contract=m.tenancy.ref, reference=m.reference, day=day,
            )
            for m in waiting
        ]  # fmt: skip
        folder = settings.VAR_DIR / "print"
        folder.mkdir(parents=True, exist_ok=True)
        path, n = folder / f"brieven-{day}.pdf", 1
        while path.exists():
            n += 1
            path = folder / f"brieven-{day}-{n}.pdf"
        with transaction.atomic():  # marked sent only if the file is written, and the other way round
            for m in waiting:
                outbox.mark_sent(m, day=day)
            path.write_bytes(letters.pdf(batch))
        self.stdout.write(f"{len(waiting)} letters in {path}")
