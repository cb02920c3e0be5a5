"""The guardrails of PRODUCT.md over random ledgers and timelines, read the way a policy run reads
them: the ledger's position and arrears episode (core.ledger), the timeline's events in (date, id)
order (cases.timeline.Timeline), the tenant's contact details (snapshots.channels), put together by
snapshots.assemble. The core's properties draw snapshots directly; these reach them from the
records a corporation keeps, so a mistake in reading them cannot hide behind the generator."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from huurpad.cases.models import CaseEvent
from huurpad.cases.timeline import Timeline
from huurpad.collection import snapshots
from huurpad.core import ledger
from huurpad.core.policy import facts
from huurpad.core.policy.config import default_policy
from huurpad.core.policy.engine import propose
from huurpad.core.policy.guardrails import ALLOWED_DURING_PAUSE
from huurpad.core.policy.proposal import Action
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
    stops = draw(st.sampled_from([None, None, 6, 8, 9, 10, 11]))  # a household that stops paying from that month on
    for n, first in enumerate(m.replace(day=1) for m in MONTHS):
        entries += [
            ledger.Entry(date=first, kind=ledger.Kind.RENT, amount=RENT),
            ledger.Entry(date=first, kind=ledger.Kind.SERVICE_COSTS, amount=SERVICE),
        ]
        paid = (
            "none"
            if stops is not None and n >= stops
            else draw(st.sampled_from(["full", "full", "full", "part", "late", "none", "twice"]))
        )
        day = first + timedelta(days=draw(st.integers(0, 40) if paid == "late" else st.integers(0, 4)))
        if paid != "none" and day <= TODAY:
            value = RENT + SERVICE if paid != "part" else draw(amount.filter(lambda a: a < RENT + SERVICE))
            entries.append(
                ledger.Entry(
                    date=day,
                    kind=draw(st.sampled_from([ledger.Kind.PAYMENT, ledger.Kind.DIRECT_DEBIT])),
                    amount=value * (2 if paid == "twice" else 1),
                )
            )
    if draw(st.booleans()):
        entries.append(
            ledger.Entry(date=draw(since), kind=ledger.Kind.REVERSAL, amount=RENT + SERVICE)
        )  # a returned debit
    return entries


EVENTS = {
    T.REMINDER_LETTER: st.fixed_dictionaries(
        {"offers_data_sharing": st.booleans(), "points_to_debt_help": st.booleans()}
    ),
    T.WIK_LETTER: st.fixed_dictionaries({"costs": amount.map(str)}),
    T.CONTACT_ATTEMPT: st.fixed_dictionaries(
        {
            "channel": st.sampled_from(["phone", "visit", "card", "sms", "whatsapp", "letter"]),
            "reached": st.booleans(),
            "day_part": st.sampled_from(["morning", "afternoon", "evening"]),
        }
    ),
    T.DEBT_HELP_POINTED: st.just({}),
    T.DATA_SHARING_OBJECTION: st.just({}),
    T.EARLY_SIGNAL_SENT: st.fixed_dictionaries({"amount": amount.map(str)}),
    T.ARRANGEMENT_STARTED: st.fixed_dictionaries(
        {
            "instalment": amount.map(str),
            "count": st.integers(1, 12),
            "arrears_at_start": amount.map(str),
            "first_due": since.map(date.isoformat),
        }
    ),
    T.ARRANGEMENT_ENDED: st.just({}),
    T.PAUSE_STARTED: st.fixed_dictionaries(
        {
            "reason": st.sampled_from(["officer", "kennisgeving", "municipal_help", "moratorium"]),
            "review_date": (since | st.integers(1, 60).map(lambda n: TODAY + timedelta(days=n))).map(date.isoformat),
        }
    ),
    T.PAUSE_ENDED: st.just({}),
    T.DEBIT_RETURNED: st.fixed_dictionaries(
        {"amount": amount.map(str), "reason_code": st.sampled_from(["AM04", "MD06", "AC04"])}
    ),
}


@st.composite
def timelines(draw, episode_start: date | None) -> list[tuple[date, str, dict]]:
    """Events in any mix; for half of the households in arrears also the Bgs steps taken during
    the arrears (letter with the offer, a call, debt help pointed out, a signal), so the rare
    paths (early signal, escalation) come up. In (date, id) order: the order drawn is the id order."""
    events = [
        (day, kind, draw(EVENTS[kind]))
        for day, kind in draw(st.lists(st.tuples(since, st.sampled_from(list(EVENTS))), max_size=10))
    ]
    if episode_start is not None and draw(st.booleans()):
        during = st.integers(0, (TODAY - episode_start).days).map(lambda n: episode_start + timedelta(days=n))
        events += [
            (
                draw(during),
                T.REMINDER_LETTER,
                {"offers_data_sharing": draw(st.booleans()), "points_to_debt_help": draw(st.booleans())},
            ),
            (
                draw(during),
                T.CONTACT_ATTEMPT,
                {
                    "channel": draw(st.sampled_from(["phone", "visit"])),
                    "reached": draw(st.booleans()),
                    "day_part": "morning",
                },
            ),
            (draw(during), T.DEBT_HELP_POINTED, {}),
        ]
        if draw(st.booleans()):
            events.append((draw(during), T.EARLY_SIGNAL_SENT, {"amount": "700.00"}))
    return sorted(events, key=lambda e: e[0])


@dataclass(frozen=True)
class Records:
    """What the corporation keeps: the ledger, the timeline, the contact details."""

    entries: list[ledger.Entry]
    events: list[tuple[date, str, dict]]
    phone: str
    email: str
    no_calls: bool
    refused: list[str]
    sent_today: int
    municipality_signed: bool


@st.composite
def cases(draw) -> tuple[facts.Snapshot, Records]:
    entries = draw(ledgers())
    episode = ledger.episode_start(entries, TODAY)
    records = Records(
        entries=entries,
        events=draw(timelines(episode)),
        phone=draw(st.sampled_from(["", "0612345678"])),
        email=draw(st.sampled_from(["", "a@example.nl"])),
        no_calls=draw(st.booleans()),
        refused=draw(st.lists(st.sampled_from(["sms", "whatsapp", "email", "letter"]), unique=True)),
        sent_today=draw(st.integers(0, 1)),
        municipality_signed=draw(st.booleans()),
    )
    timeline = Timeline()
    for day, kind, params in records.events:
        timeline.add(day, kind, params)
    row = TenancyArrears(
        tenancy_id=1,
        ref="T1",
        position=ledger.position(entries, on=TODAY, monthly_due=RENT + SERVICE),
        segment=draw(st.sampled_from(list(Segment))),
        monthly_due_cents=int((RENT + SERVICE) * 100),
    )
    s = snapshots.assemble(
        row,
        replace(default_policy(), charge_costs=draw(st.booleans())),
        payment_method=draw(st.sampled_from(["direct_debit", "transfer", "benefit_deduction"])),
        collection_day=draw(st.sampled_from([1, 5, 10, 15, 20, 25])),
        channels=snapshots.channels(records.phone, records.email, records.no_calls, records.refused),
        timeline=timeline,
        episode_start=episode,
        since_pause=facts.SincePause.of(entries, pause.start, TODAY) if (pause := timeline.pause()) else None,
        message_dates=(TODAY,) * records.sent_today,
        municipality_signed=records.municipality_signed,
    )
    keys = sorted({p.key for rule in RULES for p in rule(s, TODAY)})  # earlier steps, some done
    return replace(s, done=frozenset(draw(st.lists(st.sampled_from(keys), unique=True)) if keys else ())), records


def running(events, started: str, ended: str) -> dict | None:
    """The terms of what the latest of the two kinds of event left running, or None."""
    last = [(kind, params) for _, kind, params in events if kind in (started, ended)]
    return last[-1][1] if last and last[-1][0] == started else None


def check_the_records(s: facts.Snapshot, r: Records) -> None:
    """The guardrails, asked of the records themselves rather than of the snapshot read from them."""
    made = propose(s, TODAY)
    actions = {p.action for p in made}
    position = ledger.position(r.entries, on=TODAY, monthly_due=RENT + SERVICE)
    episode = ledger.episode_start(r.entries, TODAY)
    during = [(day, kind, params) for day, kind, params in r.events if episode is not None and day >= episode]
    pause = running(r.events, T.PAUSE_STARTED, T.PAUSE_ENDED)
    objected = any(kind == T.DATA_SHARING_OBJECTION for _, kind, _ in r.events)
    reachable = (
        {"letter", "visit"} | ({"email"} if r.email else set()) | ({"sms", "whatsapp", "phone"} if r.phone else set())
    )
    reachable -= set(r.refused) | ({"phone"} if r.no_calls else set())

    if pause is not None:  # during a pause only the current rent is watched (a call only about it)
        assert actions <= {Action.PRE_DUE_REMINDER, Action.REVIEW_PAUSE, Action.CALL}
        assert {p.rule for p in made} <= ALLOWED_DURING_PAUSE
    if not s.policy.charge_costs or pause is not None:  # no costs: no fourteen-day letter
        assert Action.WIK_LETTER not in actions
    assert sum(p.is_message for p in made) <= 1 - r.sent_today  # never two messages on one day
    for p in made:  # only where the tenant can be reached
        assert p.channel in reachable if p.is_message else p.action != Action.CALL or "phone" in reachable
    if Action.EARLY_SIGNAL in actions or Action.ESCALATION_REVIEW in actions:
        assert not objected and position.arrears > 0
        letters = [params for _, kind, params in during if kind == T.REMINDER_LETTER]
        assert any(x["offers_data_sharing"] for x in letters)  # the offer to pass the data on (Bgs art. 2 d)
        assert any(x["points_to_debt_help"] for x in letters) or any(k == T.DEBT_HELP_POINTED for _, k, _ in during)
        assert any(k == T.CONTACT_ATTEMPT and x["channel"] in s.policy.personal_contact_channels for _, k, x in during)
    if Action.EARLY_SIGNAL in actions:
        assert r.municipality_signed and position.arrears >= s.policy.signal_min_arrears
    if Action.ESCALATION_REVIEW in actions:
        signals = [day for day, kind, _ in during if kind == T.EARLY_SIGNAL_SENT]
        assert signals and min(signals) + timedelta(days=s.policy.escalation_after_signal_days) <= TODAY
        assert position.months_in_arrears >= s.policy.escalation_min_months and pause is None


@settings(max_examples=400, deadline=None)
@given(cases())
def test_every_guardrail_holds_on_the_records_a_corporation_keeps(case):
    s, records = case
    check_the_records(s, records)
    for check in CHECKS:  # and the core's own properties, on the snapshot read from them
        check(s)


def test_the_records_reach_the_interesting_cases():
    """Guard against a property that passes because the case never comes up."""
    enough = settings(max_examples=3000, deadline=None, database=None, phases=[Phase.generate])
    for action in (Action.ESCALATION_REVIEW, Action.EARLY_SIGNAL, Action.WIK_LETTER, Action.REVIEW_PAUSE):
        find(cases(), lambda case, a=action: a in [p.action for p in propose(case[0], TODAY)], settings=enough)
    find(
        cases(),
        lambda case: running(case[1].events, T.PAUSE_STARTED, T.PAUSE_ENDED) is not None and propose(case[0], TODAY),
        settings=enough,
    )
