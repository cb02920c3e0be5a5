"""The ledger's definitions on hand-written ledgers (docs/formats.md, 'Arrears, defined')."""

from datetime import date
from decimal import Decimal

import pytest

from huurpad.core import ledger
from huurpad.testing.text import parse_ledger

D = date.fromisoformat
MONTH = Decimal("700.00")


def pos(text: str, on: str, monthly: Decimal = MONTH) -> ledger.Position:
    return ledger.position(parse_ledger(text), on=D(on), monthly_due=monthly)


def test_all_paid():
    p = pos("2026-01-01 rent 650.00\n2026-01-01 service_costs 50.00\n2026-01-02 payment 700.00", "2026-01-20")
    assert (p.balance, p.arrears, p.oldest_unpaid_due_date, p.days_overdue) == (0, 0, None, 0)


def test_partial_payment_leaves_the_rest_of_the_oldest_charge_open():
    p = pos("2026-01-01 rent 700.00\n2026-02-01 rent 700.00\n2026-01-05 payment 300.00", "2026-02-10")
    assert p.balance == Decimal("1100.00")
    assert p.arrears == Decimal("1100.00")
    assert p.oldest_unpaid_due_date == D("2026-01-01")
    assert p.days_overdue == 40
    assert p.months_in_arrears == Decimal("1.57")


def test_payment_pays_oldest_first_so_the_oldest_unpaid_moves_forward():
    p = pos("2026-01-01 rent 700.00\n2026-02-01 rent 700.00\n2026-02-03 payment 700.00", "2026-02-10")
    assert p.arrears == Decimal("700.00")
    assert p.oldest_unpaid_due_date == D("2026-02-01")
    assert p.days_overdue == 9
    assert p.months_in_arrears == Decimal("1.00")


def test_overpayment_is_a_negative_balance_and_no_arrears():
    p = pos("2026-01-01 rent 700.00\n2026-01-01 payment 900.00", "2026-01-15")
    assert p.balance == Decimal("-200.00")
    assert (p.arrears, p.oldest_unpaid_due_date, p.days_overdue, p.months_in_arrears) == (0, None, 0, 0)


def test_credit_carried_forward_pays_the_next_charge():
    p = pos("2026-01-01 rent 700.00\n2026-01-01 payment 900.00\n2026-02-01 rent 700.00", "2026-02-05")
    assert p.arrears == Decimal("500.00")
    assert p.oldest_unpaid_due_date == D("2026-02-01")


def test_returned_direct_debit_reopens_the_charge():
    text = "2026-01-01 rent 700.00\n2026-01-01 direct_debit 700.00\n2026-01-06 reversal 700.00"
    p = pos(text, "2026-01-10")
    assert p.balance == Decimal("700.00")
    assert p.arrears == Decimal("700.00")
    assert p.oldest_unpaid_due_date == D("2026-01-01")
    assert p.days_overdue == 9


def test_write_off_counts_as_a_credit():
    text = "2025-11-01 rent 700.00\n2025-12-01 rent 700.00\n2026-01-15 write_off 700.00"
    p = pos(text, "2026-01-20")
    assert p.arrears == Decimal("700.00")
    assert p.oldest_unpaid_due_date == D("2025-12-01")


def test_charge_due_today_is_not_yet_arrears():
    p = pos("2026-01-01 rent 700.00\n2026-01-01 payment 700.00\n2026-02-01 rent 700.00", "2026-02-01")
    assert p.balance == Decimal("700.00")
    assert p.arrears == 0
    assert p.oldest_unpaid_due_date == D("2026-02-01")
    assert p.days_overdue == 0


def test_entries_after_the_day_do_not_count():
    p = pos("2026-01-01 rent 700.00\n2026-01-20 payment 700.00", "2026-01-10")
    assert p.arrears == Decimal("700.00")
    assert p.days_overdue == 9


def test_reversal_without_its_credit_raises_the_balance_but_pays_nothing_back():
    # The credit it undoes predates the history we hold: owed, but no charge is unpaid by it.
    p = pos("2026-01-01 rent 700.00\n2026-01-01 payment 700.00\n2026-01-03 reversal 1000.00", "2026-01-10")
    assert p.balance == Decimal("1000.00")
    assert p.arrears == Decimal("700.00")


def test_months_need_a_rent():
    assert pos("2026-01-01 rent 700.00", "2026-01-10", monthly=Decimal("0")).months_in_arrears == 0


def test_months_round_half_up():
    # 350.35 / 700.00 = 0.5005 -> 0.50; 350.70 / 700 = 0.501 -> 0.50; 353.50/700 = 0.505 -> 0.51
    assert pos("2026-01-01 rent 353.50", "2026-01-10").months_in_arrears == Decimal("0.51")


def test_open_items_show_what_is_still_owed_oldest_first():
    items = ledger.open_items(
        parse_ledger("2026-01-01 rent 700.00\n2026-02-01 rent 700.00\n2026-01-05 payment 1000.00"),
        on=D("2026-02-10"),
    )
    assert [(i.due_date, i.paid, i.open) for i in items] == [
        (D("2026-01-01"), Decimal("700.00"), 0),
        (D("2026-02-01"), Decimal("300.00"), Decimal("400.00")),
    ]


def test_running_balance_follows_the_statement():
    rows = ledger.running_balance(
        parse_ledger("2026-01-01 rent 700.00\n2026-01-02 payment 500.00\n2026-01-06 reversal 500.00")
    )
    assert [balance for _, balance in rows] == [Decimal("700.00"), Decimal("200.00"), Decimal("700.00")]


def test_entries_are_frozen_and_positive():
    entry = parse_ledger("2026-01-01 rent 700.00")[0]
    with pytest.raises(AttributeError):
        entry.amount = Decimal("1")
    with pytest.raises(ValueError):
        ledger.Entry(date=D("2026-01-01"), kind=ledger.Kind.RENT, amount=Decimal("0"))


def test_oldest_unpaid_refuses_an_impossible_walk():
    with pytest.raises(ValueError):
        ledger.oldest_unpaid_due_date([(D("2026-01-01"), Decimal("10"))], Decimal("11"))
