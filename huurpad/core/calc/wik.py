"""Extrajudicial collection costs (WIK, art. 6:96 BW) by the statutory scale, and the last day
to pay after the WIK letter."""

from datetime import date, timedelta
from decimal import Decimal

import holidays

from huurpad.core import params
from huurpad.core.money import ZERO, round_cents


def collection_costs(principal: Decimal) -> Decimal:
    """The most a consumer can be charged on this principal; 0.00 on no principal."""
    if principal <= 0:
        return ZERO
    scale = params.load("wik")
    total, lower = ZERO, ZERO
    for band in scale["bands"]:
        upper = Decimal(band["up_to"]) if "up_to" in band else None
        part = (min(principal, upper) if upper is not None else principal) - lower
        if part <= 0:
            break
        total += part * Decimal(band["percent"]) / 100
        if upper is None:
            break
        lower = upper
    costs = min(max(total, Decimal(scale["minimum"])), Decimal(scale["maximum"]))
    return round_cents(costs)


def term_days() -> int:
    return int(params.load("wik")["term_days"])


def source() -> str:
    return params.load("wik")["source"]


def presumed_receipt(posted: date, delivery_days: int) -> date:
    """The day a letter posted on `posted` is presumed received: the `delivery_days`-th postal
    delivery day after it (the policy's costs.receipt_days; delivery days in wik.toml)."""
    weekdays, left, day = set(params.load("wik")["delivery_weekdays"]), delivery_days, posted
    while left:
        day += timedelta(days=1)
        if day.weekday() in weekdays and not is_general_holiday(day):
            left -= 1
    return day


def payment_deadline(posted: date, delivery_days: int) -> date:
    """The last day to pay without costs after a WIK letter posted on `posted`: 14 days from
    the day after presumed receipt (art. 6:96 lid 6 BW), moved on past a Saturday, Sunday or
    general holiday (Algemene termijnenwet art. 1). The letter states this day, and costs may
    be charged only after it."""
    day = presumed_receipt(posted, delivery_days) + timedelta(days=term_days())
    while day.weekday() >= 5 or is_general_holiday(day):
        day += timedelta(days=1)
    return day


def is_general_holiday(day: date) -> bool:
    """Algemene termijnenwet art. 3: the Dutch public holidays, with Liberation Day (5 May) every
    year. The holidays package adds Good Friday, which can only make a term longer."""
    return day in holidays.Netherlands(years=day.year) or (day.month, day.day) == (5, 5)
