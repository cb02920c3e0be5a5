"""The day's run, as `huurpad run` does it and the demo replays it: the policy run, then the early
signals it proposed made ready for the officers (signals.prepare), so the Vroegsignalen page only
reads. A dry run stores nothing and prepares nothing."""

from datetime import date

from huurpad.signals import signals

from .run import RunResult, run_policy


def run_day(on: date, *, dry_run: bool = False, full: bool = False) -> RunResult:
    result = run_policy(on, dry_run=dry_run, full=full)
    if not dry_run:
        signals.prepare(on)
    return result
