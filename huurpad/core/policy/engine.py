from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from huurpad.core.ledger import Position

from . import former, guardrails
from .facts import Snapshot
from .proposal import Proposal
from .rules import RULES, RULES_WITHOUT_ARREARS, WAKES, later_segments


def propose(s: Snapshot, today: date) -> list[Proposal]:
    """Every rule in order, then the guardrails: the steps for this tenancy today."""
    if s.former:  # a tenant who left: the final bill's own short policy
        rules = former.RULES
    else:
        bare = s.position.arrears <= 0 and s.pause is None and s.arrangement is None
        rules = RULES_WITHOUT_ARREARS if bare else RULES
    proposals = [p for rule in rules for p in rule(s, today)]
    return guardrails.apply(s, today, proposals)


def aged(s: Snapshot, today: date, day: date, done: frozenset[str]) -> Snapshot:
    """The snapshot on a later day if nothing new happens: only days overdue grow."""
    p = s.position
    days = p.days_overdue + (day - today).days if p.oldest_unpaid_due_date else 0
    position = Position(
        on=day,
        balance=p.balance,
        arrears=p.arrears,
        oldest_unpaid_due_date=p.oldest_unpaid_due_date,
        days_overdue=days,
        months_in_arrears=p.months_in_arrears,
    )
    return replace(s, position=position, done=done)


def next_wake(s: Snapshot, today: date, made: Iterable[Proposal] | None = None) -> date | None:
    """The earliest day after today on which a rule could propose something new for this tenancy
    if no new facts arrive; None when nothing ever could. `made` is what was proposed today
    (computed when not given). Never late, sometimes early.

    Between the days on which a rule's answer can change (rules.WAKES) the proposals stay the
    same. So: tomorrow, when something would be proposed tomorrow; otherwise the first such day
    after tomorrow. When the day the segment can change is known (Snapshot.segment_until), the
    current segment's steps count up to that day, and the tenancy wakes on it at the latest;
    when it is unknown, the steps of every segment the tenancy can still come into count.
    """
    tomorrow = today + timedelta(days=1)
    if proposes_tomorrow(s, today, made):
        return tomorrow
    days = [d for wake in WAKES for d in wake(s, today) if d > tomorrow]
    if s.segment_until not in (None, date.max):
        days.append(s.segment_until)
    return min(days, default=None)


def proposes_tomorrow(s: Snapshot, today: date, made: Iterable[Proposal] | None = None) -> bool:
    """Whether a rule would propose something new tomorrow if no new facts arrive (next_wake's
    first question, and the only one a run keeps the answer of for a tenancy that owes nothing)."""
    if made is None:
        made = propose(s, today)
    done = s.done | {p.key for p in made}
    tomorrow = today + timedelta(days=1)
    known = s.segment_until is not None
    for segment in [s.segment] if known and s.segment_until > tomorrow else later_segments(s):
        if propose(aged(s if segment == s.segment else replace(s, segment=segment), today, tomorrow, done), tomorrow):
            return True
    return False
