import json

from django.core.management.base import BaseCommand

from huurpad.commands import add_date_argument, day_or_today
from huurpad.core.money import ZERO, fmt
from huurpad.tenancies import arrears


class Command(BaseCommand):
    help = (
        "Arrears, oldest unpaid due date and segment of every tenancy active on a day, and of every"
        " tenancy that ended before it and still owes (a former tenant's final bill)."
    )

    def add_arguments(self, parser):
        add_date_argument(parser)
        parser.add_argument("--json", action="store_true", help="JSON Lines, one tenancy a line")

    def handle(self, *args, **options):
        on = day_or_today(options["date"])
        rows = arrears.compute(on)
        out = self.stdout
        if options["json"]:
            for row in rows:
                out.write(json.dumps(row.as_json()))
            return
        out.write(f"{'tenancy':<14}{'balance':>12}{'arrears':>13}{'since':>12}{'days':>7}{'months':>9}  segment")
        for row in rows:
            p = row.position
            since = p.oldest_unpaid_due_date.isoformat() if p.oldest_unpaid_due_date else "-"
            out.write(
                f"{row.ref:<14}{fmt(p.balance):>12}{fmt(p.arrears):>13}{since:>12}"
                f"{p.days_overdue:>7}{fmt(p.months_in_arrears):>9}  {row.segment.value}"
            )
        in_arrears = [r for r in rows if r.position.arrears > 0]
        total = sum((r.position.arrears for r in in_arrears), start=ZERO)
        former = sum(1 for r in rows if r.former(on))
        also = f" and {former} former tenants who still owe" if former else ""
        out.write(
            f"{len(rows) - former} tenancies active on {on}{also}, {len(in_arrears)} in arrears, together {fmt(total)}."
        )
