"""huurpad legal handover --date D -o FILE | huurpad legal status FILE (docs/legal.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huurpad.commands import add_date_argument, day_or_today
from huurpad.imports import ImportFailed
from huurpad.legal import bailiff


class Command(BaseCommand):
    help = "The exchange with the bailiff's office: write the hand-over file, read a status file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        out = sub.add_parser("handover", help="the cases handed over to the bailiff on a day, with the evidence pack")
        add_date_argument(out)
        out.add_argument("-o", "--output", type=Path, required=True)
        back = sub.add_parser("status", help="read the bailiff's status file into steps of the legal track")
        back.add_argument("file", type=Path)

    def handle(self, *args, **options):
        if options["what"] == "handover":
            count = bailiff.write_handover(options["output"], day_or_today(options["date"]))
            self.stdout.write(f"{options['output']}: {count} cases handed over")
            return
        try:
            result = bailiff.read_status(options["file"])
        except ImportFailed as exc:
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(f"{options['file']}: {result.summary('steps')}")
