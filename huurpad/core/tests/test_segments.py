from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.core.segments import History, Segment, arrangement_periods, holds_until, segment

ON = date(2026, 6, 15)
OLD_START = date(2020, 1, 1)


def seg(*, start=OLD_START, overdue=False, **history):
    return segment(on=ON, tenancy_start=start, overdue=overdue, history=History(**history))


def reminders(n, first=ON - timedelta(days=10)):
    return tuple(first - timedelta(days=30 * i) for i in range(n))


def test_new_tenancy_wins_over_everything():
    assert seg(start=ON - timedelta(days=365), overdue=True, reminder_dates=reminders(8)) == Segment.NEW
    assert seg(start=ON - timedelta(days=366)) == Segment.REGULAR


@pytest.mark.parametrize(
    "count, expected",
    [(0, Segment.REGULAR), (1, Segment.OCCASIONAL), (5, Segment.OCCASIONAL), (6, Segment.FREQUENT)],
)
def test_reminders_in_the_last_year(count, expected):
    assert seg(reminder_dates=reminders(count)) == expected


def test_reminders_older_than_a_year_or_in_the_future_do_not_count():
    assert seg(reminder_dates=(ON - timedelta(days=366), ON + timedelta(days=1))) == Segment.REGULAR
    assert seg(reminder_dates=(ON - timedelta(days=365),)) == Segment.OCCASIONAL


def test_overdue_without_reminders_is_first_time():
    assert seg(overdue=True) == Segment.FIRST_TIME
    assert seg(overdue=True, reminder_dates=reminders(1)) == Segment.OCCASIONAL


def test_arrangement_or_bailiff_in_the_year_is_frequent():
    assert seg(arrangement_periods=((ON - timedelta(days=500), None),)) == Segment.FREQUENT
    assert seg(arrangement_periods=((ON - timedelta(days=500), ON - timedelta(days=300)),)) == Segment.FREQUENT
    assert seg(arrangement_periods=((ON - timedelta(days=500), ON - timedelta(days=400)),)) == Segment.REGULAR
    assert seg(arrangement_periods=((ON + timedelta(days=1), None),)) == Segment.REGULAR
    assert seg(bailiff_dates=(ON - timedelta(days=100),)) == Segment.FREQUENT
    assert seg(bailiff_dates=(ON - timedelta(days=400),)) == Segment.REGULAR


def test_arrangement_periods_pair_start_and_end():
    d = date(2026, 1, 1)
    events = [
        (d, "arrangement_started"),
        (d + timedelta(days=90), "arrangement_ended"),
        (d + timedelta(days=120), "arrangement_started"),
    ]
    assert arrangement_periods(events) == ((d, d + timedelta(days=90)), (d + timedelta(days=120), None))


near = st.dates(min_value=ON - timedelta(days=800), max_value=ON)


@settings(max_examples=300, deadline=None)
@given(
    start=near,
    overdue=st.booleans(),
    reminder_dates=st.lists(near, max_size=8),
    bailiff_dates=st.lists(near, max_size=2),
    arrangements=st.lists(st.tuples(near, st.sampled_from(["arrangement_started", "arrangement_ended"])), max_size=4),
)
def test_the_segment_holds_until_the_day_holds_until_names(start, overdue, reminder_dates, bailiff_dates, arrangements):
    history = History(
        reminder_dates=tuple(reminder_dates),
        bailiff_dates=tuple(bailiff_dates),
        arrangement_periods=arrangement_periods(arrangements),
    )
    until = holds_until(on=ON, tenancy_start=start, history=history)
    assert until > ON
    today = segment(on=ON, tenancy_start=start, overdue=overdue, history=history)
    last = min(until, ON + timedelta(days=800))
    for offset in range(1, (last - ON).days):
        later = ON + timedelta(days=offset)
        assert segment(on=later, tenancy_start=start, overdue=overdue, history=history) == today, later
