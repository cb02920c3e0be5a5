import json

from django.core.management.base import BaseCommand, CommandError

from huurpad.collection import daily, runlock
from huurpad.collection.models import Proposal
from huurpad.collection.run import RunBusy
from huurpad.commands import add_date_argument, day_or_today


class Command(BaseCommand):
    help = "Run the collection policy for a day: propose next steps, explained. Running a day twice adds nothing."

    def add_arguments(self, parser):
        add_date_argument(parser)
        parser.add_argument(
            "--json", action="store_true", help="JSON Lines: every proposal made or still open on the day"
        )
        parser.add_argument("--dry-run", action="store_true", help="show what would be proposed; store nothing")
        parser.add_argument(
            "--full", action="store_true", help="look at every tenancy, not only what changed since the last run"
        )
        parser.add_argument(
            "--release-lock",
            action="store_true",
            help="mark a run that is still 'busy' as failed, so the next run may go; runs nothing",
        )

    def handle(self, *args, **options):
        if options["release_lock"]:
            released = runlock.release()
            for said in released:
                self.stdout.write(said[0].upper() + said[1:] + ".")
            if not released:
                self.stdout.write("No policy run holds the lock.")
            return
        on = day_or_today(options["date"])
        try:
            result = daily.run_day(on, dry_run=options["dry_run"], full=options["full"])
        except RunBusy as exc:
            raise CommandError(str(exc), returncode=1) from None
        for said in result.taken_over:
            self.stderr.write(said[0].upper() + said[1:] + ".")
        if options["json"]:
            for line in self._lines(result):
                self.stdout.write(json.dumps(line, ensure_ascii=False))
            return
        c = result.counts
        made = ", ".join(f"{n} {a}" for a, n in sorted(c["by_action"].items())) or "nothing new"
        verb = "would propose" if options["dry_run"] else "proposed"
        self.stdout.write(f"{on}: {c['tenancies']} tenancies, {c['in_arrears']} in arrears; {verb} {made}.")

    def _lines(self, result):
        if result.run is None:  # dry run: only what would be new
            for _, p in result.new:
                yield _line(
                    p.tenancy_ref,
                    p.rule,
                    p.action.value,
                    p.channel,
                    p.due_date,
                    "proposed",
                    p.explanation,
                    p.legal_basis,
                    result.version,
                )
            return
        open_or_new = Proposal.objects.filter(due_date__lte=result.day).filter(
            status__in=[Proposal.Status.PROPOSED, Proposal.Status.QUEUED]
        ) | Proposal.objects.filter(run=result.run)
        for p in open_or_new.select_related("tenancy", "policy_version").order_by("tenancy__ref", "due_date", "rule"):
            yield _line(
                p.tenancy.ref,
                p.rule,
                p.action,
                p.channel,
                p.due_date,
                p.status,
                p.explanation,
                p.legal_basis,
                p.policy_version.number,
            )


def _line(ref, rule, action, channel, due_date, status, explanation, legal_basis, policy_version):
    line = {
        "tenancy_ref": ref,
        "rule": rule,
        "action": action,
        "channel": channel,
        "due_date": due_date.isoformat(),
        "status": status,
        "explanation": explanation,
        "policy_version": policy_version,
    }
    if legal_basis:
        line["legal_basis"] = legal_basis
    return line
