from huurpad.cases.imports import import_events
from huurpad.commands import ImportCommand


class Command(ImportCommand):
    help = "Add case history from events.jsonl; events already there are skipped (see docs/formats.md)."
    noun = "events"

    def run_import(self, path, **options):
        return import_events(path)
