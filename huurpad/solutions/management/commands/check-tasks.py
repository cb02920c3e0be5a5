"""Whether the tasks and pauses are true on a day (issue 22): open tasks whose reason is gone,
open tasks beyond the first of a kind for a household, and running pauses at or past their review
date without a review task. All three should be 0; the command fails (exit 1) when one is not."""

import json

from django.core.management.base import BaseCommand, CommandError

from huurpad.cases import tasks
from huurpad.commands import add_date_argument, day_or_today
from huurpad.solutions.arrangements import unreviewed_pauses


def health(on) -> dict:
    stale = tasks.stale(on)
    pauses = unreviewed_pauses(on)
    return {
        "day": on.isoformat(),
        "open_tasks": tasks.open_count(),
        "stale_tasks": len(stale),
        "double_tasks": tasks.doubles(),
        "pauses_past_review_without_task": len(pauses),
        "examples": [f"{t.tenancy.ref}: {t.title} ({', '.join(tasks.reasons_gone(t, on))})" for t in stale[:10]]
        + [f"{p.tenancy.ref}: pauze, evaluatie {p.review_date}" for p in pauses[:10]],
    }


class Command(BaseCommand):
    help = "Count open tasks whose reason is gone, double open tasks and pauses past review without a task."

    def add_arguments(self, parser):
        add_date_argument(parser)

    def handle(self, *args, **options):
        found = health(day_or_today(options["date"]))
        self.stdout.write(json.dumps(found, ensure_ascii=False))
        if found["stale_tasks"] or found["double_tasks"] or found["pauses_past_review_without_task"]:
            raise CommandError("Tasks or pauses are not true: see the counts above.")
