"""huurpad sepa-batch: the pain.008 file of the direct debits collected on a day."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from huurpad.bank import sepa
from huurpad.bank.models import CreditorNotConfigured
from huurpad.commands import iso_day
from huurpad.core.money import fmt, from_cents


class Command(BaseCommand):
    help = "Write the SEPA direct debits (pain.008.001.02) to collect on a day, and record them."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=iso_day, required=True, help="the collection date, like 2026-11-03")
        parser.add_argument("-o", "--output", type=Path, help="the file (default: VAR_DIR/sepa/incasso-DATE.xml)")

    def handle(self, *args, **options):
        day = options["date"]
        path = options["output"] or self._free_path(day)
        sepa.apply_collection_day_changes(timezone.localdate())  # the days that hold from today on
        try:
            batch = sepa.write_batch(day, path)
        except (CreditorNotConfigured, sepa.BatchError) as exc:
            raise CommandError(str(exc), returncode=1) from None
        if batch is None:
            self.stdout.write(f"nothing due on {day}")
            return
        self.stdout.write(f"{path}: {batch.count} direct debits on {day}, total {fmt(from_cents(batch.total_cents))}")

    @staticmethod
    def _free_path(day) -> Path:
        """incasso-DATE.xml, or -2, -3 ... when an earlier batch for that day has the name."""
        folder = Path(settings.VAR_DIR) / "sepa"
        path, n = folder / f"incasso-{day}.xml", 1
        while path.exists():
            n += 1
            path = folder / f"incasso-{day}-{n}.xml"
        return path
