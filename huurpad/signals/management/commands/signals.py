"""huurpad signals export --municipality CODE --format csv|json | huurpad signals import-feedback FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from huurpad.commands import iso_day
from huurpad.signals import signals


class Command(BaseCommand):
    help = "Export the early signals for a municipality, or read the municipality's feedback."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        out = sub.add_parser(
            "export", help="write the signals prepared up to D and not yet exported; marks them exported"
        )
        out.add_argument(
            "--municipality", required=True, help="CBS code as the tenancy import reads it: GM0599, gm0599, 0599 or 599"
        )
        out.add_argument("--format", choices=signals.FORMATS, default="csv")
        out.add_argument("--date", type=iso_day, default=None, help="signals up to this day (default: today)")
        out.add_argument("-o", "--output", type=Path, help="the file (default: print)")
        out.add_argument("--dry-run", action="store_true", help="show what would go; mark nothing")
        feedback = sub.add_parser(
            "import-feedback", help="the municipality's results: kenmerk,resultaat,datum[,eerste_contact,schuldeisers]"
        )
        feedback.add_argument("file", type=Path)

    def handle(self, *args, action, **options):
        try:
            if action == "export":
                return self.export(options)
            if not options["file"].is_file():
                raise CommandError(f"{options['file']}: no such file")
            result = signals.import_feedback(options["file"])
        except signals.SignalError as exc:
            raise CommandError(f"{exc}\nNothing was changed." if action == "import-feedback" else str(exc)) from None
        self.stdout.write(f"{options['file']}: {result.applied} results applied, {result.unchanged} already known")
        for effect in result.effects:
            self.stdout.write(f"  {effect}")

    def export(self, options) -> None:
        up_to = options["date"] or timezone.localdate()
        done = signals.export(options["municipality"], options["format"], up_to, dry_run=options["dry_run"])
        if options["output"]:
            options["output"].write_text(done.content, encoding="utf-8")
            self.stderr.write(
                f"{options['output']}: {done.count} signals"
                + (" (dry run: nothing marked)" if options["dry_run"] else "")
            )
        else:
            self.stdout.write(done.content, ending="")
