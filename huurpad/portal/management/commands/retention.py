import json

from django.core.management.base import BaseCommand, CommandError

from huurpad.commands import add_date_argument, day_or_today
from huurpad.portal import retention


class Command(BaseCommand):
    help = (
        "Delete or anonymise personal data past its retention term (docs/privacy.md), all in one transaction. "
        "Running a day twice changes nothing more."
    )

    def add_arguments(self, parser):
        add_date_argument(parser)
        parser.add_argument(
            "--json", action="store_true", help="JSON Lines: one line per kind and action, with its count"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted or anonymised; change nothing"
        )

    def handle(self, *args, **options):
        on = day_or_today(options["date"])
        try:
            counts = retention.run(on, dry_run=options["dry_run"])
        except retention.TermsError as exc:
            raise CommandError(str(exc), returncode=1) from None
        if options["json"]:
            for count in counts:
                self.stdout.write(
                    json.dumps(count.line() | ({"dry_run": True} if options["dry_run"] else {}), ensure_ascii=False)
                )
            return
        done = [f"{c.kind} {c.action} {c.count}" for c in counts if c.count]
        verb = "would change" if options["dry_run"] else "changed"
        self.stdout.write(f"{on}: retention {verb} " + (", ".join(done) if done else "nothing") + ".")
