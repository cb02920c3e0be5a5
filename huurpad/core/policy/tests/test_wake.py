"""The wake-up date is never late: before it, an aged snapshot proposes nothing new."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

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
        holds = s.segment_until is not None and day < s.segment_until
        for segment in [s.segment] if holds else later:
            new = propose(aged(replace(s, segment=segment), TODAY, day, done), day)
            assert new == [], f"{day} ({segment}), wake {wake}: {[p.key for p in new]}"
        day += timedelta(days=1)


def test_a_snapshot_in_long_arrears_with_everything_done_sleeps():
    from decimal import Decimal

    from huurpad.core.ledger import Position
    from huurpad.core.policy import facts
    from huurpad.core.policy.config import default_policy

    position = Position(
        on=TODAY,
        balance=Decimal("1400"),
        arrears=Decimal("1400"),
        oldest_unpaid_due_date=TODAY - timedelta(days=40),
        days_overdue=40,
        months_in_arrears=Decimal("2.00"),
    )
    s = facts.Snapshot(
        policy=default_policy(),
        tenancy_ref="T",
        segment="regular",
        payment_method="transfer",
        collection_day=None,
        position=position,
        monthly_due=Decimal("700"),
        episode_start=TODAY - timedelta(days=39),
        channels=frozenset({"letter"}),
    )
    s = replace(s, done=frozenset({f"nudge:{s.episode_start}"}))  # the nudge went out
    made = propose(s, TODAY)
    assert [p.rule for p in made] == ["home_visit", "reminder_letter"]
    # No phone, so no call; no early signal without personal contact; no costs in the default
    # policy; no reminder before the due date for 'regular'. Nothing can fire without new facts.
    assert next_wake(s, TODAY, made) is None


def test_a_segment_change_wakes_the_tenancy():
    """In 'new' this policy never calls; in 'first_time' it calls from the first day. The tenancy
    leaves 'new' in ten days: it must wake then, though no step of 'new' is due."""
    from decimal import Decimal

    from huurpad.core.ledger import Position
    from huurpad.core.policy import config, facts

    new_steps = "call_after_days = 6\ncall_attempts = 3\nhome_visit_after_days = 21"
    text = config.default_text().replace(
        new_steps, "call_after_days = 6\ncall_attempts = 0\nhome_visit_after_days = 400"
    )
    position = Position(
        on=TODAY,
        balance=Decimal("700"),
        arrears=Decimal("700"),
        oldest_unpaid_due_date=TODAY - timedelta(days=20),
        days_overdue=20,
        months_in_arrears=Decimal("1.00"),
    )
    s = facts.Snapshot(
        policy=config.load(text),
        tenancy_ref="T",
        segment="new",
        payment_method="transfer",
        collection_day=None,
        position=position,
        monthly_due=Decimal("700"),
        episode_start=TODAY - timedelta(days=19),
        channels=frozenset({"letter", "phone"}),
        segment_until=TODAY + timedelta(days=10),
    )
    s = replace(s, done=frozenset({f"nudge:{s.episode_start}", f"reminder_letter:{s.episode_start}"}))
    assert propose(s, TODAY) == []
    assert next_wake(s, TODAY, []) == TODAY + timedelta(days=10)
    later = aged(replace(s, segment="first_time"), TODAY, TODAY + timedelta(days=10), s.done)
    assert [p.rule for p in propose(later, TODAY + timedelta(days=10))] == ["call"]


@settings(max_examples=int(__import__("os").environ.get("WAKE_EXAMPLES", 400)), deadline=None)
@given(snapshots())
def test_without_arrears_only_pauses_and_arrangements_of_the_timeline_count(s):
    """What collection.snapshots relies on to read less for tenancies that owe nothing: their
    letters, contacts, debt help, signals and objection change neither today's proposals nor
    whether something is due tomorrow (the only wake-up date kept for them)."""
    s = replace(
        s,
        position=replace(
            s.position,
            arrears=Decimal("0"),
            oldest_unpaid_due_date=None,
            days_overdue=0,
            months_in_arrears=Decimal("0"),
        ),
        episode_start=None,
    )
    bare = replace(
        s,
        reminder_letters=(),
        wik_letters=(),
        contacts=(),
        debt_help_pointed=(),
        objection=False,
        signals=(),
        bailiff_since=None,
        returned_debits=(),
    )
    assert propose(bare, TODAY) == propose(s, TODAY)
    tomorrow = TODAY + timedelta(days=1)
    assert (next_wake(bare, TODAY) == tomorrow) == (next_wake(s, TODAY) == tomorrow)


@settings(max_examples=int(__import__("os").environ.get("WAKE_EXAMPLES", 400)), deadline=None)
@given(snapshots())
def test_rules_without_arrears(s):
    """engine.propose runs only rules.RULES_WITHOUT_ARREARS for a tenancy without arrears, pause
    or arrangement: every other rule proposes nothing for it, today or on any later day."""
    from huurpad.core.policy.rules import RULES, RULES_WITHOUT_ARREARS

    s = replace(
        s,
        position=replace(
            s.position,
            arrears=Decimal("0"),
            oldest_unpaid_due_date=None,
            days_overdue=0,
            months_in_arrears=Decimal("0"),
        ),
        pause=None,
        arrangement=None,
    )
    for day in (TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=40)):
        assert [p for rule in RULES if rule not in RULES_WITHOUT_ARREARS for p in rule(s, day)] == []
