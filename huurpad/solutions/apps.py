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

        # The pauses' daily care, around the day's policy run (collection.daily): collection
        # is a layer below and does not import solutions, so it is handed the two steps.
        from huurpad.collection import daily

        from .arrangements import end_pauses_past_review, review_tasks_for_pauses

        if end_pauses_past_review not in daily.before_run:
            daily.before_run.append(end_pauses_past_review)
        if review_tasks_for_pauses not in daily.after_run:
            daily.after_run.append(review_tasks_for_pauses)
