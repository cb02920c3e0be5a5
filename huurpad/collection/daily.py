"""The day's run, as `huurpad run` does it and the demo replays it: the policy run, then the early
signals it proposed made ready for the officers (signals.prepare), so the Vroegsignalen page only
reads. A dry run stores nothing and prepares nothing.

Apps above collection that keep something on time each day hand their steps over in their
AppConfig.ready (collection does not import them): `before_run` (solutions: pauses past their
review date end, so the run takes the arrears up that same day) and `after_run` (solutions: a
review task for each pause at its review date, for its owner)."""

from collections.abc import Callable
from datetime import date

from huurpad.signals import signals

from .run import RunResult, run_policy

before_run: list[Callable[[date], object]] = []
after_run: list[Callable[[date], object]] = []


def run_day(on: date, *, dry_run: bool = False, full: bool = False) -> RunResult:
    if not dry_run:
        for step in before_run:
            step(on)
    result = run_policy(on, dry_run=dry_run, full=full)
    if not dry_run:
        signals.prepare(on)
        for step in after_run:
            step(on)
    return result
