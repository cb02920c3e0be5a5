from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huurpad.core.calc.wik import collection_costs


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
