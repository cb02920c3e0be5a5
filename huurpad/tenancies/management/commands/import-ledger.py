from huurpad.commands import ImportCommand
from huurpad.tenancies.imports import import_ledger


class Command(ImportCommand):
    help = "Book ledger lines from ledger.csv; lines already booked are skipped (see docs/formats.md)."
    noun = "ledger lines"

    def run_import(self, path, **options):
        return import_ledger(path)
