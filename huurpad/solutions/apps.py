from django.apps import AppConfig


class SolutionsConfig(AppConfig):
    name = "huurpad.solutions"
    verbose_name = "Oplossingen"

    def ready(self):
        # Cases, below solutions, cannot import it: its event import is handed the function that
        # makes arrangements and pauses from the previous system into records (history.py).
        from huurpad.cases import imports

        from . import history

        if history.record not in imports.on_imported:
            imports.on_imported.append(history.record)
