"""Day-by-day stories: each step fires on its day, not before, and only once."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from huurpad.core import ledger
from huurpad.core.policy import facts
from huurpad.core.policy.config import default_policy
from huurpad.core.policy.engine import propose
from huurpad.testing.text import parse_ledger

RENT = Decimal("700.00")


def simulate(
    text: str, start: date, end: date, *, segment="regular", method="transfer", reached=False, policy=None, **snapshot
):
    """Run the policy every day; every proposal is carried out at once, as the demo does."""
    entries = parse_ledger(text)
    policy = policy or default_policy()
    done, fired, timeline = (
        set(),
        {},
        {"reminder_letters": [], "contacts": [], "signals": [], "wik_letters": [], "message_dates": []},
    )
    previous = None
    day = start
    while day <= end:
        pos = ledger.position(entries, on=day, monthly_due=RENT)
        s = facts.Snapshot(
            policy=policy,
            tenancy_ref="T",
            segment=segment,
            payment_method=method,
            collection_day=25 if method == "direct_debit" else None,
            position=pos,
            monthly_due=RENT,
            episode_start=ledger.episode_start(entries, day),
            previous=previous,
            channels=frozenset({"phone", "sms", "letter", "email"}),
            done=frozenset(done),
            **{k: tuple(v) for k, v in timeline.items()},
            **snapshot,
        )
        for p in propose(s, day):
            assert p.key not in done
            done.add(p.key)
            fired.setdefault(p.action.value, []).append(day)
            if p.is_message:
                timeline["message_dates"].append(day)
            if p.action == "reminder_letter":
                timeline["reminder_letters"].append(
                    facts.Letter(date=day, offers_data_sharing=True, points_to_debt_help=True)
                )
            elif p.action == "call":
                timeline["contacts"].append(facts.Contact(date=day, channel="phone", reached=reached))
            elif p.action == "early_signal":
                timeline["signals"].append(facts.Signal(date=day, amount=pos.arrears))
            elif p.action == "wik_letter":
                timeline["wik_letters"].append(day)
        previous = pos
        day += timedelta(days=1)
    return fired


MISSED_MARCH = "2026-02-01 rent 700.00\n2026-02-01 payment 700.00\n2026-03-01 rent 700.00"


def test_one_missed_month_for_a_regular_tenant():
    fired = simulate(MISSED_MARCH, date(2026, 3, 1), date(2026, 5, 31))
    # Episode starts 2 March (the day after the due date); days overdue count from 1 March.
    assert fired["nudge"] == [date(2026, 3, 6)]  # 5 days overdue
    assert fired["call"] == [date(2026, 3, 11), date(2026, 3, 12)]  # 10 days; second attempt next day
    assert fired["reminder_letter"] == [date(2026, 3, 15)]  # 14 days
    assert fired["home_visit"] == [date(2026, 4, 5)]  # 35 days, nobody reached
    assert "wik_letter" not in fired  # the default policy charges no costs
    # 30 days after the reminder with the offer, the four conditions being met:
    assert fired["early_signal"][0] == date(2026, 4, 14)
    assert "escalation_review" not in fired  # one month of rent is not three


def test_nothing_happens_while_the_rent_is_paid():
    fired = simulate("2026-03-01 rent 700.00\n2026-03-01 payment 700.00", date(2026, 3, 1), date(2026, 3, 31))
    assert fired == {}


def test_reaching_the_tenant_stops_further_calls_and_the_visit():
    fired = simulate(MISSED_MARCH, date(2026, 3, 1), date(2026, 4, 30), reached=True)
    assert fired["call"] == [date(2026, 3, 11)]
    assert "home_visit" not in fired


def test_pre_due_reminder_a_few_days_before_the_debit():
    fired = simulate(
        "2026-02-25 rent 700.00\n2026-02-25 direct_debit 700.00",
        date(2026, 3, 1),
        date(2026, 3, 31),
        segment="new",
        method="direct_debit",
    )
    assert fired == {"pre_due_reminder": [date(2026, 3, 22)]}  # three days before the 25th


def test_costs_only_when_the_policy_charges_them():
    policy = replace(default_policy(), charge_costs=True)
    fired = simulate(MISSED_MARCH, date(2026, 3, 1), date(2026, 4, 30), policy=policy)
    assert fired["wik_letter"] == [date(2026, 4, 15)]  # 45 days overdue, after the reminder letter


def test_three_months_behind_leads_to_a_review_two_months_after_the_signal():
    text = "\n".join(f"2026-{m:02d}-01 rent 700.00" for m in range(1, 10))
    fired = simulate(text, date(2026, 1, 1), date(2026, 8, 31))
    signal = fired["early_signal"][0]
    review = fired["escalation_review"][0]
    assert review >= signal + timedelta(days=60)
    assert len(fired["escalation_review"]) == 1
    # Re-signalled monthly while the arrears grow.
    assert all(b - a >= timedelta(days=30) for a, b in zip(fired["early_signal"], fired["early_signal"][1:]))


def test_a_pause_stops_everything_but_the_review():
    pause = facts.Pause(start=date(2026, 3, 3), reason="officer", review_date=date(2026, 4, 1))
    fired = simulate(MISSED_MARCH, date(2026, 3, 1), date(2026, 4, 30), pause=pause)
    assert fired == {"review_pause": [date(2026, 4, 1)]}


def test_a_compliment_when_back_on_track():
    text = MISSED_MARCH + "\n2026-03-25 payment 700.00"
    fired = simulate(text, date(2026, 3, 1), date(2026, 3, 31))
    assert fired["compliment"] == [date(2026, 3, 25)]


def test_the_pause_review_names_the_reason_in_dutch():
    """Seen on the tenancy page: the explanation showed the stored code ('municipal_help')."""
    from huurpad.core.policy.rules import review_pause

    on = date(2026, 4, 1)
    entries = parse_ledger(MISSED_MARCH)
    s = facts.Snapshot(
        policy=default_policy(),
        tenancy_ref="T",
        segment="regular",
        payment_method="transfer",
        collection_day=None,
        position=ledger.position(entries, on=on, monthly_due=RENT),
        monthly_due=RENT,
        episode_start=ledger.episode_start(entries, on),
        channels=frozenset({"letter"}),
        pause=facts.Pause(start=date(2026, 3, 3), reason="municipal_help", review_date=on),
    )
    [proposal] = review_pause(s, on)
    assert proposal.explanation.startswith("De pauze (gemeente meldt: hulp aanvaard) van 3 maart 2026")
