"""Random but plausible snapshots for the guardrail properties."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from huurpad.core.ledger import Entry, Kind, Position, Totals
from huurpad.core.policy import facts
from huurpad.core.policy.config import default_policy
from huurpad.core.policy.rules import RULES

TODAY = date(2026, 6, 15)
CHANNELS = ["phone", "sms", "whatsapp", "email", "letter"]

past = st.integers(min_value=0, max_value=300).map(lambda n: TODAY - timedelta(days=n))
money = st.integers(min_value=0, max_value=800_000).map(lambda c: Decimal(c) / 100)


@st.composite
def positions(draw):
    arrears = draw(money)
    if arrears == 0:
        return Position(
            on=TODAY,
            balance=draw(money) - Decimal("700"),
            arrears=Decimal("0"),
            oldest_unpaid_due_date=None,
            days_overdue=0,
            months_in_arrears=Decimal("0"),
        )
    days = draw(st.integers(min_value=1, max_value=400))
    return Position(
        on=TODAY,
        balance=arrears + draw(st.sampled_from([Decimal("0"), Decimal("700")])),
        arrears=arrears,
        oldest_unpaid_due_date=TODAY - timedelta(days=days),
        days_overdue=days,
        months_in_arrears=(arrears / Decimal("700")).quantize(Decimal("0.01")),
    )


@st.composite
def snapshots(draw):
    """Half of them fully random; half with the Bgs steps taken during the arrears, so the rare
    paths (early signal, escalation) come up often. Some of the steps the rules would take today
    are drawn as done before (a tenancy's earlier steps), so the later ones also reach the
    one-message-a-day limit on their own."""
    s = draw(WITH_STEPS)
    keys = sorted({p.key for rule in RULES for p in rule(s, TODAY)})
    return replace(s, done=frozenset(draw(st.lists(st.sampled_from(keys), unique=True)) if keys else ()))


@st.composite
def with_steps(draw):
    s = draw(RANDOM_SNAPSHOTS)
    if s.episode_start is None or not draw(st.booleans()):
        return s
    since = (TODAY - s.episode_start).days
    within = st.integers(min_value=0, max_value=max(since, 0)).map(lambda n: s.episode_start + timedelta(days=n))
    letter = draw(within)
    return replace(
        s,
        reminder_letters=(facts.Letter(date=letter, offers_data_sharing=True, points_to_debt_help=True),),
        contacts=(facts.Contact(date=draw(within), channel="phone", reached=draw(st.booleans())),),
        signals=(facts.Signal(date=draw(within), amount=draw(money)),),
        repeat_answer=draw(REPEAT_ANSWERS),
        objection=draw(st.booleans()) and draw(st.booleans()),
        pause=draw(st.none() | st.just(s.pause)),
        arrangement=draw(st.none() | st.just(s.arrangement)),
        debt_help_trajectory=draw(st.booleans()) and draw(st.booleans()),
        position=replace(
            s.position,
            months_in_arrears=draw(st.sampled_from([s.position.months_in_arrears, Decimal("3.00"), Decimal("4.50")])),
        ),
    )


# The strategies a snapshot is drawn from, built once: building them inside each draw made
# hypothesis validate them again for every example: two thirds of these tests' time went there.
# Drawing from the same strategies built once gives the same snapshots.
POLICY = default_policy()
PAUSES = st.none() | st.builds(
    facts.Pause,
    start=past,
    reason=st.sampled_from(["officer", "kennisgeving", "moratorium"]),
    review_date=st.none() | past,
)
ARRANGEMENTS = st.none() | st.builds(
    facts.Arrangement,
    start=past,
    arrears_at_start=money,
    instalment=money.filter(lambda m: m > 0),
    first_due=past,
    count=st.integers(min_value=1, max_value=12),
)
LETTERS = st.lists(
    st.builds(facts.Letter, date=past, offers_data_sharing=st.booleans(), points_to_debt_help=st.booleans()),
    max_size=3,
)
CONTACTS = st.lists(
    st.builds(
        facts.Contact,
        date=past,
        channel=st.sampled_from(["phone", "visit", "card", "sms", "letter"]),
        reached=st.booleans(),
    ),
    max_size=4,
)
SIGNALS = st.lists(st.builds(facts.Signal, date=past, amount=money), max_size=3)
RETURNED_DEBITS = st.lists(
    st.builds(
        facts.ReturnedDebit,
        date=past,
        amount=money,
        reason_code=st.sampled_from(["AM04", "MD06", "AC04", "AC06", ""]),
    ),
    max_size=2,
)
PREVIOUS = st.none() | positions()
CHANNEL_SETS = st.lists(st.sampled_from(CHANNELS), unique=True)
UP_TO_TWO_DAYS = st.lists(past, max_size=2)
MESSAGE_DATES = st.lists(st.sampled_from([TODAY, TODAY - timedelta(days=1)]), max_size=2)
REPEAT_ANSWERS = st.none() | st.builds(facts.Signal, date=past, amount=money)
# Now and then an eviction scheduled: some already past, most still to come.
EVICTIONS = st.none() | st.builds(
    facts.Eviction, scheduled_on=past, date=st.integers(-10, 60).map(lambda n: TODAY + timedelta(days=n))
)
SEGMENTS = st.sampled_from(["new", "first_time", "occasional", "frequent", "regular"])
PAYMENT_METHODS = st.sampled_from(["direct_debit", "transfer", "benefit_deduction"])
COLLECTION_DAYS = st.sampled_from([1, 5, 10, 15, 20, 25])
PER_DAY = st.sampled_from([1, 1, 2])
SEGMENT_UNTIL = st.none() | st.just(date.max) | st.builds(lambda n: TODAY + timedelta(days=n), st.integers(1, 90))

cents = st.integers(min_value=0, max_value=800_000)


@st.composite
def since_pauses(draw, start: date):
    """The ledger since a pause began: any opening, the rent on one day of each month from the start
    on (now and then another charge), paid in full, in part, late or not, now and then returned."""
    opening = Totals(charges_before=draw(cents), credits=draw(cents), reversals=draw(st.sampled_from([0, 0, 70_000])))
    entries, first = [], start.replace(day=draw(st.sampled_from([1, 8, 12])))  # some still in their days today
    while first <= TODAY:
        if first >= start:
            entries.append(Entry(date=first, kind=Kind.RENT, amount=Decimal("700.00")))
            if draw(st.integers(0, 5)) == 0:
                entries.append(Entry(date=first + timedelta(days=9), kind=Kind.OTHER_CHARGE, amount=Decimal("45.00")))
        paid = draw(st.sampled_from(["full", "full", "part", "late", "none", "twice"]))
        day = first + timedelta(days=draw(st.integers(0, 30) if paid == "late" else st.integers(0, 3)))
        if paid != "none" and start <= day <= TODAY:
            amount = Decimal(draw(st.integers(1, 69_999))) / 100 if paid == "part" else Decimal("700.00")
            entries.append(Entry(date=day, kind=Kind.PAYMENT, amount=amount * (2 if paid == "twice" else 1)))
            if draw(st.integers(0, 6)) == 0 and day + timedelta(days=3) <= TODAY:
                entries.append(Entry(date=day + timedelta(days=3), kind=Kind.REVERSAL, amount=amount))
        first = (first + timedelta(days=31)).replace(day=first.day)
    return facts.SincePause(opening=opening, entries=tuple(sorted(entries, key=lambda e: (e.date, e.kind.value))))


@st.composite
def random_snapshots(draw):
    policy = replace(
        POLICY,
        charge_costs=draw(st.booleans()),
        per_tenant_per_day=draw(PER_DAY),
    )
    position = draw(POSITIONS)
    episode = None
    if position.arrears > 0:
        episode = position.oldest_unpaid_due_date + timedelta(days=1)
    pause = draw(PAUSES)
    since_pause = draw(st.none() | since_pauses(pause.start)) if pause is not None else None
    arrangement = draw(ARRANGEMENTS)
    return facts.Snapshot(
        policy=policy,
        tenancy_ref="T1",
        segment=draw(SEGMENTS),
        payment_method=draw(PAYMENT_METHODS),
        collection_day=draw(COLLECTION_DAYS),
        position=position,
        monthly_due=Decimal("700.00"),
        episode_start=episode,
        previous=draw(PREVIOUS),
        channels=frozenset(draw(CHANNEL_SETS)),
        reminder_letters=tuple(draw(LETTERS)),
        wik_letters=tuple(draw(UP_TO_TWO_DAYS)),
        contacts=tuple(draw(CONTACTS)),
        debt_help_pointed=tuple(draw(UP_TO_TWO_DAYS)),
        objection=draw(st.booleans()),
        municipality_signed=draw(st.booleans()),
        signals=tuple(draw(SIGNALS)),
        arrangement=arrangement,
        pause=pause,
        since_pause=since_pause,
        debt_help_trajectory=draw(st.booleans()),
        message_dates=tuple(draw(MESSAGE_DATES)),
        returned_debits=tuple(draw(RETURNED_DEBITS)),
        segment_until=draw(SEGMENT_UNTIL),
        eviction=draw(EVICTIONS),
    )


POSITIONS = positions()
RANDOM_SNAPSHOTS = random_snapshots()
WITH_STEPS = with_steps()
