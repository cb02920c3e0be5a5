"""The next phone call of a series: the rules for running tenancies and for former tenants
(former.py) both call in attempts spread over the parts of the day."""

from collections.abc import Iterable
from datetime import date

from .facts import Contact

DAY_PARTS = ("ochtend", "middag", "avond")
# A contact on one of these channels that reached the tenant counts as having spoken them.
REACH_CHANNELS = frozenset({"phone", "visit", "whatsapp", "sms", "email"})


def next_attempt(contacts: Iterable[Contact], attempts: int, today: date) -> tuple[int, str] | None:
    """The number of the next call of at most `attempts`, and the part of the day not tried yet
    (after all three, round again); None when the attempts are used up or a call was made today."""
    calls = sorted((c for c in contacts if c.channel == "phone"), key=lambda c: c.date)
    if len(calls) >= attempts or (calls and calls[-1].date >= today):
        return None
    used = {c.day_part for c in calls}
    return len(calls) + 1, next((part for part in DAY_PARTS if part not in used), DAY_PARTS[len(calls) % 3])
