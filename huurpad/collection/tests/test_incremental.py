"""An ordinary next day looks only at what may have changed, and still misses nothing."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huurpad.cases import events
from huurpad.collection import proposals
from huurpad.collection.models import PolicyRun, Proposal, TenancyState
from huurpad.collection.run import run_policy
from huurpad.tenancies.models import Tenancy
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


def months(text_per_month: str, first: int, last: int) -> str:
    return "\n".join(text_per_month.format(m=m) for m in range(first, last + 1))


@pytest.fixture
def corporation(db):
    """A small corporation with the situations that matter for the selection."""
    on_time = make_tenancy("ON-TIME", start=date(2019, 1, 1), phone="0611111111")
    book(on_time, months("2026-{m:02d}-01 rent 700.00\n2026-{m:02d}-01 payment 700.00", 1, 6))
    late = make_tenancy("LATE", start=date(2019, 1, 1), phone="0622222222")
    book(late, months("2026-{m:02d}-01 rent 700.00", 1, 6) + "\n2026-01-03 payment 700.00")
    fresh = make_tenancy(
        "NEW-DEBIT", start=date(2025, 12, 1), payment_method="direct_debit", collection_day=25, phone="0633333333"
    )
    book(fresh, months("2026-{m:02d}-25 rent 700.00\n2026-{m:02d}-25 direct_debit 700.00", 1, 6))
    paused = make_tenancy("PAUSED", start=date(2019, 1, 1))
    book(paused, months("2026-{m:02d}-01 rent 700.00", 2, 6))
    events.pause_started(paused, date(2026, 2, 10), reason="kennisgeving", review_date="2026-03-20").save()
    returned = make_tenancy(
        "RETURNED", start=date(2019, 1, 1), payment_method="direct_debit", collection_day=1, phone="0644444444"
    )
    book(returned, months("2026-{m:02d}-01 rent 700.00\n2026-{m:02d}-02 direct_debit 700.00", 1, 6))
    # New, behind since February, pays on 26 February: the first of the reminder days before
    # 1 March, on which the tenancy stops owing (its state goes) and the reminder is due.
    cleared = make_tenancy("CLEARED-NEW", start=date(2025, 12, 1), phone="0655555555")
    book(cleared, months("2026-{m:02d}-01 rent 700.00", 2, 6) + "\n" + months("2026-{m:02d}-01 payment 700.00", 3, 6))
    return {"late": late, "returned": returned, "on_time": on_time, "cleared": cleared}


def test_next_days_propose_what_a_full_run_would(corporation):
    day, end = date(2026, 2, 1), date(2026, 4, 30)
    run_policy(day, full=True)
    while day < end:
        day += timedelta(days=1)
        if day == date(2026, 3, 6):  # a returned debit: new ledger lines only
            book(corporation["returned"], "2026-03-06 reversal 700.00")
        if day == date(2026, 2, 26):
            book(corporation["cleared"], "2026-02-26 payment 700.00")
        if day == date(2026, 3, 12):  # the late tenant pays a little: arrears remain
            book(corporation["late"], "2026-03-12 payment 100.00")
        if day == date(2026, 3, 20):  # ... and the rest: only the two together clear the arrears
            book(corporation["late"], "2026-03-20 payment 1300.00")
        if day == date(2026, 3, 28):  # paying part of April early, in the reminder days: a credit only
            book(corporation["cleared"], "2026-03-28 payment 100.00")
        if day == date(2026, 4, 27):  # paying all of May early, before its reminder days
            book(corporation["cleared"], "2026-04-27 payment 700.00")
        result = run_policy(day)
        assert result.run.full is False
        for tid, p in result.new:  # carry out every step, nobody is reached
            proposals.carry_out(Proposal.objects.get(tenancy_id=tid, rule=p.rule, period=p.period), on=day)
        missed = run_policy(day, dry_run=True, full=True).new
        assert missed == [], f"{day}: a full run would still propose {missed}"
    made = set(Proposal.objects.values_list("tenancy__ref", "action"))
    assert {
        ("RETURNED", "nudge"),
        ("LATE", "compliment"),
        ("PAUSED", "review_pause"),
        ("NEW-DEBIT", "pre_due_reminder"),
        ("CLEARED-NEW", "pre_due_reminder"),
    } <= made
    assert ("ON-TIME", "nudge") not in made


def test_an_ordinary_day_looks_at_few_tenancies(corporation):
    run_policy(date(2026, 3, 10), full=True)
    # Paying early while owing nothing: nothing a rule could act on.
    book(corporation["on_time"], "2026-03-11 payment 700.00")
    result = run_policy(date(2026, 3, 11))
    looked_at = result.counts["tenancies"]
    assert looked_at < PolicyRun.objects.get(full=True).counts["tenancies"]
    # LATE and PAUSED owe rent and nothing else changed or falls due soon; PAUSED sleeps until
    # the review date of its pause.
    assert TenancyState.objects.get(tenancy__ref="PAUSED").wake_on == date(2026, 3, 20)
    assert looked_at == 1


def test_a_payment_that_leaves_arrears_does_not_wake_a_sleeping_tenancy(corporation):
    run_policy(date(2026, 3, 10), full=True)
    paused = Tenancy.objects.get(ref="PAUSED")  # owes February and March, asleep until 03-20
    book(paused, "2026-03-11 payment 100.00")
    run_policy(date(2026, 3, 11))
    assert TenancyState.objects.get(tenancy=paused).day == date(2026, 3, 10)  # not looked at
    book(paused, "2026-03-12 payment 1300.00")  # with the first, all of it
    run_policy(date(2026, 3, 12))
    assert not TenancyState.objects.filter(tenancy=paused).exists()  # looked at: owes nothing


def test_a_new_policy_version_means_a_full_run(corporation):
    from huurpad.collection.models import PolicyVersion

    run_policy(date(2026, 3, 10))
    v1 = PolicyVersion.current()
    PolicyVersion.objects.create(number=2, text=v1.text, note="same rules, new version")
    assert run_policy(date(2026, 3, 11)).run.full is True


def rents(first: int, last: int) -> str:
    return months("2026-{m:02d}-01 rent 700.00", first, last)


@pytest.fixture
def sleepers(db):
    """Tenancies in arrears for which rules fire on days without anything new: the wake dates."""
    # Long arrears: calls, letter, the Bgs conditions, an early signal, repeats, escalation.
    long = make_tenancy("LONG", start=date(2019, 1, 1), phone="0611111111")
    book(long, rents(1, 8))
    # No phone: nudge and letter both by letter, so one waits for the next day.
    held = make_tenancy("HELD", start=date(2019, 1, 1))
    book(held, rents(1, 8))
    # New tenant: three calls on three days, reminders before the due date while in arrears.
    fresh = make_tenancy("NEW-OWING", start=date(2025, 10, 1), phone="0633333333")
    book(fresh, rents(1, 8) + "\n2026-01-02 payment 700.00")
    # One year old on 2026-03-10: from 03-11 'first_time', whose nudge comes after 3 days, not 5.
    birthday = make_tenancy("BIRTHDAY", start=date(2025, 3, 10), phone="0644444444")
    book(
        birthday,
        months("2026-{m:02d}-01 rent 700.00\n2026-{m:02d}-01 payment 700.00", 1, 2) + "\n2026-03-07 rent 700.00",
    )
    # An arrangement: kept in March and April; in May only the rent, so broken after the grace.
    arranged = make_tenancy("ARRANGED", start=date(2019, 1, 1), phone="0655555555")
    book(arranged, rents(1, 8) + "\n2026-03-01 payment 800.00\n2026-04-01 payment 800.00\n2026-05-01 payment 700.00")
    events.arrangement_started(
        arranged, date(2026, 2, 5), arrears_at_start="1400.00", instalment="100.00", first_due="2026-03-01", count=6
    ).save()
    # A pause with a review date, in arrears.
    paused = make_tenancy("PAUSED-OWING", start=date(2019, 1, 1))
    book(paused, rents(2, 8))
    events.pause_started(paused, date(2026, 2, 10), reason="officer", review_date="2026-04-20").save()
    return {"long": long}


def test_sleeping_tenancies_wake_on_time(sleepers):
    day, end = date(2026, 2, 1), date(2026, 7, 31)
    run_policy(day, full=True)
    skipped_days = 0
    while day < end:
        day += timedelta(days=1)
        result = run_policy(day)
        assert result.run.full is False
        skipped_days += result.counts["tenancies"] < TenancyState.objects.filter(day__lt=day).count()
        # Before the steps are carried out: what is done today is news for tomorrow's run.
        missed = run_policy(day, dry_run=True, full=True).new
        assert missed == [], f"{day}: a full run would still propose {missed}"
        for tid, p in result.new:  # carry out every step, nobody is reached
            proposals.carry_out(Proposal.objects.get(tenancy_id=tid, rule=p.rule, period=p.period), on=day)
    made = {
        (ref, action): due for ref, action, due in Proposal.objects.values_list("tenancy__ref", "action", "due_date")
    }
    expected = {
        ("LONG", "early_signal"),
        ("LONG", "escalation_review"),
        ("HELD", "reminder_letter"),
        ("NEW-OWING", "call"),
        ("NEW-OWING", "pre_due_reminder"),
        ("BIRTHDAY", "nudge"),
        ("ARRANGED", "arrangement_reminder"),
        ("ARRANGED", "arrangement_broken"),
        ("PAUSED-OWING", "review_pause"),
    }
    assert expected <= set(made)
    assert made["BIRTHDAY", "nudge"] == date(2026, 3, 11)
    broken = Proposal.objects.filter(tenancy__ref="ARRANGED", action="arrangement_broken").order_by("due_date")
    assert list(broken.values_list("due_date", flat=True)) == [
        date(2026, 5, 8),
        date(2026, 6, 8),
        date(2026, 7, 8),
    ]  # one per missed instalment
    assert Proposal.objects.filter(tenancy__ref="LONG", action="early_signal").count() >= 2  # repeated
    assert Proposal.objects.filter(tenancy__ref="NEW-OWING", action="call").count() == 3
    assert skipped_days > 100  # most days most of them sleep


def test_a_new_phone_number_wakes_a_sleeping_tenancy(db, tmp_path):
    """No phone: no call. When the ERP sends a number, the next day's run proposes the call."""
    from huurpad.tenancies.imports import import_tenancies
    from huurpad.tenancies.tests.files import tenancies_csv, tenancy_line

    import_tenancies(tenancies_csv(tmp_path, tenancy_line("NOPHONE", tenant_phone="")), effective=date(2025, 1, 1))
    tenancy = Tenancy.objects.get(ref="NOPHONE")
    book(tenancy, "2026-03-01 rent 650.00\n2026-03-01 service_costs 50.00")
    day = date(2026, 3, 1)
    run_policy(day, full=True)
    while day < date(2026, 3, 20):
        day += timedelta(days=1)
        run_policy(day)
    assert not Proposal.objects.filter(action="call").exists()
    import_tenancies(tenancies_csv(tmp_path, tenancy_line("NOPHONE", tenant_phone="0612345678"), name="v2.csv"))
    result = run_policy(day + timedelta(days=1))
    assert [p.action.value for _, p in result.new] == ["call"]
    assert run_policy(day + timedelta(days=1), dry_run=True, full=True).new == []


def reads(selects: list[str], table: str) -> int:
    return sum(1 for sql in selects if re.search(rf'FROM "?{table}"?\b', sql))


@pytest.mark.parametrize("full", [True, False])
def test_a_run_reads_each_thing_once(corporation, full):
    """However many questions a run asks of them (what to watch, what sleeps, what a payment can
    clear, what the last position was, what to keep), the saved states are read once
    (collection/states.py); the ledger totals once (the episode starts from the row's totals);
    the tenancy rows' payment details once (snapshots.tenancy_rows)."""
    run_policy(date(2026, 3, 10), full=True)
    book(corporation["late"], "2026-03-11 payment 100.00")  # a credit where arrears remain
    with CaptureQueriesContext(connection) as run:
        run_policy(date(2026, 3, 11), full=full)
    assert PolicyRun.objects.get(day=date(2026, 3, 11)).full == full
    selects = [q["sql"] for q in run.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert reads(selects, "collection_tenancystate") == 1
    assert reads(selects, "tenancies_ledgertotals") == 1
    assert sum("payment_method" in sql.split(" FROM ")[0] for sql in selects) == 1
