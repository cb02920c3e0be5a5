"""The guardrail of PRODUCT.md for debt help, as a property over the records a corporation keeps:
while a kennisgeving, a debt settlement or a moratorium runs (the pauses debthelp starts, or the
court's), the policy sends no reminder, charges no costs, gives no early signal and proposes no
escalation about the old arrears, whatever the ledger and the timeline hold; what it still does is
watch the current rent (the reminder before the rent falls due, and a call by an officer when rent
that fell due since the pause began is unpaid past the policy's days) and ask for the pause's
review. The pauses counted are those the policy reads as a debt-help trajectory (cases.timeline);
the current rent is watched the same way under every kind of pause, the officer's own too."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.cases.models import CaseEvent
from huurpad.cases.timeline import DEBT_HELP_PAUSES, Timeline
from huurpad.collection import snapshots
from huurpad.collection.tests.test_guardrails_on_ledgers import RENT, SERVICE, ledgers, timelines
from huurpad.core import ledger
from huurpad.core.policy import facts
from huurpad.core.policy.config import default_policy
from huurpad.core.policy.engine import propose
from huurpad.core.policy.guardrails import ALLOWED_DURING_PAUSE, why_no_costs, why_no_escalation
from huurpad.core.policy.proposal import Action
from huurpad.core.policy.tests.strategies import TODAY
from huurpad.core.segments import Segment
from huurpad.solutions.models import Pause
from huurpad.tenancies.arrears import TenancyArrears

T = CaseEvent.Type
# The pauses debt help runs under: the counsellor's kennisgeving, the settlement, the court's moratorium.
DEBT_HELP = [Pause.Reason.KENNISGEVING, Pause.Reason.DEBT_SETTLEMENT, Pause.Reason.MORATORIUM]
EVERY_PAUSE = [*DEBT_HELP, Pause.Reason.MUNICIPAL_HELP, Pause.Reason.OFFICER]
FORBIDDEN = {
    Action.NUDGE,
    Action.REMINDER_LETTER,
    Action.HOME_VISIT,
    Action.WIK_LETTER,
    Action.EARLY_SIGNAL,
    Action.ESCALATION_REVIEW,
}


@st.composite
def in_debt_help(draw, reasons=DEBT_HELP):
    """Any ledger and timeline, then a pause of one of `reasons` (by default those of debt help)
    that started on or before today and runs; read as the run reads it, the ledger since the
    pause's first day included."""
    return (draw(paused(reasons)))[0]


@st.composite
def paused(draw, reasons=EVERY_PAUSE):
    """in_debt_help's snapshot, with the ledger it was read from."""
    entries = draw(ledgers())
    episode = ledger.episode_start(entries, TODAY)
    events = draw(timelines(episode))
    start = TODAY - timedelta(days=draw(st.integers(0, 240)))
    review = TODAY + timedelta(days=draw(st.integers(-5, 540)))
    reason = draw(st.sampled_from(reasons))
    events = [e for e in events if e[0] <= start] + [
        (start, T.PAUSE_STARTED, {"reason": reason, "review_date": review.isoformat()})
    ]
    events += [e for e in draw(timelines(episode)) if e[0] > start and e[1] not in (T.PAUSE_STARTED, T.PAUSE_ENDED)]
    timeline = Timeline()
    for day, kind, params in sorted(events, key=lambda e: e[0]):
        timeline.add(day, kind, params)
    policy = replace(default_policy(), charge_costs=draw(st.booleans()))
    row = TenancyArrears(
        tenancy_id=1,
        ref="T1",
        position=ledger.position(entries, on=TODAY, monthly_due=RENT + SERVICE),
        segment=draw(st.sampled_from(list(Segment))),
        monthly_due_cents=int((RENT + SERVICE) * 100),
    )
    s = snapshots.assemble(
        row,
        policy,
        payment_method=draw(st.sampled_from(["direct_debit", "transfer"])),
        collection_day=draw(st.sampled_from([1, 5, 10, 15, 20, 25])),
        channels=snapshots.channels("0612345678", "a@example.nl", False, []),
        timeline=timeline,
        episode_start=episode,
        since_pause=facts.SincePause.of(entries, start, TODAY),
        message_dates=(),
        municipality_signed=draw(st.booleans()),
    )
    return s, entries


