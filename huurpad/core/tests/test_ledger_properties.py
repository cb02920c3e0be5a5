"""Properties of the ledger that must hold for every ledger, not just the ones we thought of."""

import random
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from huurpad.core import ledger
from huurpad.core.money import ZERO, from_cents

START = date(2025, 1, 1)

kinds = st.sampled_from(list(ledger.Kind))
amounts = st.integers(min_value=1, max_value=150_000).map(lambda c: Decimal(c) / 100)
days = st.integers(min_value=0, max_value=400).map(lambda n: START + timedelta(days=n))
entries = st.builds(lambda d, k, a: ledger.Entry(date=d, kind=k, amount=a), days, kinds, amounts)
ledgers = st.lists(entries, max_size=40)
monthly = st.sampled_from([Decimal("0"), Decimal("612.40"), Decimal("700.00")])


def position(items, on, due=Decimal("700.00")):
    return ledger.position(items, on=on, monthly_due=due)


@given(ledgers, days)
def test_balance_is_charges_plus_reversals_minus_credits(items, on):
    counted = [e for e in items if e.date <= on]
    expected = (
        sum((e.amount for e in counted if e.kind in ledger.CHARGES), ZERO)
        + sum((e.amount for e in counted if e.kind == ledger.Kind.REVERSAL), ZERO)
        - sum((e.amount for e in counted if e.kind in ledger.CREDITS), ZERO)
    )
    assert position(items, on).balance == expected


@given(ledgers, days, monthly)
def test_arrears_never_negative_nor_above_the_overdue_charges(items, on, due):
    p = position(items, on, due)
    overdue = sum((e.amount for e in items if e.kind in ledger.CHARGES and e.date < on), ZERO)
    assert ZERO <= p.arrears <= overdue
    assert p.months_in_arrears >= 0
    assert (p.days_overdue > 0) == (p.arrears > 0)


@given(ledgers, days, st.randoms())
def test_order_of_entries_does_not_change_results(items, on, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert position(shuffled, on) == position(items, on)
    assert ledger.open_items(shuffled, on=on) == ledger.open_items(items, on=on)


@given(ledgers, days, amounts, st.integers(min_value=0, max_value=30))
def test_reversing_a_payment_restores_the_state_before_it(items, on, amount, delay):
    before = position(items, on)
    paid = START + timedelta(days=200)
    payment = ledger.Entry(date=paid, kind=ledger.Kind.PAYMENT, amount=amount)
    reversal = ledger.Entry(date=paid + timedelta(days=delay), kind=ledger.Kind.REVERSAL, amount=amount)
    after = position([*items, payment, reversal], on)
    if on >= reversal.date:
        assert after == before


@given(ledgers, days)
def test_backward_walk_agrees_with_allocating_oldest_first(items, on):
    """The fast definition (walk back from the newest charge) equals plain FIFO allocation."""
    p = position(items, on)
    open_items = [i for i in ledger.open_items(items, on=on) if i.open > 0]
    assert p.oldest_unpaid_due_date == (open_items[0].due_date if open_items else None)
    assert p.arrears == sum((i.open for i in open_items if i.due_date < on), ZERO)


@settings(max_examples=50)
@given(ledgers, days)
def test_position_from_totals_matches_the_reference(items, on):
    t = ledger.totals(items, on)
    charges = sorted(((e.date, e.amount) for e in items if e.kind in ledger.CHARGES and e.date <= on), reverse=True)
    oldest = ledger.oldest_unpaid_due_date(charges, from_cents(t.unpaid))
    assert ledger.position_from_totals(t, on=on, oldest_unpaid=oldest, monthly_due=Decimal("700")) == position(
        items, on
    )


def test_a_shuffle_really_happens():
    # Guard against a property that cannot fail: the shuffled order differs from the original.
    items = [ledger.Entry(date=START, kind=ledger.Kind.RENT, amount=Decimal(n)) for n in range(1, 20)]
    shuffled = list(items)
    random.Random(1).shuffle(shuffled)
    assert shuffled != items


@settings(max_examples=200)
@given(ledgers, days)
def test_episode_start_is_the_first_day_of_the_unbroken_stretch_of_arrears(items, on):
    start = ledger.episode_start(items, on)
    if position(items, on).arrears == 0:
        assert start is None
        return
    assert start is not None and start <= on
    day = start
    while day <= on:  # behind every day from the start up to D
        assert position(items, day).arrears > 0
        day += timedelta(days=1)
    assert position(items, start - timedelta(days=1)).arrears == 0


@settings(max_examples=300)
@given(ledgers, days, days)
def test_episode_start_from_an_opening_equals_the_whole_ledger(items, on, cut):
    """Summing the entries before a cut into an opening gives the same start, or says it lies earlier."""
    assume(cut <= on)
    before = [e for e in items if e.date < cut]
    after = [e for e in items if e.date >= cut]
    opening = ledger.totals(before, cut)  # every entry before the cut: charges in charges_before
    whole = ledger.episode_start(items, on)
    try:
        assert ledger.episode_start(after, on, opening=opening) == whole
    except ledger.EarlierStart:
        assert whole is not None and whole <= cut
