from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "huurpad.legal"
    label = "legal"
    verbose_name = "Juridisch traject"

    def ready(self):
        # Cases, below legal, cannot import it: its event import is handed the function that
        # makes the legal track's events from the previous system into the record (history.py).
        from huurpad.cases import imports

        from . import history

        if history.record not in imports.on_imported:
            imports.on_imported.append(history.record)
        # The report page (solutions) shows the track's steps per month; solutions cannot import
        # legal (legal reads signals and debt help, which read solutions).
        from huurpad.solutions import reports

        from . import counts

        reports.per_month_from["legal"] = counts.per_period
