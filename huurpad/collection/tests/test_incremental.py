"""An ordinary next day looks only at what may have changed, and still misses nothing."""

from datetime import date, timedelta

import pytest

from huurpad.cases import events
from huurpad.collection import actions
from huurpad.collection.models import PolicyRun, Proposal
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
    fresh = make_tenancy("NEW-DEBIT", start=date(2025, 12, 1), payment_method="direct_debit", collection_day=25, phone="0633333333")
    book(fresh, months("2026-{m:02d}-25 rent 700.00\n2026-{m:02d}-25 direct_debit 700.00", 1, 6))
    paused = make_tenancy("PAUSED", start=date(2019, 1, 1))
    book(paused, months("2026-{m:02d}-01 rent 700.00", 2, 6))
    events.pause_started(paused, date(2026, 2, 10), reason="kennisgeving", review_date="2026-03-20").save()
    returned = make_tenancy("RETURNED", start=date(2019, 1, 1), payment_method="direct_debit", collection_day=1, phone="0644444444")
    book(returned, months("2026-{m:02d}-01 rent 700.00\n2026-{m:02d}-02 direct_debit 700.00", 1, 6))
    return {"late": late, "returned": returned, "on_time": on_time}


def test_next_days_propose_what_a_full_run_would(corporation):
    day, end = date(2026, 2, 1), date(2026, 4, 30)
    actions.run_policy(day, full=True)
    while day < end:
        day += timedelta(days=1)
        if day == date(2026, 3, 6):  # a returned debit: new ledger lines only
            book(corporation["returned"], "2026-03-06 reversal 700.00")
        if day == date(2026, 3, 20):  # the late tenant pays everything off
            book(corporation["late"], "2026-03-20 payment 1400.00")
        result = actions.run_policy(day)
        assert result.run.full is False
        for tid, p in result.new:  # carry out every step, nobody is reached
            actions.mark_done(Proposal.objects.get(tenancy_id=tid, rule=p.rule, period=p.period), on=day)
        missed = actions.run_policy(day, dry_run=True, full=True).new
        assert missed == [], f"{day}: a full run would still propose {missed}"
    made = set(Proposal.objects.values_list("tenancy__ref", "action"))
    assert {("RETURNED", "nudge"), ("LATE", "compliment"), ("PAUSED", "review_pause"), ("NEW-DEBIT", "pre_due_reminder")} <= made
    assert ("ON-TIME", "nudge") not in made


def test_an_ordinary_day_looks_at_few_tenancies(corporation):
    actions.run_policy(date(2026, 3, 10), full=True)
    result = actions.run_policy(date(2026, 3, 11))
    looked_at = result.counts["tenancies"]
    assert looked_at < PolicyRun.objects.get(full=True).counts["tenancies"]
    assert looked_at == 2  # LATE and PAUSED owe rent; nothing else changed or falls due soon


def test_a_new_policy_version_means_a_full_run(corporation):
    from huurpad.collection.models import PolicyVersion

    actions.run_policy(date(2026, 3, 10))
    v1 = PolicyVersion.current()
    PolicyVersion.objects.create(number=2, text=v1.text, note="same rules, new version")
    assert actions.run_policy(date(2026, 3, 11)).run.full is True
