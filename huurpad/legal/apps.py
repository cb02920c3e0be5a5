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
