"""huurpad send-outbox: the outbox worker (run it as a service, or with --once from cron)."""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from huurpad.messaging import compose, outbox, paylinks
from huurpad.messaging.models import Sender


class Command(BaseCommand):
    help = "Compose the policy's queued messages, then send them, each exactly once; retries with growing pauses."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then stop")
        parser.add_argument("--interval", type=float, default=30, help="seconds between passes (default 30)")
        parser.add_argument(
            "--lease",
            type=float,
            default=outbox.LEASE.total_seconds(),
            help="seconds after which a send that was cut off counts as stopped (default 600)",
        )

    def handle(self, *args, **options):
        lease = timedelta(seconds=options["lease"])
        base_url = paylinks.public_url()
        while True:
            try:
                composed, refused = compose.compose_due(timezone.localdate(), base_url=base_url)
            except Sender.DoesNotExist as exc:
                composed, refused = 0, outbox.Counts()
                self.stderr.write(f"Nothing composed: {exc}")
            if composed or refused.given_up:
                self.stdout.write(f"composed {composed}, could not write {refused.given_up}")
                for reason in refused.reasons:
                    self.stdout.write(f"  given up: {reason}")
            counts = outbox.send_due(lease=lease)
            done = counts.sent + counts.failed + counts.given_up + counts.uncertain + counts.requeued
            if counts.quiet and options["once"]:
                self.stdout.write("quiet hours (the policy's messages.quiet_hours): nothing sent")
            if done or options["once"]:
                self.stdout.write(
                    f"sent {counts.sent}, failed {counts.failed} (tried again later), given up {counts.given_up}, "
                    f"uncertain {counts.uncertain}, sent again {counts.requeued}"
                )
                for reason in counts.reasons:
                    self.stdout.write(f"  given up: {reason}")
            if options["once"]:
                return
            time.sleep(options["interval"])
