"""Dates and amounts as Dutch readers expect them."""

from datetime import date

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def date_nl(day: date) -> str:
    """'5 maart 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
