"""The states earlier runs left (TenancyState), read once at the start of a run.

A run asks several questions of them: which tenancies to watch, which sleep, what a payment since
can have cleared, what the position was at the last run, and which states to update or forget
(selection.py, snapshots.py, run._remember). One read answers them all: a state is kept only for
a tenancy that owed something or must be looked at tomorrow, a small share of the tenancies.
Nothing else writes the states while a run holds its lock.
"""

from datetime import date
from typing import NamedTuple

from huurpad import db

from .models import TenancyState


class SavedState(NamedTuple):
    """What a run needs of a TenancyState, read as a plain row."""

    day: date
    arrears_cents: int
    days_overdue: int
    oldest_unpaid_due_date: date | None
    episode_start: date | None
    ledger_mark: int
    wake_on: date | None


class States(dict[int, SavedState]):
    """Every saved state, by tenancy id."""

    def asleep(self, on: date) -> set[int]:
        """Written before D, saying nothing can be proposed until after D."""
        return {tid for tid, s in self.items() if s.day < on and s.wake_on is not None and s.wake_on > on}

    def before(self, tenancy_ids, on: date) -> dict[int, SavedState]:
        """Of these tenancies, the states written by a run for a day before D: only such a state is
        'the previous run' (an earlier day may be run again later)."""
        return {tid: s for tid in tenancy_ids if (s := self.get(tid)) is not None and s.day < on}


def read_states() -> States:
    dates: dict = {}  # text -> date on SQLite; few distinct days

    def day(value):
        if value is None:
            return None
        found = dates.get(value)
        return found if found is not None else dates.setdefault(value, db.as_date(value))

    return States(
        (tid, SavedState(day(d), cents, overdue, day(oldest), day(start), mark, day(wake)))
        for tid, d, cents, overdue, oldest, start, mark, wake in db.fetch(
            "SELECT tenancy_id, day, arrears_cents, days_overdue, oldest_unpaid_due_date, episode_start,"
            f" ledger_mark, wake_on FROM {TenancyState._meta.db_table}",
            [],
        )
    )
