"""Working days for legal terms: the Algemene termijnenwet counts no Saturdays, Sundays or its
recognised holidays (FACTS.md §10), and Goede Vrijdag is not one of them."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from huurpad.core.calendar import add_working_days, easter_sunday, is_working_day, termijnenwet_holidays


def test_easter_in_known_years():
    assert [easter_sunday(y) for y in (2024, 2025, 2026, 2027, 2038)] == [
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2027, 3, 28),
        date(2038, 4, 25),
    ]


def test_the_holidays_of_2025():
    assert sorted(termijnenwet_holidays(2025)) == [
        date(2025, 1, 1),
        date(2025, 4, 21),  # Paasmaandag
        date(2025, 4, 26),  # Koningsdag: the 27th is a Sunday
        date(2025, 5, 5),  # Bevrijdingsdag, every year
        date(2025, 5, 29),  # Hemelvaartsdag
        date(2025, 6, 9),  # Pinkstermaandag
        date(2025, 12, 25),
        date(2025, 12, 26),
    ]
    assert date(2026, 4, 27) in termijnenwet_holidays(2026)  # a Monday: Koningsdag on the 27th


def test_good_friday_is_a_working_day():
    assert is_working_day(date(2025, 4, 18))
    assert is_working_day(date(2026, 4, 3))


def test_ten_working_days_around_the_holidays():
    assert add_working_days(date(2025, 4, 15), 10) == date(2025, 4, 30)  # Easter Monday
    assert add_working_days(date(2025, 4, 22), 10) == date(2025, 5, 7)  # 5 May
    assert add_working_days(date(2025, 5, 20), 10) == date(2025, 6, 4)  # Ascension, 29 May
    assert add_working_days(date(2025, 6, 2), 10) == date(2025, 6, 17)  # Whit Monday, 9 June
    assert add_working_days(date(2025, 12, 15), 10) == date(2025, 12, 31)  # both days of Christmas
    assert add_working_days(date(2025, 12, 16), 10) == date(2026, 1, 2)  # and New Year's Day
    assert add_working_days(date(2026, 4, 20), 10) == date(2026, 5, 6)  # Koningsdag Monday 27 April, 5 May


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(1, 40))
def test_the_term_is_that_many_working_days_later(day, count):
    due = add_working_days(day, count)
    between = [day + timedelta(days=n) for n in range(1, (due - day).days + 1)]
    assert is_working_day(due)
    assert sum(1 for d in between if is_working_day(d)) == count
    assert all(d.weekday() < 5 for d in between if is_working_day(d))
