"""During a pause the old arrears wait and the current rent is watched (rules.current_rent): worked
examples, one household at a time. The properties are in test_guardrails.py (random snapshots) and
in debthelp/tests/test_guardrails_in_debt_help.py (random ledgers, every kind of pause)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from huurpad.core import ledger
from huurpad.core.ledger import Entry, Kind
from huurpad.core.policy import facts
from huurpad.core.policy.config import default_policy
from huurpad.core.policy.engine import next_wake, propose
from huurpad.core.policy.rules import current_rent_unpaid

RENT = Decimal("700.00")
START = date(2026, 3, 10)  # the pause begins; the old arrears: January to March


def entry(day: str, kind: Kind, amount: str = "700.00") -> Entry:
    return Entry(date=date.fromisoformat(day), kind=kind, amount=Decimal(amount))


OLD = [entry(f"2026-{m:02d}-01", Kind.RENT) for m in (1, 2, 3)]  # never paid: € 2.100,00 paused


def snapshot(entries: list[Entry], today: date, reason: str = "kennisgeving", **kw) -> facts.Snapshot:
    """The household as the run sees it on `today`: its position, the running pause, its ledger since."""
    position = ledger.position(entries, on=today, monthly_due=RENT)
    pause = facts.Pause(start=START, reason=reason, review_date=date(2026, 9, 10))
    return facts.Snapshot(
        policy=default_policy(),
        tenancy_ref="T1",
        segment="regular",
        payment_method="transfer",
        collection_day=None,
        position=position,
        monthly_due=RENT,
        episode_start=ledger.episode_start(entries, today),
        channels=frozenset({"letter", "visit", "phone", "sms", "whatsapp"}),
        pause=pause,
        since_pause=facts.SincePause.of(entries, START, today),
        debt_help_trajectory=reason != "officer",
        **kw,
    )


def test_the_current_rent_paid_gives_nothing_whatever_the_old_arrears():
    entries = OLD + [
        entry("2026-04-01", Kind.RENT),
        entry("2026-04-02", Kind.PAYMENT),
        entry("2026-05-01", Kind.RENT),
        entry("2026-05-03", Kind.DIRECT_DEBIT),
    ]
    for day in (date(2026, 4, 11), date(2026, 5, 20)):
        assert propose(snapshot(entries, day), day) == []  # no letter, no call, no signal about € 2.100,00


def test_a_payment_during_the_pause_pays_the_oldest_charge_and_still_counts_for_the_current_rent():
    """The ledger books April's payment against January (credits pay the oldest first): the oldest
    unpaid charge is then February, but April's rent is paid. Growth since the start says so."""
    entries = OLD + [entry("2026-04-01", Kind.RENT), entry("2026-04-05", Kind.PAYMENT)]
    s = snapshot(entries, date(2026, 4, 20))
    assert s.position.oldest_unpaid_due_date == date(2026, 2, 1)
    assert current_rent_unpaid(s, date(2026, 4, 20)) == (Decimal("0"), [])


def test_the_current_rent_missed_gives_one_call_after_the_policys_days_about_that_rent_only():
    entries = OLD + [entry("2026-04-01", Kind.RENT)]
    assert propose(snapshot(entries, date(2026, 4, 10)), date(2026, 4, 10)) == []  # nine days: not yet
    today = date(2026, 4, 11)
    (call,) = propose(snapshot(entries, today), today)
    assert (call.rule, call.action, call.channel, call.period) == (
        "current_rent",
        "call",
        "phone",
        "2026-03-10:2026-04",
    )
    assert "de huur van april 2026 nog niet (helemaal) betaald: € 700,00" in call.explanation
    assert "De oude achterstand blijft op pauze" in call.explanation
    assert "schuldhulpverlener" in call.explanation and "NVVK" in call.explanation
    assert "2.100" not in call.explanation and "2.800" not in call.explanation  # the paused amount is not named
    assert dict(call.facts) == {
        "unpaid": "700.00",
        "month": "2026-04",
        "pause_start": "2026-03-10",
        "pause_reason": "kennisgeving",
    }


def test_the_officers_own_pause_does_not_ask_to_tell_a_counsellor():
    entries = OLD + [entry("2026-04-01", Kind.RENT)]
    (call,) = propose(snapshot(entries, date(2026, 4, 11), reason="officer"), date(2026, 4, 11))
    assert "schuldhulpverlener" not in call.explanation
    assert "Tijdens de pauze (" in call.explanation and "de huur van april 2026" in call.explanation


def test_once_a_month_with_the_amount_growing_and_partly_paid():
    entries = OLD + [entry("2026-04-01", Kind.RENT), entry("2026-05-01", Kind.RENT)]
    april = propose(snapshot(entries, date(2026, 4, 11)), date(2026, 4, 11))
    done = frozenset(p.key for p in april)
    # Later in April: the call was proposed already; nothing new.
    assert propose(snapshot(entries, date(2026, 4, 25), done=done), date(2026, 4, 25)) == []
    (may,) = propose(snapshot(entries, date(2026, 5, 11), done=done), date(2026, 5, 11))
    assert may.period == "2026-03-10:2026-05"
    assert "de huur van april en mei 2026 nog niet (helemaal) betaald: € 1.400,00" in may.explanation
    # Part paid: € 300 of the two months came in; the rest sits in the newest charges.
    paid = entries + [entry("2026-05-12", Kind.PAYMENT, "300.00")]
    assert current_rent_unpaid(snapshot(paid, date(2026, 5, 12)), date(2026, 5, 12))[0] == Decimal("1100.00")


def test_a_credit_at_the_start_pays_the_current_rent():
    """Ahead when the pause began (a credit of one month): April is paid from it."""
    entries = [entry("2026-03-01", Kind.RENT), entry("2026-03-01", Kind.PAYMENT, "1400.00")]
    entries += [entry("2026-04-01", Kind.RENT)]
    assert propose(snapshot(entries, date(2026, 4, 20)), date(2026, 4, 20)) == []


def test_a_returned_payment_of_the_old_arrears_is_no_current_rent():
    entries = [entry("2026-03-01", Kind.RENT), entry("2026-03-02", Kind.DIRECT_DEBIT)]
    entries += [entry("2026-03-12", Kind.REVERSAL)]  # returned after the pause began: March is old rent
    assert propose(snapshot(entries, date(2026, 3, 30)), date(2026, 3, 30)) == []


def test_the_tenancy_wakes_when_a_rent_since_the_pause_passes_its_days():
    entries = OLD + [entry("2026-04-01", Kind.RENT)]
    s = snapshot(entries, date(2026, 4, 2))
    assert next_wake(s, date(2026, 4, 2)) == date(2026, 4, 11)


def test_without_a_phone_number_no_call_and_never_a_letter_instead():
    entries = OLD + [entry("2026-04-01", Kind.RENT)]
    s = replace(snapshot(entries, date(2026, 4, 11)), channels=frozenset({"letter", "visit"}))
    assert propose(s, date(2026, 4, 11)) == []


def test_the_days_are_a_setting():
    entries = OLD + [entry("2026-04-01", Kind.RENT)]
    s = snapshot(entries, date(2026, 4, 3))
    s = replace(s, policy=replace(s.policy, pause_current_rent_call_after_days=3))
    assert propose(s, date(2026, 4, 3)) == []
    assert [p.rule for p in propose(s, date(2026, 4, 4))] == ["current_rent"]
