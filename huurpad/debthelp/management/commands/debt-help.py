"""huurpad debt-help receive FILE [--date D] | huurpad debt-help answers [--date D] [--json]:
Schuldenknooppunt messages in the canonical form (spec/CLI.md, 'Debt help messages')."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huurpad.commands import add_date_argument, day_or_today
from huurpad.debthelp import flow, inbox
from huurpad.imports import ImportFailed


class Command(BaseCommand):
    help = "Receive debt counsellors' messages (receive) or list the answers owed and given (answers)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        receive = sub.add_parser("receive", help="store and handle the messages of a JSONL file (all or nothing)")
        receive.add_argument("file", type=Path)
        add_date_argument(receive, "the day they are received (default: today, Europe/Amsterdam)")
        answers = sub.add_parser("answers", help="one line per answer owed or given up to the day")
        add_date_argument(answers)
        answers.add_argument("--json", action="store_true", help="one JSON object per answer")

    def handle(self, *args, action, **options):
        day = day_or_today(options["date"])
        if action == "receive":
            file = options["file"]
            if not file.is_file():
                raise CommandError(f"{file}: no such file", returncode=1)
            try:
                result = inbox.receive_file(file, today=day)
            except ImportFailed as exc:
                raise CommandError(str(exc), returncode=1) from None
            self.stdout.write(f"{file}: {result.summary()}")
            return
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
            overdue = sum(1 for line in lines if line["status"] == "overdue")
            self.stdout.write(f"{len(lines)} answers, {overdue} overdue.")
