"""The wake-up date is never late: before it, an aged snapshot proposes nothing new."""

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings

from huurpad.core.policy.engine import aged, next_wake, propose
from huurpad.core.segments import Segment

from .strategies import TODAY, snapshots

HORIZON = 120  # days looked ahead when the wake date is further away, or never


@settings(max_examples=int(__import__("os").environ.get("WAKE_EXAMPLES", 400)), deadline=None)
@given(snapshots())
def test_nothing_new_is_proposed_before_the_wake_date(s):
    made = propose(s, TODAY)
    wake = next_wake(s, TODAY, made)
    assert wake is None or wake > TODAY
    done = s.done | {p.key for p in made}
    last = TODAY + timedelta(days=HORIZON) if wake is None else min(wake, TODAY + timedelta(days=HORIZON))
    order = [seg.value for seg in Segment]
    later = order[order.index(s.segment) :]  # the segment may move on with time, never back
    day = TODAY + timedelta(days=1)
    while day < last:
        for segment in later:
            new = propose(aged(replace(s, segment=segment), TODAY, day, done), day)
            assert new == [], f"{day} ({segment}), wake {wake}: {[p.key for p in new]}"
        day += timedelta(days=1)


def test_a_snapshot_in_long_arrears_with_everything_done_sleeps():
    from decimal import Decimal

    from huurpad.core.ledger import Position
    from huurpad.core.policy import facts
    from huurpad.core.policy.config import default_policy

    position = Position(on=TODAY, balance=Decimal("1400"), arrears=Decimal("1400"),
                        oldest_unpaid_due_date=TODAY - timedelta(days=40), days_overdue=40,
                        months_in_arrears=Decimal("2.00"))  # fmt: skip
    s = facts.Snapshot(policy=default_policy(), tenancy_ref="T", segment="regular", payment_method="transfer",
                       collection_day=None, position=position, monthly_due=Decimal("700"),
                       episode_start=TODAY - timedelta(days=39), channels=frozenset({"letter"}))  # fmt: skip
    s = replace(s, done=frozenset({f"nudge:{s.episode_start}"}))  # the nudge went out
    made = propose(s, TODAY)
    assert [p.rule for p in made] == ["home_visit", "reminder_letter"]
    # No phone, so no call; no early signal without personal contact; no costs in the default
    # policy; no reminder before the due date for 'regular'. Nothing can fire without new facts.
    assert next_wake(s, TODAY, made) is None
