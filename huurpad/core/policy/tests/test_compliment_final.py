"""The compliment only for money that is final: a collected direct debit once the bank can no
longer return it (the policy's debit_final_after_business_days, TARGET2 business days), a transfer
when it is booked."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.core import ledger
from huurpad.core.calendar import add_target2_business_days, collection_date
from huurpad.core.ledger import Entry, Kind
from huurpad.core.policy import facts
from huurpad.core.policy.config import default_policy
from huurpad.core.policy.engine import next_wake, propose
from huurpad.core.policy.rules import compliment_waits, debit_final_on

RENT = Decimal("700.00")
DAY = 25  # collection day: the rent of the next month is collected on the 25th
START, END = date(2025, 11, 20), date(2026, 7, 10)


def simulate(entries: list[Entry], *, policy=None, start=START, end=END) -> dict[str, list[date]]:
    """The policy every day, remembering between days as the run does (run._remember): the
    position while something is owed, the position before a direct debit cleared the arrears while
    the compliment waits for that money, otherwise nothing."""
    policy = policy or default_policy()
    previous, done, fired = None, set(), {}
    day = start
    while day <= end:
        known = [e for e in entries if e.date <= day]
        pos = ledger.position(known, on=day, monthly_due=RENT)
        s = facts.Snapshot(
            policy=policy,
            tenancy_ref="T",
            segment="regular",
            payment_method="direct_debit",
            collection_day=DAY,
            position=pos,
            monthly_due=RENT,
            episode_start=ledger.episode_start(known, day),
            previous=previous,
            channels=frozenset({"sms", "whatsapp", "letter"}),
            recent_debits=tuple(sorted({e.date for e in known if e.kind == Kind.DIRECT_DEBIT})),
            done=frozenset(done),
        )
        for p in propose(s, day):
            done.add(p.key)
            fired.setdefault(p.action.value, []).append(day)
        if compliment_waits(s, day):
            previous = s.previous
        elif pos.oldest_unpaid_due_date is not None:
            previous = pos
        else:
            previous = None
        day += timedelta(days=1)
    return fired


def months():
    first = date(2025, 12, 1)
    while first <= date(2026, 6, 1):
        yield first
        first = date(first.year + (first.month == 12), first.month % 12 + 1, 1)


# What happens to each month's direct debit: collected; not collected (no money in the account);
# collected and returned after 1-5 business days; or collected with the arrears on top.
OUTCOMES = st.sampled_from(["collected", "missed", "returned", "catch_up"])


@st.composite
def histories(draw) -> tuple[list[Entry], list[tuple[date, date]]]:
    """A ledger of monthly rents, debits, returns and the odd transfer; and (collected, returned)
    of every debit that came back."""
    entries, returns, owed = [], [], Decimal("0")
    for first in months():
        entries.append(Entry(date=first, kind=Kind.RENT, amount=RENT, external_id=f"rent-{first}"))
        prior = first - timedelta(days=10)
        collected = collection_date(prior.year, prior.month, DAY)
        outcome = draw(OUTCOMES)
        amount = RENT + (owed if outcome == "catch_up" else 0)
        if outcome == "missed":
            owed += RENT
        else:
            entries.append(Entry(date=collected, kind=Kind.DIRECT_DEBIT, amount=amount, external_id=f"dd-{first}"))
            if outcome == "returned":
                back = add_target2_business_days(collected, draw(st.integers(min_value=1, max_value=5)))
                entries.append(Entry(date=back, kind=Kind.REVERSAL, amount=amount, external_id=f"rt-{first}"))
                returns.append((collected, back))
                owed += RENT
            elif outcome == "catch_up":
                owed = Decimal("0")
        if draw(st.booleans()) and owed:  # a transfer towards the arrears, some day this month
            paid = draw(st.sampled_from([owed, RENT, Decimal("100.00")]))
            day = first + timedelta(days=draw(st.integers(min_value=0, max_value=27)))
            entries.append(Entry(date=day, kind=Kind.PAYMENT, amount=paid, external_id=f"tr-{first}"))
            owed = max(owed - paid, Decimal("0"))
    return entries, returns


@settings(max_examples=150, deadline=None)
@given(histories())
def test_no_compliment_for_money_that_is_later_returned(history):
    entries, returns = history
    fired = simulate(entries)
    for day in fired.get("compliment", []):
        # No debit counted that day (collected on or before it) came back after it.
        assert not [(collected, back) for collected, back in returns if collected <= day < back], day


def _debit_clears(collected: date) -> list[Entry]:
    """Behind since 1 March (the March debit missed); the April debit on `collected` takes the
    arrears with it."""
    return [
        Entry(date=date(2026, 2, 1), kind=Kind.RENT, amount=RENT),
        Entry(date=date(2026, 2, 1), kind=Kind.PAYMENT, amount=RENT),
        Entry(date=date(2026, 3, 1), kind=Kind.RENT, amount=RENT),
        Entry(date=collected, kind=Kind.DIRECT_DEBIT, amount=2 * RENT),
        Entry(date=date(2026, 4, 1), kind=Kind.RENT, amount=RENT),
    ]


def test_the_compliment_waits_five_business_days_for_a_debit():
    collected = date(2026, 3, 25)  # a Wednesday
    fired = simulate(_debit_clears(collected), start=date(2026, 3, 1), end=date(2026, 4, 30))
    # Returns may come up to Wednesday 1 April (5 TARGET2 business days); final on the 2nd.
    assert debit_final_on(collected, 5) == date(2026, 4, 2)
    assert fired["compliment"] == [date(2026, 4, 2)]


def test_holidays_lengthen_the_wait():
    collected = date(2026, 4, 1)  # Good Friday 3 April and Easter Monday 6 April are no TARGET2 days
    assert debit_final_on(collected, 5) == date(2026, 4, 11)  # returns up to Friday 10 April


def test_a_returned_debit_earns_no_compliment_then_a_transfer_does_at_once():
    collected = date(2026, 3, 25)
    entries = [
        *_debit_clears(collected),
        Entry(date=date(2026, 3, 30), kind=Kind.REVERSAL, amount=2 * RENT),
        Entry(date=date(2026, 4, 20), kind=Kind.PAYMENT, amount=2 * RENT),
    ]
    fired = simulate(entries, start=date(2026, 3, 1), end=date(2026, 5, 10))
    assert fired["compliment"] == [date(2026, 4, 20)]  # a transfer is final when booked


def test_the_policy_sets_the_return_period():
    policy = replace(default_policy(), debit_final_after_business_days=2)
    fired = simulate(_debit_clears(date(2026, 3, 25)), policy=policy, start=date(2026, 3, 1), end=date(2026, 4, 30))
    assert fired["compliment"] == [date(2026, 3, 28)]  # returns up to Friday 27 March


def test_a_waiting_tenancy_wakes_when_the_money_is_final():
    collected = date(2026, 3, 25)
    entries = _debit_clears(collected)
    day = date(2026, 3, 26)
    before = ledger.position(entries, on=date(2026, 3, 24), monthly_due=RENT)
    s = facts.Snapshot(
        policy=default_policy(),
        tenancy_ref="T",
        segment="regular",
        payment_method="direct_debit",
        collection_day=DAY,
        position=ledger.position(entries, on=day, monthly_due=RENT),
        monthly_due=RENT,
        previous=before,
        recent_debits=(collected,),
    )
    assert compliment_waits(s, day)
    assert propose(s, day) == []
    assert next_wake(s, day) == date(2026, 4, 2)
    [p] = propose(s, date(2026, 4, 2))
    assert "definitief" in p.explanation and "5 werkdagen" in p.explanation
