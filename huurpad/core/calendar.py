"""Business days for SEPA (TARGET2) and the dates rent falls due."""

from datetime import date, timedelta
from functools import cache

# Imported here, not looked up by name on first use: the lookup imports every market's calendar
# (0.1-0.25 s), which would otherwise land in the middle of the first policy run or page that
# needs a collection date.
from holidays.financial import ECB


@cache
def _target2_holidays(year: int) -> frozenset[date]:
    return frozenset(ECB(years=year))


def is_target2_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _target2_holidays(day.year)


def next_target2_business_day(day: date) -> date:
    """The day itself when it is a TARGET2 business day, else the next one."""
    while not is_target2_business_day(day):
        day += timedelta(days=1)
    return day


def target2_business_days_later(day: date, n: int) -> date:
    """The day `n` TARGET2 business days after `day` (a weekend or holiday in between not counted)."""
    while n > 0:
        day += timedelta(days=1)
        n -= is_target2_business_day(day)
    return day


def first_of_next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


@cache
def collection_date(year: int, month: int, collection_day: int) -> date:
    """When a direct debit on `collection_day` is collected in that month (toolkit 1.6)."""
    return next_target2_business_day(date(year, month, collection_day))


@cache
def next_due_date(today: date, payment_method: str, collection_day: int | None) -> date:
    """The next day after today on which the month's rent is due (transfer) or collected (debit)."""
    if payment_method == "direct_debit" and collection_day:
        this_month = collection_date(today.year, today.month, collection_day)
        if this_month > today:
            return this_month
        nxt = first_of_next_month(today)
        return collection_date(nxt.year, nxt.month, collection_day)
    return first_of_next_month(today)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where that month is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))
