from datetime import date

from huurpad.core.calendar import collection_date, is_target2_business_day, next_due_date


def test_target2_closes_on_weekends_and_its_six_holidays():
    assert not is_target2_business_day(date(2026, 4, 3))  # Good Friday
    assert not is_target2_business_day(date(2026, 4, 6))  # Easter Monday
    assert not is_target2_business_day(date(2026, 5, 1))
    assert not is_target2_business_day(date(2026, 11, 28))  # Saturday
    assert is_target2_business_day(date(2026, 4, 27))  # King's Day is a TARGET2 business day
    assert is_target2_business_day(date(2026, 12, 31))


def test_collection_moves_to_the_next_business_day():
    assert collection_date(2026, 5, 1) == date(2026, 5, 4)  # Labour Day (Fri) -> Monday
    assert collection_date(2026, 8, 1) == date(2026, 8, 3)  # Saturday -> Monday
    assert collection_date(2026, 6, 25) == date(2026, 6, 25)


def test_next_due_date():
    assert next_due_date(date(2026, 3, 15), "transfer", None) == date(2026, 4, 1)
    assert next_due_date(date(2026, 12, 15), "transfer", None) == date(2027, 1, 1)
    assert next_due_date(date(2026, 3, 15), "direct_debit", 25) == date(2026, 3, 25)
    assert next_due_date(date(2026, 3, 25), "direct_debit", 25) == date(2026, 4, 27)  # 25 Apr is Saturday
