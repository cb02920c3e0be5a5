"""Extrajudicial collection costs (WIK, art. 6:96 BW) by the statutory scale."""

from decimal import Decimal

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
