"""During a pause the daily run watches the current rent: a household under a kennisgeving that
misses the rent of a month after the pause began gets one call by an officer (on Vandaag), once a
month, about that rent only; nothing about the old arrears; and the call closes itself when the
rent is paid, though the old arrears remain. Run day by day as cron runs it (incremental: the
run only looks again where something may have changed, and the tenancy sleeps in between)."""

from datetime import date, timedelta

import pytest

from huurpad.cases import events, tasks
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.models import Proposal
from huurpad.collection.run import run_policy
from huurpad.core.policy.guardrails import ALLOWED_DURING_PAUSE
from huurpad.messaging.models import OutboxMessage
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
PAUSED_ON = date(2026, 3, 10)


def household(ref: str, ledger_text: str, reason: str = "kennisgeving"):
    """Behind since February (€ 1.400,00: February and March), paused on 10 March."""
    tenancy = make_tenancy(ref, start=date(2019, 1, 1), phone="0612345678")
    book(tenancy, "2026-01-01 rent 700.00\n2026-01-02 payment 700.00\n2026-02-01 rent 700.00\n2026-03-01 rent 700.00")
    book(tenancy, ledger_text)
    events.pause_started(tenancy, PAUSED_ON, reason=reason, review_date="2026-09-10").save()
    return tenancy


def run_days(first: date, last: date, on_day=None) -> None:
    day = first
    run_policy(day, full=True)
    while day < last:
        day += timedelta(days=1)
        if on_day is not None:
            on_day(day)
        run_policy(day)


def test_the_current_rent_paid_gives_nothing(db):
    tenancy = household(
        "PAID", "2026-04-01 rent 700.00\n2026-04-02 payment 700.00\n2026-05-01 rent 700.00\n2026-05-01 payment 700.00"
    )
    run_days(PAUSED_ON, date(2026, 5, 31))
    assert {p.rule for p in tenancy.proposals.all()} <= ALLOWED_DURING_PAUSE - {"current_rent"}
    assert not Task.objects.filter(tenancy=tenancy).exists()
    assert not OutboxMessage.objects.filter(tenancy=tenancy).exclude(action="pre_due_reminder").exists()


def test_the_current_rent_missed_gives_one_call_a_month_with_the_amount(db):
    tenancy = household("MISSED", "2026-04-01 rent 700.00\n2026-05-01 rent 700.00")
    run_days(PAUSED_ON, date(2026, 5, 31))
    calls = list(tenancy.proposals.order_by("id"))
    assert [(p.rule, p.action, p.period, p.due_date) for p in calls] == [
        ("current_rent", "call", "2026-03-10:2026-04", date(2026, 4, 11)),
        ("current_rent", "call", "2026-03-10:2026-05", date(2026, 5, 11)),
    ]
    assert "de huur van april 2026 nog niet (helemaal) betaald: € 700,00" in calls[0].explanation
    assert "de huur van april en mei 2026 nog niet (helemaal) betaald: € 1.400,00" in calls[1].explanation
    assert "schuldhulpverlener" in calls[0].explanation
    (task,) = Task.objects.filter(tenancy=tenancy)  # one open call for the household, on Vandaag
    assert (task.kind, task.status, task.title) == ("call", Task.Status.OPEN, "Bellen")
    assert task.explanation == calls[1].explanation  # the newest proposal says what the task is about
    # Nothing about the old arrears: no nudge, letter, costs, signal or escalation.
    assert not OutboxMessage.objects.filter(tenancy=tenancy).exclude(action="pre_due_reminder").exists()


def test_paid_late_the_call_closes_itself_though_the_old_arrears_remain(db):
    tenancy = household("LATE", "2026-04-01 rent 700.00")

    def pays(day):
        if day == date(2026, 4, 20):
            book(tenancy, "2026-04-20 payment 700.00")

    run_days(PAUSED_ON, date(2026, 4, 19))
    (task,) = Task.objects.filter(tenancy=tenancy, status=Task.Status.OPEN)
    run_days(date(2026, 4, 19), date(2026, 4, 20), pays)
    task.refresh_from_db()
    assert task.status == Task.Status.OBSOLETE
    closed = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.TASKS_CLOSED)
    assert closed.params["tasks"] == "Bellen: er loopt een pauze en de huur van nu is betaald"
    assert tasks.stale(date(2026, 4, 20)) == []
    assert Proposal.objects.filter(tenancy=tenancy).count() == 1


def test_a_call_left_open_while_the_current_rent_is_paid_is_counted_as_stale(db):
    """The check (huurpad check-tasks) reads the same fact from the database."""
    tenancy = household("STALE", "2026-04-01 rent 700.00\n2026-04-20 payment 700.00")
    run_days(PAUSED_ON, date(2026, 4, 19))  # the payment is dated after these days
    (task,) = Task.objects.filter(tenancy=tenancy, status=Task.Status.OPEN)
    assert tasks.reasons_gone(task, date(2026, 4, 19)) == []
    assert tasks.reasons_gone(task, date(2026, 4, 20)) == [tasks.Gone.CURRENT_RENT_PAID]
