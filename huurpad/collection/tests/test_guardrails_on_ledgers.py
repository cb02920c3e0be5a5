"""The guardrails of PRODUCT.md over random ledgers and timelines, read the way a policy run reads
them: the ledger's position and arrears episode (core.ledger), the timeline's events in (date, id)
order (snapshots.Timeline), the tenant's contact details (snapshots.channels), put together by
snapshots.assemble. The core's properties draw snapshots directly; these reach them from the
records a corporation keeps, so a mistake in reading them cannot hide behind the generator."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.cases.models import CaseEvent
from huurpad.collection import snapshots
from huurpad.core import ledger
from huurpad.core.policy.config import default_policy
from huurpad.core.policy.rules import RULES
from huurpad.core.policy.tests.strategies import TODAY
from huurpad.core.policy.tests.test_guardrails import CHECKS
from huurpad.core.segments import Segment
from huurpad.tenancies.arrears import TenancyArrears

T = CaseEvent.Type
RENT, SERVICE = Decimal("650.00"), Decimal("50.00")
MONTHS = [date(2025, 7, 1) + timedelta(days=31 * n) for n in range(12)]  # July 2025 .. June 2026
since = st.integers(min_value=0, max_value=330).map(lambda n: TODAY - timedelta(days=n))
amount = st.integers(min_value=1, max_value=300_000).map(lambda c: Decimal(c) / 100)


@st.composite
def ledgers(draw) -> list[ledger.Entry]:
    """A year of rent and service costs on the 1st, paid in full, in part, late, twice or not."""
    entries = []
    for first in (m.replace(day=1) for m in MONTHS):
        entries += [ledger.Entry(date=first, kind=ledger.Kind.RENT, amount=RENT),
                    ledger.Entry(date=first, kind=ledger.Kind.SERVICE_COSTS, amount=SERVICE)]  # fmt: skip
        paid = draw(st.sampled_from(["full", "full", "full", "part", "late", "none", "twice"]))
        day = first + timedelta(days=draw(st.integers(0, 40) if paid == "late" else st.integers(0, 4)))
        if paid != "none" and day <= TODAY:
            value = RENT + SERVICE if paid != "part" else draw(amount.filter(lambda a: a < RENT + SERVICE))
            entries.append(ledger.Entry(date=day, kind=draw(st.sampled_from([ledger.Kind.PAYMENT, ledger.Kind.DIRECT_DEBIT])), amount=value * (2 if paid == "twice" else 1)))
    if draw(st.booleans()):
        entries.append(ledger.Entry(date=draw(since), kind=ledger.Kind.REVERSAL, amount=RENT + SERVICE))  # a returned debit
    return entries


EVENTS = {
    T.REMINDER_LETTER: st.fixed_dictionaries({"offers_data_sharing": st.booleans(), "points_to_debt_help": st.booleans()}),
    T.WIK_LETTER: st.fixed_dictionaries({"costs": amount.map(str)}),
    T.CONTACT_ATTEMPT: st.fixed_dictionaries({
        "channel": st.sampled_from(["phone", "visit", "card", "sms", "whatsapp", "letter"]), "reached": st.booleans(),
        "day_part": st.sampled_from(["morning", "afternoon", "evening"]),
    }),  # fmt: skip
    T.DEBT_HELP_POINTED: st.just({}),
    T.DATA_SHARING_OBJECTION: st.just({}),
    T.EARLY_SIGNAL_SENT: st.fixed_dictionaries({"amount": amount.map(str)}),
    T.ARRANGEMENT_STARTED: st.fixed_dictionaries({
        "instalment": amount.map(str), "count": st.integers(1, 12), "arrears_at_start": amount.map(str),
        "first_due": since.map(date.isoformat),
    }),  # fmt: skip
    T.ARRANGEMENT_ENDED: st.just({}),
    T.PAUSE_STARTED: st.fixed_dictionaries({
        "reason": st.sampled_from(["officer", "kennisgeving", "municipal_help", "moratorium"]),
        "review_date": (since | st.integers(1, 60).map(lambda n: TODAY + timedelta(days=n))).map(date.isoformat),
    }),  # fmt: skip
    T.PAUSE_ENDED: st.just({}),
    T.DEBIT_RETURNED: st.fixed_dictionaries({"amount": amount.map(str), "reason_code": st.sampled_from(["AM04", "MD06", "AC04"])}),
}


@st.composite
def timelines(draw) -> snapshots.Timeline:
    """Events in any mix; the Bgs steps (letter, call, debt help, signal) more often than the rest."""
    kinds = st.sampled_from([*EVENTS, T.REMINDER_LETTER, T.CONTACT_ATTEMPT, T.DEBT_HELP_POINTED, T.EARLY_SIGNAL_SENT])
    events = draw(st.lists(st.tuples(since, kinds), max_size=14))
    timeline = snapshots.Timeline()
    for day, kind in sorted(events, key=lambda e: e[0]):  # (date, id): the order drawn is the id order
        timeline.add(day, kind, draw(EVENTS[kind]))
    return timeline


@st.composite
def ledger_snapshots(draw):
    entries = draw(ledgers())
    position = ledger.position(entries, on=TODAY, monthly_due=RENT + SERVICE)
    row = TenancyArrears(
        tenancy_id=1, ref="T1", position=position, segment=draw(st.sampled_from(list(Segment))),
        monthly_due_cents=int((RENT + SERVICE) * 100),
    )  # fmt: skip
    s = snapshots.assemble(
        row, replace(default_policy(), charge_costs=draw(st.booleans())), payment_method=draw(st.sampled_from(["direct_debit", "transfer", "benefit_deduction"])),
        collection_day=draw(st.sampled_from([1, 5, 10, 15, 20, 25])),
        channels=snapshots.channels(
            draw(st.sampled_from(["", "0612345678"])), draw(st.sampled_from(["", "a@example.nl"])), draw(st.booleans()),
            draw(st.lists(st.sampled_from(["sms", "whatsapp", "email", "letter"]), unique=True)),
        ),
        timeline=draw(timelines()), episode_start=ledger.episode_start(entries, TODAY),
        message_dates=tuple(draw(st.lists(st.sampled_from([TODAY, TODAY - timedelta(days=1)]), max_size=1))),
        municipality_signed=draw(st.booleans()),
    )  # fmt: skip
    keys = sorted({p.key for rule in RULES for p in rule(s, TODAY)})  # earlier steps, some done
    return replace(s, done=frozenset(draw(st.lists(st.sampled_from(keys), unique=True)) if keys else ()))


@settings(max_examples=400, deadline=None)
@given(ledger_snapshots())
def test_every_guardrail_holds_on_snapshots_read_from_ledgers_and_timelines(s):
    for check in CHECKS:
        check(s)