@settings(max_examples=400, deadline=None)
@given(in_debt_help())
def test_no_reminder_costs_signal_or_escalation_while_debt_help_runs(s):
    assert s.pause is not None and s.pause.reason in DEBT_HELP_PAUSES
    assert s.debt_help_trajectory
    made = propose(s, TODAY)
    actions = {p.action for p in made}
    assert not actions & FORBIDDEN
    assert actions <= {Action.PRE_DUE_REMINDER, Action.REVIEW_PAUSE, Action.CALL}
    assert all(p.rule == "current_rent" for p in made if p.action == Action.CALL)  # never about the old arrears
    assert "de huurder zit in een schuldhulptraject" in why_no_escalation(s, TODAY)
    assert "het dossier staat op pauze" in why_no_costs(s, TODAY)


@settings(max_examples=200, deadline=None)
@given(in_debt_help(), st.integers(1, 5))
def test_the_current_rent_is_still_watched(s, days):
    """With a reminder before the rent falls due in the policy, it goes on the day it is due,
    whatever the old arrears, as long as the household is not a month or more ahead."""
    steps = {key: replace(value, pre_due_reminder_days=days) for key, value in s.policy.steps.items()}
    s = replace(s, policy=replace(s.policy, steps=steps), done=frozenset())
    due = date(TODAY.year, TODAY.month + 1, 1) if s.payment_method == "transfer" else None
    if due is None or s.position.balance <= -s.monthly_due:
        return
    day = due - timedelta(days=days)
    actions = {p.action for p in propose(s, day)}
    assert Action.PRE_DUE_REMINDER in actions


def grown_by_a_late_charge(entries, start, today, days) -> bool:
    """From the records, by the ledger's own arithmetic (core.ledger.position): the arrears today,
    counting of the charges dated since the pause began only those past the policy's days, are
    higher than the arrears when it began; and some such charge exists."""
    last = today - timedelta(days=days)
    since = [e for e in entries if e.date >= start and e.kind in ledger.CHARGES]
    if not any(e.date <= last for e in since):
        return False
    counted = [e for e in entries if not (e in since and e.date > last)]
    then = ledger.position([e for e in entries if e.date < start], on=start, monthly_due=RENT + SERVICE)
    now = ledger.position(counted, on=today, monthly_due=RENT + SERVICE)
    return now.arrears > then.arrears


@settings(max_examples=150, deadline=None)
@given(paused(), st.integers(0, 45))
def test_during_every_kind_of_pause_the_old_arrears_rest_and_the_current_rent_is_watched(case, later):
    """Any ledger, any timeline, a pause of each kind (kennisgeving, settlement, moratorium, the
    municipality's help, the officer's own), on any day up to 45 days on: never a reminder letter,
    a fourteen-day letter or costs, an early signal, an escalation review, a nudge or a visit; a
    call only about the current rent; and whenever the arrears grew since the pause began by a
    charge past the policy's days, that call is proposed (once a month: its period is the month)."""
    s, entries = case
    today = TODAY + timedelta(days=later)
    s = replace(
        s,
        position=ledger.position(entries, on=today, monthly_due=RENT + SERVICE),
        since_pause=facts.SincePause.of(entries, s.pause.start, today),
        done=frozenset(),
    )
    made = propose(s, today)
    assert not {p.action for p in made} & FORBIDDEN
    assert {p.rule for p in made} <= ALLOWED_DURING_PAUSE
    assert why_no_costs(s, today) and "het dossier staat op pauze" in why_no_escalation(s, today)
    calls = [p for p in made if p.action == Action.CALL]
    if grown_by_a_late_charge(entries, s.pause.start, today, s.policy.pause_current_rent_call_after_days):
        (call,) = calls
        assert call.rule == "current_rent" and call.period.startswith(f"{s.pause.start}:")
        assert "De oude achterstand blijft op pauze" in call.explanation
        assert ("schuldhulpverlener" in call.explanation) == (s.pause.reason in DEBT_HELP_PAUSES)
    else:
        assert calls == []


def test_the_generator_reaches_a_missed_current_rent_under_every_kind_of_pause():
    """Guard against the property passing because the case never comes up."""
    from hypothesis import Phase, find

    enough = settings(max_examples=3000, deadline=None, database=None, phases=[Phase.generate])
    for reason in EVERY_PAUSE:
        find(
            paused([reason]),
            lambda case: any(p.rule == "current_rent" for p in propose(replace(case[0], done=frozenset()), TODAY)),
            settings=enough,
        )
