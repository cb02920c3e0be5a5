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


def add_target2_business_days(day: date, count: int) -> date:
    """The TARGET2 business day `count` business days after `day` (the day itself not counted)."""
    while count > 0:
        day += timedelta(days=1)
        if is_target2_business_day(day):
            count -= 1
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


# --- working days for legal terms (Algemene termijnenwet) -------------------------------------


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def termijnenwet_holidays(year: int) -> frozenset[date]:
    """The holidays the Algemene termijnenwet recognises (art. 3; FACTS.md §10): Nieuwjaarsdag,
    Paas- and Pinkstermaandag, Hemelvaartsdag, Koningsdag (27 April, or 26 April when the 27th is
    a Sunday), Bevrijdingsdag (5 May, every year) and both days of Christmas. Goede Vrijdag is NOT
    one (the `holidays` library's NL calendar counts it and keeps 5 May to lustrum years, so it is
    not used here). Easter Sunday and Whit Sunday are Sundays anyway."""
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            easter + timedelta(days=1),  # Paasmaandag
            easter + timedelta(days=39),  # Hemelvaartsdag
            easter + timedelta(days=50),  # Pinkstermaandag
            kings_day,
            date(year, 5, 5),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_working_day(day: date) -> bool:
    """A working day for a legal term: not a Saturday, Sunday or holiday of the Algemene termijnenwet."""
    return day.weekday() < 5 and day not in termijnenwet_holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The `count`th working day after `day` (the day itself not counted): the 10th working day
    after a Schuldenknooppunt message is the last day to answer it (FACTS.md §4, §10)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
