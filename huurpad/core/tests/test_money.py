from decimal import Decimal

import pytest

from huurpad.core.money import AmountError, fmt, fmt_eur, from_cents, parse_amount, round_cents, to_cents


@pytest.mark.parametrize(
    "text, value",
    [("650", "650.00"), ("650.5", "650.50"), (" 0.01 ", "0.01"), ("1234567.89", "1234567.89")],
)
def test_parse_amount_reads_dot_decimals(text, value):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["650,00", "1.234,50", "€650", "6.505", "", "abc", "1e3", "-5"])
def test_parse_amount_refuses_what_is_not_an_amount(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_negative_only_when_allowed():
    assert parse_amount("-5.10", allow_negative=True) == Decimal("-5.10")


def test_round_cents_is_half_up():
    assert round_cents(Decimal("0.005")) == Decimal("0.01")
    assert round_cents(Decimal("2.675")) == Decimal("2.68")
    assert round_cents(Decimal("-0.005")) == Decimal("-0.01")


def test_cents_round_trip_and_refuse_fractions():
    assert to_cents(Decimal("650.05")) == 65005
    assert from_cents(65005) == Decimal("650.05")
    with pytest.raises(AmountError):
        to_cents(Decimal("0.001"))


def test_formats():
    assert fmt(Decimal("1234.5")) == "1234.50"
    assert fmt_eur(Decimal("1234.5")) == "€ 1.234,50"
    assert fmt_eur(Decimal("-0.5")) == "-€ 0,50"
    assert fmt_eur(Decimal("1234567")) == "€ 1.234.567,00"
