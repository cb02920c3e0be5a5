"""The last instalment of an arrangement is what is left: smaller when the arrears do not divide
evenly. The schedule adds up to the arrears (a property), and the reminder before each
instalment names that instalment's amount, the last one too."""

import math
from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from huurpad.core import ledger
from huurpad.core.policy import facts, rules
from huurpad.core.policy.config import default_policy
from huurpad.testing.text import parse_ledger

FIRST = date(2026, 12, 1)


def terms(arrears: D, instalment: D) -> facts.Arrangement:
    count = math.ceil(arrears / instalment)  # as sized: enough instalments to pay it all
    return facts.Arrangement(
        start=date(2026, 11, 10), arrears_at_start=arrears, instalment=instalment, first_due=FIRST, count=count
    )


# An instalment from 1 cent to € 2,000 and arrears of up to 60 of them (the policy allows 18 at most).
amounts = st.integers(min_value=1, max_value=200_000).flatmap(
    lambda i: st.tuples(st.integers(min_value=1, max_value=60 * i), st.just(i))
)


@given(amounts)
def test_the_schedule_adds_up_and_only_the_last_may_be_smaller(amounts_in_cents):
    arrears, instalment = (D(c) / 100 for c in amounts_in_cents)
    t = terms(arrears, instalment)
    schedule = [amount for _, amount in t.schedule()]
    assert sum(schedule) == arrears
    assert all(amount == instalment for amount in schedule[:-1])
    assert D("0") < t.last_instalment <= instalment
    assert t.last_instalment == schedule[-1] == arrears - instalment * (t.count - 1)
    assert (t.last_instalment == instalment) == (arrears % instalment == 0)
    assert [t.amount_due(day) for day in t.due_dates()] == schedule


def reminder_on(t: facts.Arrangement, day: date):
    text = "2026-11-01 rent 650.00"
    entries = parse_ledger(text)
    s = facts.Snapshot(
        policy=default_policy(),
        tenancy_ref="T",
        segment="regular",
        payment_method="transfer",
        collection_day=None,
        position=ledger.position(entries, on=day, monthly_due=D("700.00")),
        monthly_due=D("700.00"),
        channels=frozenset({"letter", "sms", "whatsapp"}),
        arrangement=t,
    )
    return rules.arrangement_reminder(s, day)


def test_the_reminder_names_the_amount_of_the_instalment_it_is_for():
    t = terms(D("650.00"), D("150.00"))  # 150, 150, 150, 150 and 50
    days_before = default_policy().arrangement_remind_days_before
    assert days_before > 0
    first_due, last_due = t.due_dates()[0], t.due_dates()[-1]
    [first] = reminder_on(t, first_due - timedelta(days=days_before))
    [last] = reminder_on(t, last_due - timedelta(days=days_before))
    assert dict(first.facts)["instalment"] == "150.00" and "€ 150,00 bovenop de huur" in first.explanation
    assert dict(last.facts)["instalment"] == "50.00" and "€ 50,00 bovenop de huur" in last.explanation
