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
    # The position before a direct debit cleared the arrears, kept while the money is not final.
    cleared_arrears_cents: int = 0
    cleared_days_overdue: int = 0
    cleared_oldest_unpaid_due_date: date | None = None


class States:
    """Every saved state, read once as plain rows by tenancy id; a SavedState is made only for the
    few a run looks at closely (get, before): a next day asks about a fifth of them."""

    def __init__(self, rows: list[tuple]):
        self._rows = {row[0]: row for row in rows}  # (tenancy id, *SavedState)

    def __iter__(self):
        return iter(self._rows)

    def __contains__(self, tenancy_id: int) -> bool:
        return tenancy_id in self._rows

    def get(self, tenancy_id: int) -> SavedState | None:
        row = self._rows.get(tenancy_id)
        return None if row is None else SavedState._make(row[1:])

    def asleep(self, on: date) -> set[int]:
        """Written before D, saying nothing can be proposed until after D."""
        return {tid for tid, row in self._rows.items() if row[1] < on and row[7] is not None and row[7] > on}

    def before(self, tenancy_ids, on: date) -> dict[int, SavedState]:
        """Of these tenancies, the states written by a run for a day before D: only such a state is
        'the previous run' (an earlier day may be run again later)."""
        return {tid: state for tid in tenancy_ids if (state := self.get(tid)) is not None and state.day < on}


def read_states() -> States:
    """Dates come back as dates from both databases: the columns are declared as dates."""
    return States(
        db.fetch(
            "SELECT tenancy_id, day, arrears_cents, days_overdue, oldest_unpaid_due_date, episode_start,"
            " ledger_mark, wake_on, cleared_arrears_cents, cleared_days_overdue, cleared_oldest_unpaid_due_date"
            f" FROM {TenancyState._meta.db_table}",
            [],
        )
    )
