"""huurpad debt-help: Schuldenknooppunt messages in the canonical form (spec/CLI.md, 'Debt help
messages') and through its transports (docs/debt-help-transports.md).

    huurpad debt-help receive FILE.jsonl [--date D]
    huurpad debt-help receive --portal-csv FILE [--date D]       # the portal's export
    huurpad debt-help answers [--date D] [--json]
    huurpad debt-help answers --portal-csv DIR [--export FILE]... [--date D] [--json]
    huurpad debt-help exchange [--date D]                         # the web service's daily round
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huurpad.commands import add_date_argument, day_or_today
from huurpad.debthelp import exchange, flow, inbox
from huurpad.debthelp.transport.base import TransportError
from huurpad.imports import ImportFailed


class Command(BaseCommand):
    help = (
        "Receive debt counsellors' messages (receive), list the answers owed and given or write them for "
        "the portal (answers), or fetch and send through the Schuldenknooppunt's web service (exchange)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        receive = sub.add_parser("receive", help="store and handle the messages of a file (all or nothing)")
        source = receive.add_mutually_exclusive_group(required=True)
        source.add_argument("file", type=Path, nargs="?", help="a JSONL file of canonical messages")
        source.add_argument("--portal-csv", type=Path, metavar="FILE", help="the portal's CSV export of messages")
        add_date_argument(receive, "the day they are received (default: today, Europe/Amsterdam)")
        answers = sub.add_parser("answers", help="one line per answer owed or given up to the day")
        add_date_argument(answers)
        answers.add_argument("--json", action="store_true", help="one JSON object per answer")
        answers.add_argument(
            "--portal-csv",
            type=Path,
            metavar="DIR",
            help="write the answers released and not yet handed over as the portal's upload files in DIR",
        )
        answers.add_argument(
            "--export",
            type=Path,
            action="append",
            default=[],
            metavar="FILE",
            help="the portal's export the questions came in (copied into the upload file; repeatable)",
        )
        exchange_ = sub.add_parser(
            "exchange", help="the web service: fetch, store, acknowledge, then send the released answers"
        )
        add_date_argument(exchange_, "the day of the exchange (default: today, Europe/Amsterdam)")

    def handle(self, *args, action, **options):
        day = day_or_today(options["date"])
        if action == "receive":
            return self._receive(options, day)
        if action == "exchange":
            return self._exchange(day)
        if options["portal_csv"] is not None:
            return self._write_portal(options, day)
        if options["export"]:
            raise CommandError("--export goes with --portal-csv DIR", returncode=2)
        lines = [flow.answer_line(a, day) for a in flow.answers(day)]
        for line in lines:
            if options["json"]:
                self.stdout.write(json.dumps(line, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"{line['due_date']} {line['status']:17} {line['type']:24} {line['tenancy_ref']:14} "
                    f"{line['message_id']}"
                )
        if not options["json"]:
            self.stdout.write(f"{len(lines)} answers, {flow.owed_counts(day)[1]} overdue.")

    def _receive(self, options, day):
        file = options["portal_csv"] or options["file"]
        if not file.is_file():
            raise CommandError(f"{file}: no such file", returncode=1)
        try:
            if options["portal_csv"]:
                result = exchange.receive_portal_csv(file, today=day)
            else:
                result = inbox.receive_file(file, today=day)
        except ImportFailed as exc:
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(f"{file}: {result.summary()}")

    def _write_portal(self, options, day):
        for export in options["export"]:
            if not export.is_file():
                raise CommandError(f"{export}: no such file", returncode=1)
        try:
            written = exchange.write_portal_answers(options["portal_csv"], today=day, exports=options["export"])
        except (TransportError, ImportFailed) as exc:
            raise CommandError(f"{exc}\nNo file was written and no answer marked.", returncode=1) from None
        if options["json"]:
            for line in written.answers:
                self.stdout.write(json.dumps(line, ensure_ascii=False))
        else:
            self.stdout.write(written.summary())

    def _exchange(self, day):
        try:
            transport = exchange.web_service()
        except TransportError as exc:
            raise CommandError(f"The Schuldenknooppunt is not set up: {exc}", returncode=1) from None
        try:
            done = exchange.exchange(transport, today=day)
        except exchange.ExchangeFailed as exc:
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(done.summary())
