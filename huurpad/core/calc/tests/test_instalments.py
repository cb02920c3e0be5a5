"""Instalments paid, late, missed and open, from a ledger written as text; an arrangement broken
after the policy's number of missed instalments, and running again once the household catches up."""

from datetime import date
from decimal import Decimal as D

import pytest

from huurpad.core import ledger
from huurpad.core.calc import instalments as inst
from huurpad.core.policy.facts import Arrangement
from huurpad.testing.text import parse_ledger

GRACE = 7
# Agreed on 10 November: EUR 600.00 in six instalments of EUR 100.00 on the first, with the rent.
TERMS = Arrangement(
    start=date(2026, 11, 10), arrears_at_start=D("600.00"), instalment=D("100.00"), first_due=date(2026, 12, 1), count=6
)
BEFORE = """
2026-10-01 rent 600.00
2026-11-01 rent 700.00
2026-11-01 payment 700.00
"""


def labels(text: str, on: date) -> list[str]:
    return [i.label for i in inst.statuses(TERMS, parse_ledger(BEFORE + text), on, GRACE)]


def arrears(text: str, on: date) -> D:
    return ledger.position(parse_ledger(BEFORE + text), on=on, monthly_due=D("700.00")).arrears


def test_paid_with_the_rent_on_the_due_date():
    text = "2026-12-01 rent 700.00\n2026-12-01 payment 800.00"
    assert labels(text, date(2026, 12, 20))[:2] == ["betaald", "open"]


def test_paid_after_the_due_date_within_the_grace_days_is_late():
    text = "2026-12-01 rent 700.00\n2026-12-01 payment 700.00\n2026-12-05 payment 100.00"
    assert labels(text, date(2026, 12, 3))[:1] == ["open"]  # still within the grace days
    assert labels(text, date(2026, 12, 20))[:1] == ["te laat"]


def test_the_rent_comes_first():
    """An instalment paid while the month's rent is not: the payment pays the rent."""
    text = "2026-12-01 rent 700.00\n2026-12-01 payment 100.00"
    assert labels(text, date(2026, 12, 7))[:1] == ["open"]
    assert labels(text, date(2026, 12, 8))[:1] == ["gemist"]  # 1 December + 7 days


def test_missed_then_made_up_is_late():
    text = "2026-12-01 rent 700.00\n2026-12-01 payment 700.00\n2026-12-20 payment 100.00"
    assert labels(text, date(2026, 12, 19))[:1] == ["gemist"]
    assert labels(text, date(2026, 12, 20))[:1] == ["te laat"]


def test_paid_ahead_counts_as_paid():
    text = "2026-11-20 payment 300.00\n2026-12-01 rent 700.00\n2026-12-01 payment 700.00"
    assert labels(text, date(2026, 12, 10)) == ["betaald", "betaald", "betaald", "open", "open", "open"]


def test_missed_agrees_with_the_statuses_and_the_policys_plan():
    text = "2026-12-01 rent 700.00\n2026-12-01 payment 700.00\n2027-01-01 rent 700.00\n2027-01-01 payment 700.00"
    on = date(2027, 1, 8)
    owed = arrears(text, on)
    assert owed == D("600.00")
    assert inst.missed(TERMS, owed, on, GRACE) == [date(2026, 12, 1), date(2027, 1, 1)]
    assert labels(text, on)[:3] == ["gemist", "gemist", "open"]
    assert owed > TERMS.planned_arrears(on, GRACE)  # the policy's plan agrees: behind


@pytest.mark.parametrize(
    ("text", "on", "broken_after", "state"),
    [
        ("", date(2026, 12, 5), 2, inst.RUNNING),
        ("2026-12-01 rent 700.00\n2026-12-01 payment 700.00", date(2026, 12, 8), 2, inst.BEHIND),  # one missed
        (
            "2026-12-01 rent 700.00\n2026-12-01 payment 700.00",
            date(2026, 12, 8),
            1,
            inst.BROKEN,
        ),  # a policy that allows none
        (
            "2026-12-01 rent 700.00\n2026-12-01 payment 700.00\n2027-01-01 rent 700.00\n2027-01-01 payment 700.00",
            date(2027, 1, 8),
            2,
            inst.BROKEN,
        ),  # two missed
        (
            "2026-12-01 rent 700.00\n2026-12-01 payment 700.00\n2027-01-01 rent 700.00\n2027-01-01 payment 700.00\n"
            "2027-01-10 payment 200.00",
            date(2027, 1, 10),
            2,
            inst.RUNNING,
        ),  # caught up
        (
            "2026-12-01 rent 700.00\n2026-12-01 payment 700.00\n2027-01-01 rent 700.00\n2027-01-01 payment 700.00\n"
            "2027-01-10 payment 100.00",
            date(2027, 1, 10),
            2,
            inst.BEHIND,
        ),  # half caught up: one still missed
        ("2026-11-20 payment 600.00", date(2026, 12, 10), 2, inst.PAID_OFF),
    ],
)
def test_the_arrangement_is_broken_at_the_policys_number_of_missed_instalments(text, on, broken_after, state):
    assert inst.state(TERMS, arrears(text, on), on, GRACE, broken_after) == state


def test_the_last_instalment_is_what_is_left():
    terms = Arrangement(
        start=date(2026, 11, 10),
        arrears_at_start=D("650.00"),
        instalment=D("150.00"),
        first_due=date(2026, 12, 1),
        count=5,
    )
    assert [(t[1], t[2]) for t in inst.targets(terms)] == [
        (D("150.00"), D("500.00")),
        (D("150.00"), D("350.00")),
        (D("150.00"), D("200.00")),
        (D("150.00"), D("50.00")),
        (D("50.00"), D("0.00")),
    ]
