from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huurpad.core.calc.wik import collection_costs, is_general_holiday, payment_deadline, presumed_receipt


@pytest.mark.parametrize(
    "principal, costs",
    [
        ("0.00", "0.00"),
        ("100.00", "40.00"),  # 15 % is 15.00: the minimum applies
        ("266.67", "40.00"),  # 40.0005 rounds to 40.00
        ("700.00", "105.00"),
        ("2500.00", "375.00"),
        ("3000.00", "425.00"),  # 375 + 10 % of 500
        ("5000.00", "625.00"),
        ("10000.00", "875.00"),
        ("200000.00", "2775.00"),
        ("1000000.00", "6775.00"),  # 2775 + 0.5 % of 800,000 = 6775: the maximum
        ("2000000.00", "6775.00"),
    ],
)
def test_statutory_scale(principal, costs):
    assert collection_costs(Decimal(principal)) == Decimal(costs)


@given(st.integers(min_value=1, max_value=10**9).map(lambda c: Decimal(c) / 100))
def test_costs_stay_within_the_minimum_and_maximum_and_never_fall_as_the_principal_grows(p):
    assert Decimal("40.00") <= collection_costs(p) <= Decimal("6775.00")
    assert collection_costs(p + Decimal("0.01")) >= collection_costs(p)


@pytest.mark.parametrize(
    "posted, received, deadline",
    [
        # Posted Monday: delivered Tuesday, Wednesday -> received Wednesday; + 14 = Wednesday.
        ("2026-11-23", "2026-11-25", "2026-12-09"),
        # Posted Friday: Saturday, (no Sunday, no Monday) Tuesday -> received Tuesday 1 December.
        ("2026-11-27", "2026-12-01", "2026-12-15"),
        # Posted Thursday 10 December: Friday, Saturday -> received the 12th; the 26th is the
        # Second Day of Christmas and a Saturday, the 27th a Sunday: Monday the 28th.
        ("2026-12-10", "2026-12-12", "2026-12-28"),
        # Posted Wednesday 23 December: Thursday 24th, (25th, 26th Christmas, 27th Sunday, 28th
        # Monday) Tuesday 29th -> received the 29th; + 14 = Tuesday 12 January.
        ("2026-12-23", "2026-12-29", "2027-01-12"),
        # Liberation Day counts every year for terms: received 21 April 2027 + 14 = Wednesday 5 May
        # 2027 (no lustrum year); Thursday the 6th is Ascension Day: Friday the 7th.
        ("2027-04-19", "2027-04-21", "2027-05-07"),
    ],
)
def test_the_last_day_to_pay_after_the_wik_letter(posted, received, deadline):
    assert presumed_receipt(date.fromisoformat(posted), 2) == date.fromisoformat(received)
    assert payment_deadline(date.fromisoformat(posted), 2) == date.fromisoformat(deadline)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
def test_never_less_than_fourteen_full_days_after_receipt_and_never_on_a_day_off(posted):
    deadline = payment_deadline(posted, 2)
    assert (deadline - presumed_receipt(posted, 2)).days >= 14
    assert deadline.weekday() < 5 and not is_general_holiday(deadline)
