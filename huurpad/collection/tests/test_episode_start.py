"""The start of a stretch of arrears, carried forward from run to run, is always the one the core
computes from the whole ledger, also when a payment booked later clears the arrears in between."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huurpad.collection import proposals
from huurpad.collection.models import Proposal, TenancyState
from huurpad.collection.run import run_policy
from huurpad.core import ledger
from huurpad.tenancies import arrears
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


def rents(first: int, last: int) -> str:
    return "\n".join(f"2026-{m:02d}-01 rent 700.00" for m in range(first, last + 1))


def check_states(day: date) -> None:
    for state in TenancyState.objects.select_related("tenancy"):
        expected = ledger.episode_start(state.tenancy.core_entries(state.day), state.day)
        assert state.episode_start == expected, f"{day}: {state.tenancy.ref} on {state.day}"


def test_stored_episode_starts_match_the_ledger_every_day():
    never = make_tenancy("NEVER-PAYS", start=date(2019, 1, 1), phone="0611111111")
    book(never, rents(1, 6))
    backdated = make_tenancy("BACKDATED", start=date(2019, 1, 1), phone="0622222222")
    book(backdated, rents(1, 6) + "\n2026-01-02 payment 700.00")
    ahead = make_tenancy("AHEAD", start=date(2019, 1, 1), phone="0633333333")
    book(ahead, rents(1, 6) + "\n2026-01-02 payment 700.00")
    partly = make_tenancy("PARTLY", start=date(2019, 1, 1), payment_method="direct_debit", collection_day=1)
    book(partly, rents(1, 6) + "\n2026-01-02 direct_debit 700.00\n2026-02-02 direct_debit 700.00")

    day, end = date(2026, 2, 1), date(2026, 5, 31)
    run_policy(day, full=True)
    check_states(day)
    while day < end:
        # A gap of two weeks: the credit dated inside it must not go unnoticed.
        day += timedelta(days=15) if day == date(2026, 3, 10) else timedelta(days=1)
        if day == date(2026, 3, 1):  # booked in advance: clears AHEAD on 03-15, a charge follows
            book(ahead, "2026-03-15 payment 1400.00\n2026-03-20 other_charge 50.00")
        if day == date(2026, 3, 3):  # a returned debit: the arrears only grow
            book(partly, "2026-03-03 reversal 700.00")
        if day == date(2026, 4, 5):  # booked today, dated before the last run: cleared on 03-31
            book(backdated, "2026-03-31 payment 1400.00")
        result = run_policy(day, full=day.day == 20)
        for tid, p in result.new:
            proposals.carry_out(Proposal.objects.get(tenancy_id=tid, rule=p.rule, period=p.period), on=day)
        check_states(day)
        assert run_policy(day, dry_run=True, full=True).new == []

    starts = dict(TenancyState.objects.values_list("tenancy__ref", "episode_start"))
    assert starts["NEVER-PAYS"] == date(2026, 1, 2)
    assert starts["BACKDATED"] == date(2026, 4, 2)  # not the February start carried forward
    assert starts["AHEAD"] == date(2026, 3, 21)
    assert starts["PARTLY"] == date(2026, 3, 2)  # March is not debited; the reversal only adds


def test_a_stored_start_vouches_only_for_the_ledger_it_was_found_in():
    """The state of the last run carries a start older than the lookback forward, also past a
    part payment; an entry booked since, dated before the state's day, makes the state useless:
    the start comes from the ledger."""
    from huurpad.collection import snapshots

    tenancy = make_tenancy("OWING", start=date(2019, 1, 1))
    book(tenancy, rents(1, 12))
    run_policy(date(2026, 11, 10), full=True)
    state = TenancyState.objects.get()
    assert state.episode_start == date(2026, 1, 2)
    on = date(2026, 11, 12)

    def starts():
        rows = arrears.compute(on, ids=[tenancy.id])
        with CaptureQueriesContext(connection) as read:
            found = snapshots.episode_starts(rows, on, {tenancy.id: state})
        assert not any("date <=" in q["sql"] for q in read.captured_queries)  # no whole-ledger read
        assert found == {tenancy.id: ledger.episode_start(tenancy.core_entries(on), on)}
        return found[tenancy.id]

    assert starts() == date(2026, 1, 2)
    book(tenancy, "2026-11-11 payment 100.00")  # a part payment after the run: still behind
    assert starts() == date(2026, 1, 2)
    book(tenancy, "2026-11-01 payment 7000.00")  # booked after the run, dated before it: cleared then
    assert starts() == date(2026, 11, 2)
    book(tenancy, "2026-11-12 payment 9000.00")  # cleared on D
    assert starts() is None


def test_starts_read_from_the_last_months_or_the_whole_ledger():
    """A stretch that began within the lookback is found from an opening sum; an older one from
    the whole ledger. Both equal the core's answer over every entry."""
    from huurpad.collection import snapshots

    on = date(2026, 12, 15)
    long = make_tenancy("LONG", start=date(2019, 1, 1))  # behind since February: over 190 days
    book(long, "\n".join(f"2026-{m:02d}-01 rent 700.00" for m in range(1, 13)) + "\n2026-01-05 payment 700.00")
    recent = make_tenancy("RECENT", start=date(2019, 1, 1))  # behind in the past, now since December
    book(
        recent,
        "\n".join(f"2026-{m:02d}-01 rent 700.00" for m in range(1, 13))
        + "\n"
        + "\n".join(f"2026-{m:02d}-20 payment 700.00" for m in range(1, 12)),
    )
    starts = snapshots.episode_starts(arrears.compute(on, ids=[long.id, recent.id]), on)
    assert starts == {t.id: ledger.episode_start(t.core_entries(on), on) for t in (long, recent)}
    assert starts == {long.id: date(2026, 2, 2), recent.id: date(2026, 12, 2)}
