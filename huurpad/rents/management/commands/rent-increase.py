"""huurpad rent-increase --year Y --date D [--apply]

Without --apply: make (or bring up to date) the year's proposals and print a summary; the team
leader approves them on the page (/huurverhoging/). With --apply: also apply what is approved (the
new rent from D and the letters); applying twice adds nothing."""

from django.core.management.base import BaseCommand, CommandError

from huurpad.commands import iso_day
from huurpad.rents import run
from huurpad.rents.models import RentIncreaseProposal

LABELS = dict(RentIncreaseProposal.Exemption.choices)


class Command(BaseCommand):
    help = "Propose the year's rent increase (and apply what the team leader approved) and print a summary."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--date", type=iso_day, required=True, help="the effective date, e.g. 2026-07-01")
        parser.add_argument("--apply", action="store_true", help="apply the approved proposals and queue the letters")

    def handle(self, *args, year, date, apply, **options):
        try:
            done = run.propose(year, date, run.policy_for(year))
        except run.RentRunError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Rent increase {year}, effective {date}: {done.made} proposals made or updated, {done.kept} already decided."
        )
        for warning in done.warnings:
            self.stdout.write(f"  note: {warning}")
        if apply:
            applied = run.apply(year)
            self.stdout.write(f"Applied: {applied.applied}, letters queued: {applied.letters}.")
            for line in applied.warnings + applied.problems:
                self.stdout.write(f"  {line}")
        s = run.summary(year)
        self.stdout.write(
            f"{s['total']} tenancies: {s['raised']} raised, {s['exempt']} not raised, {s['discounted']} discounted, "
            f"{s['phased']} phased, {s['skipped']} not in this round; average increase {s['average_percent']} %."
        )
        for code, count in sorted(s["by_exemption"].items()):
            self.stdout.write(f"  not raised, {LABELS[code].lower()}: {count}")
        self.stdout.write(
            "Status: "
            + ", ".join(
                f"{label.lower()} {s['by_status'][value]}" for value, label in RentIncreaseProposal.Status.choices
            )
        )
