"""huurpad bank parse FILE [--json] | huurpad bank import FILE: bank statements (CAMT.053, MT940)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huurpad.bank import imports
from huurpad.core.bankfiles import BankFileError


class Command(BaseCommand):
    help = "Show what a bank statement holds (parse; changes nothing) or book it (import)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="show the transactions, one per line; changes nothing")
        parse.add_argument("file", type=Path)
        parse.add_argument("--json", action="store_true", help="one JSON object per transaction")
        book = sub.add_parser("import", help="book the statement's new transactions")
        book.add_argument("file", type=Path)

    def handle(self, *args, action, file, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            if action == "parse":
                return self.parse(file, options["json"])
            result = imports.import_file(file)
        except BankFileError as exc:
            raise CommandError(f"{exc} (nothing was booked)" if action == "import" else str(exc)) from None
        self.stdout.write(f"{file}: {result.summary()}")
        for note in result.notes:
            self.stdout.write(f"  {note}")

    def parse(self, file: Path, as_json: bool) -> None:
        for statement in imports.read(file):
            if not as_json:
                self.stdout.write(
                    f"{statement.format} {statement.account_iban} statement {statement.statement_id}: "
                    f"{len(statement.transactions)} transactions"
                )
            for t in statement.transactions:
                if as_json:
                    self.stdout.write(json.dumps(t.as_json(), ensure_ascii=False))
                else:
                    sign = "+" if t.credit_debit == "CRDT" else "-"
                    extra = f" returned {t.return_reason}" if t.return_reason else (" reversal" if t.reversal else "")
                    if t.batch_count > 1:  # the bank did not split it; the import does
                        extra += f" batch {t.batch_id or '(no id)'} of {t.batch_count} transactions"
                    self.stdout.write(
                        f"  {t.booking_date} {sign}{t.amount:>10} {t.counterparty_name[:30]:30} "
                        f"{(t.structured_reference or t.remittance)[:40]}{extra}"
                    )
