"""Risk segments (toolkit 1.11, Portaal's four profiles), one per tenancy per day.

The first segment that applies wins, in this order:

- new: the tenancy started 365 days or less before D.
- frequent: more than 5 reminders in the 365 days before D, or an arrangement or bailiff case in
  that period.
- occasional: 1 to 5 reminders in that period.
- first_time: overdue now (arrears above zero), no reminders.
- regular: none of these.

"In the 365 days before D" means dated on or before D and at most 365 days before it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

WINDOW = timedelta(days=365)
FREQUENT_ABOVE = 5


class Segment(StrEnum):
    NEW = "new"
    FREQUENT = "frequent"
    OCCASIONAL = "occasional"
    FIRST_TIME = "first_time"
    REGULAR = "regular"


@dataclass(frozen=True, kw_only=True, slots=True)
class History:
    """What the timeline says about a tenancy, reduced to what segments need."""

    reminder_dates: tuple[date, ...] = ()
    arrangement_periods: tuple[tuple[date, date | None], ...] = ()  # (started, ended or None)
    bailiff_dates: tuple[date, ...] = ()


def in_window(day: date, on: date) -> bool:
    return on - WINDOW <= day <= on


def reminders_in_window(history: History, on: date) -> int:
    return sum(1 for day in history.reminder_dates if in_window(day, on))


def segment(*, on: date, tenancy_start: date, overdue: bool, history: History) -> Segment:
    if on - tenancy_start <= WINDOW:
        return Segment.NEW
    reminders = reminders_in_window(history, on)
    arrangement = any(start <= on and (end is None or end >= on - WINDOW) for start, end in history.arrangement_periods)
    bailiff = any(in_window(day, on) for day in history.bailiff_dates)
    if reminders > FREQUENT_ABOVE or arrangement or bailiff:
        return Segment.FREQUENT
    if reminders:
        return Segment.OCCASIONAL
    if overdue:
        return Segment.FIRST_TIME
    return Segment.REGULAR


def holds_until(*, on: date, tenancy_start: date, history: History) -> date:
    """The first day after D on which the segment can change if nothing new is recorded or booked:
    the day the tenancy stops being new, or a reminder, an ended arrangement or a bailiff case
    leaves the window. date.max when no such day comes. Sometimes early, never late."""
    leaving = [tenancy_start, *history.reminder_dates, *history.bailiff_dates]
    leaving += [end for _, end in history.arrangement_periods if end is not None]
    return min((day + WINDOW + timedelta(days=1) for day in leaving if day + WINDOW >= on), default=date.max)


def arrangement_periods(events: Iterable[tuple[date, str]]) -> tuple[tuple[date, date | None], ...]:
    """Pair arrangement_started and arrangement_ended events, in date order."""
    periods: list[tuple[date, date | None]] = []
    for day, kind in sorted(events):
        if kind == "arrangement_started":
            periods.append((day, None))
        elif kind == "arrangement_ended" and periods and periods[-1][1] is None:
            periods[-1] = (periods[-1][0], day)
    return tuple(periods)
