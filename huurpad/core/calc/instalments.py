"""How a running payment arrangement goes, instalment by instalment (toolkit 3.2), from the ledger.

The rent comes first: credits pay the oldest charges, so the arrangement's instalments are paid by
whatever is left after the rent. Instalment k counts as paid once the arrears are down to what the
plan leaves after it (`target`: the arrears at the start minus the first k instalments). Because
credits pay in order, the instalments are paid in order too: the missed ones are always the last
ones that fell due.

- paid (betaald): paid by the end of its due date, that day's rent included;
- late (te laat): paid, but after its due date (within the grace days, or made up later);
- missed (gemist): the due date plus the policy's grace days has passed and it is still not paid;
- open: not due yet, or due but still within the grace days.

An arrangement is broken (afgebroken) while at least the policy's number of instalments
(`arrangement.broken_after_missed`) is missed; it runs again (loopt) as soon as the household
catches up, because then fewer are missed. A missed instalment counts on the day its due date plus
the grace days is reached, as the policy's plan does (facts.Arrangement.planned_arrears).

`terms` is anything with `arrears_at_start` and `schedule()` (core.policy.facts.Arrangement).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from huurpad.core import ledger
from huurpad.core.money import ZERO, from_cents

PAID, LATE, MISSED, OPEN = "paid", "late", "missed", "open"
LABELS = {PAID: "betaald", LATE: "te laat", MISSED: "gemist", OPEN: "open"}

# How the arrangement as a whole stands.
RUNNING, BEHIND, BROKEN, PAID_OFF = "running", "behind", "broken", "paid_off"
STATE_LABELS = {RUNNING: "loopt", BEHIND: "loopt achter", BROKEN: "afgebroken", PAID_OFF: "afgelost"}


@dataclass(frozen=True, kw_only=True, slots=True)
class Instalment:
    due: date
    amount: Decimal
    target: Decimal  # the arrears the plan leaves once this instalment is paid
    status: str  # PAID | LATE | MISSED | OPEN

    @property
    def label(self) -> str:
        return LABELS[self.status]


def targets(terms) -> list[tuple[date, Decimal, Decimal]]:
    """(due date, amount, arrears left after it) of every instalment."""
    rows, left = [], terms.arrears_at_start
    for due, amount in terms.schedule():
        left -= amount
        rows.append((due, amount, max(left, ZERO)))
    return rows


def missed(terms, arrears: Decimal, on: date, grace_days: int) -> list[date]:
    """The due dates of the instalments missed on D: their grace days are over and the arrears on
    D are still above what the plan leaves after them. Oldest first."""
    grace = timedelta(days=grace_days)
    return [due for due, _, target in targets(terms) if due + grace <= on and arrears > target]


def state(terms, arrears: Decimal, on: date, grace_days: int, broken_after: int) -> str:
    """RUNNING, BEHIND (fewer than `broken_after` missed), BROKEN or PAID_OFF, on D."""
    if arrears <= 0:
        return PAID_OFF
    count = len(missed(terms, arrears, on, grace_days))
    if count >= broken_after:
        return BROKEN
    return BEHIND if count else RUNNING


def statuses(terms, entries: Iterable[ledger.Entry], on: date, grace_days: int) -> list[Instalment]:
    """Every instalment's status on D, from the tenancy's ledger (the entries dated after D do not
    count). Which ones are missed agrees with `missed` on the arrears of D."""
    entries = list(entries)
    now = ledger.totals(entries, on)
    arrears_now, unpaid_now = from_cents(now.arrears), from_cents(now.unpaid)
    rows = []
    for due, amount, target in targets(terms):
        if due + timedelta(days=grace_days) <= on and arrears_now > target:
            status = MISSED
        elif on <= due:  # not due yet, or due today: today's rent comes first
            status = PAID if unpaid_now <= target else OPEN
        elif arrears_now <= target:  # paid: by the end of its due date, or later
            status = PAID if from_cents(ledger.totals(entries, due).unpaid) <= target else LATE
        else:
            status = OPEN  # within the grace days
        rows.append(Instalment(due=due, amount=amount, target=target, status=status))
    return rows
