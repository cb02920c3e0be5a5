"""Money is a Decimal in euros. The database keeps whole cents; these helpers cross that line."""

import re
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

_AMOUNT = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$")


class AmountError(ValueError):
    """Text that is not an amount in the form 1234.50."""


def parse_amount(text: str, *, allow_negative: bool = False) -> Decimal:
    """Read '650', '650.5' or '650.50' (dot as decimal separator) as euros."""
    text = text.strip()
    if not _AMOUNT.match(text):
        raise AmountError(f"{text!r} is not an amount like 650.00 (dot as decimal separator)")
    value = Decimal(text).quantize(CENT)
    if value < 0 and not allow_negative:
        raise AmountError(f"{text!r} is negative; amounts are positive")
    return value


def round_cents(value: Decimal) -> Decimal:
    """Round half up to whole cents, the rounding of Dutch invoices."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(value: Decimal) -> int:
    cents = value * 100
    if cents != cents.to_integral_value():
        raise AmountError(f"{value} has more than two decimals")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)  # exact, with two decimals: 12345 -> 123.45, 0 -> 0.00


def fmt(value: Decimal) -> str:
    """The form used in files and JSON: '1234.50'."""
    return f"{round_cents(value):.2f}"


def fmt_eur(value: Decimal) -> str:
    """The Dutch form for people: '€ 1.234,50'."""
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(round_cents(value)):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}€ {'.'.join(groups)},{cents}"
