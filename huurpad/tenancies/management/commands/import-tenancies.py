from huurpad.commands import ImportCommand, add_date_argument, day_or_today
from huurpad.tenancies.imports import import_tenancies


class Command(ImportCommand):
    help = "Create or update tenancies from tenancies.csv (see docs/formats.md)."
    noun = "tenancies"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_date_argument(parser, "the day a changed rent takes effect (default: today)")

    def run_import(self, path, **options):
        return import_tenancies(path, effective=day_or_today(options["date"]))
