"""huurpad print-letters: the day's letters in one PDF for the post room."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from huurpad.commands import iso_day
from huurpad.messaging import paylinks, post
from huurpad.messaging.models import Sender


class Command(BaseCommand):
    help = (
        "Write the policy's letters of a day (and before) from that day's facts, print every letter "
        "waiting for the post into one PDF dated that day, and mark them sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=iso_day, help="the day (default today): the date on the letters")

    def handle(self, *args, **options):
        day = options["date"] or timezone.localdate()
        base_url = paylinks.public_url()
        try:
            printed = post.print_letters(day, base_url=base_url, folder=settings.VAR_DIR / "print")
        except Sender.DoesNotExist as exc:
            raise CommandError(str(exc)) from None
        for reason in printed.given_up.reasons:
            self.stdout.write(f"  not printed: {reason}")
        if printed.path is None:
            self.stdout.write(f"No letters to print for {day}.")
        else:
            self.stdout.write(f"{printed.count} letters in {printed.path}")
