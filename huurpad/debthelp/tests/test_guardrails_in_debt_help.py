"""The guardrail of PRODUCT.md for debt help, as a property over the records a corporation keeps:
while a kennisgeving, a debt settlement or a moratorium runs (the pauses debthelp starts, or the
court's), the policy sends no reminder, charges no costs, gives no early signal and proposes no
escalation about the old arrears, whatever the ledger and the timeline hold; what it still does is
watch the current rent (the reminder before the rent falls due) and ask for the pause's review.
The pauses counted are those the policy reads as a debt-help trajectory (cases.timeline)."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.cases.models import CaseEvent
from huurpad.cases.timeline import DEBT_HELP_PAUSES, Timeline
from huurpad.collection import snapshots
from huurpad.collection.tests.test_guardrails_on_ledgers import RENT, SERVICE, ledgers, timelines
from huurpad.core import ledger
from huurpad.core.policy.config import default_policy
from huurpad.core.policy.engine import propose
from huurpad.core.policy.guardrails import why_no_costs, why_no_escalation
from huurpad.core.policy.proposal import Action
from huurpad.core.policy.tests.strategies import TODAY
from huurpad.core.segments import Segment
from huurpad.solutions.models import Pause
from huurpad.tenancies.arrears import TenancyArrears

T = CaseEvent.Type
# The pauses debt help runs under: the counsellor's kennisgeving, the settlement, the court's moratorium.
DEBT_HELP = [Pause.Reason.KENNISGEVING, Pause.Reason.DEBT_SETTLEMENT, Pause.Reason.MORATORIUM]
FORBIDDEN = {
    Action.NUDGE,
    Action.CALL,
    Action.REMINDER_LETTER,
    Action.HOME_VISIT,
    Action.WIK_LETTER,
    Action.EARLY_SIGNAL,
    Action.ESCALATION_REVIEW,
}


@st.composite
def in_debt_help(draw):
    """Any ledger and timeline, then a debt-help pause that started on or before today and runs."""
    entries = draw(ledgers())
    episode = ledger.episode_start(entries, TODAY)
    events = draw(timelines(episode))
    start = TODAY - timedelta(days=draw(st.integers(0, 240)))
    review = TODAY + timedelta(days=draw(st.integers(-5, 540)))
    reason = draw(st.sampled_from(DEBT_HELP))
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
    return snapshots.assemble(
        row,
        policy,
        payment_method=draw(st.sampled_from(["direct_debit", "transfer"])),
        collection_day=draw(st.sampled_from([1, 5, 10, 15, 20, 25])),
        channels=snapshots.channels("0612345678", "a@example.nl", False, []),
        timeline=timeline,
        episode_start=episode,
        message_dates=(),
        municipality_signed=draw(st.booleans()),
    )


@settings(max_examples=400, deadline=None)
@given(in_debt_help())
def test_no_reminder_costs_signal_or_escalation_while_debt_help_runs(s):
    assert s.pause is not None and s.pause.reason in DEBT_HELP_PAUSES
    assert s.debt_help_trajectory
    actions = {p.action for p in propose(s, TODAY)}
    assert not actions & FORBIDDEN
    assert actions <= {Action.PRE_DUE_REMINDER, Action.REVIEW_PAUSE}
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
