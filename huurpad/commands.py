"""What Huurpad's commands share: exit 1 with a clear message on bad input, dates as ISO."""

import argparse
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from huurpad.imports import ImportFailed


def iso_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-01-31") from None


def add_date_argument(parser, help_text="the day (default: today, Europe/Amsterdam)"):
    parser.add_argument("--date", type=iso_day, default=None, help=help_text)


def day_or_today(value: date | None) -> date:
    return value or timezone.localdate()


class ImportCommand(BaseCommand):
    """An import of one file: prints a summary, or the problems and exit status 1.

    Subclasses define `run_import(path, **options)` returning an ImportResult."""

    noun = "lines"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        try:
            result = self.run_import(options["file"], **options)
        except ImportFailed as exc:
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(f"{options['file']}: {result.summary(self.noun)}")
