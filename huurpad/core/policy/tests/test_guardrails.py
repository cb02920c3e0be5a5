"""The guardrails of PRODUCT.md as properties over thousands of random snapshots."""

from datetime import date, timedelta

from hypothesis import given, settings

from huurpad.core.calc.wik import payment_deadline, term_days
from huurpad.core.money import fmt_eur
from huurpad.core.policy import bgs, guardrails
from huurpad.core.policy.engine import propose
from huurpad.core.policy.proposal import Action
from huurpad.core.policy.rules import RULES, current_rent_unpaid

from .strategies import TODAY, snapshots

MANY = settings(max_examples=500, deadline=None)  # seven properties: 3,500 cases a run


def actions(s):
    return [p.action for p in propose(s, TODAY)]


def check_no_escalation_unless_every_legal_condition_holds(s):
    if Action.ESCALATION_REVIEW not in actions(s):
        return
    assert bgs.proven(s)
    signals = [x.date for x in s.signals if x.date >= s.episode_start]
    assert signals and min(signals) + timedelta(days=s.policy.escalation_after_signal_days) <= TODAY
    assert s.position.months_in_arrears >= s.policy.escalation_min_months
    assert s.pause is None and not s.debt_help_trajectory
    assert s.arrangement is None or s.position.arrears > s.arrangement.planned_arrears(
        TODAY, s.policy.arrangement_grace_days
    )


@MANY
@given(snapshots())
def test_no_escalation_unless_every_legal_condition_holds(s):
    check_no_escalation_unless_every_legal_condition_holds(s)


def check_no_costs_without_a_fourteen_day_letter_whose_term_has_passed(s):
    if not guardrails.why_no_costs(s, TODAY):
        assert s.policy.charge_costs and s.pause is None
        letters = [d for d in s.wik_letters if d >= s.episode_start]
        assert letters
        assert TODAY > payment_deadline(min(letters), s.policy.receipt_days)  # the day the letter gave
        assert TODAY - min(letters) > timedelta(days=term_days() + s.policy.receipt_days)
    if not s.policy.charge_costs:
        assert Action.WIK_LETTER not in actions(s)


@MANY
@given(snapshots())
def test_no_costs_without_a_fourteen_day_letter_whose_term_has_passed(s):
    check_no_costs_without_a_fourteen_day_letter_whose_term_has_passed(s)


def check_during_a_pause_only_the_current_rent_is_watched(s):
    """During a pause: the reminder before the rent falls due, the pause's review, and a call
    about the rent that fell due since the pause began (rules.current_rent), never about the old
    arrears; that call comes when such rent is unpaid past the policy's days. Preventing a
    scheduled eviction is help and goes on."""
    if s.pause is None:
        return
    made = propose(s, TODAY)
    allowed = {Action.PRE_DUE_REMINDER, Action.REVIEW_PAUSE, Action.CALL, Action.EVICTION_PREVENTION}
    assert {p.action for p in made} <= allowed
    assert {p.rule for p in made} <= guardrails.ALLOWED_DURING_PAUSE
    unpaid, charges = current_rent_unpaid(s, TODAY)
    for p in made:
        if p.action == Action.CALL:
            assert p.rule == "current_rent" and charges
            assert fmt_eur(unpaid) in p.explanation and "De oude achterstand blijft op pauze" in p.explanation
    call = f"current_rent:{s.pause.start}:{charges[0].date:%Y-%m}" if charges else None
    if call is not None and call not in s.done and "phone" in s.channels:
        assert call in {p.key for p in made}


@MANY
@given(snapshots())
def test_during_a_pause_only_the_current_rent_is_watched(s):
    check_during_a_pause_only_the_current_rent_is_watched(s)


def check_no_early_signal_after_an_objection_or_to_a_municipality_without_the_covenant(s):
    if s.objection or not s.municipality_signed:
        assert Action.EARLY_SIGNAL not in actions(s)


@MANY
@given(snapshots())
def test_no_early_signal_after_an_objection_or_to_a_municipality_without_the_covenant(s):
    check_no_early_signal_after_an_objection_or_to_a_municipality_without_the_covenant(s)


def check_never_two_messages_to_one_tenant_on_one_day_whatever_the_policy_says(s):
    sent_today = sum(1 for d in s.message_dates if d == TODAY)
    new = [p for p in propose(s, TODAY) if p.is_message]
    assert len(new) <= max(1 - sent_today, 0)  # the generator also draws policies that ask for 2


@MANY
@given(snapshots())
def test_never_two_messages_to_one_tenant_on_one_day_whatever_the_policy_says(s):
    check_never_two_messages_to_one_tenant_on_one_day_whatever_the_policy_says(s)


def check_nothing_on_a_channel_the_tenant_cannot_receive(s):
    for p in propose(s, TODAY):
        if p.is_message:
            assert p.channel in s.channels
        if p.action == Action.CALL:
            assert "phone" in s.channels


@MANY
@given(snapshots())
def test_nothing_on_a_channel_the_tenant_cannot_receive(s):
    check_nothing_on_a_channel_the_tenant_cannot_receive(s)


def check_every_proposal_explains_itself_and_is_unique(s):
    proposals = propose(s, TODAY)
    assert len({p.key for p in proposals}) == len(proposals)
    for p in proposals:
        assert p.explanation and p.explanation[0].isupper()
        if p.action == Action.REMINDER_LETTER or p.rule == "early_signal":
            assert p.legal_basis == "Bgs art. 2"
        if p.rule == "crisis_signal":  # and the municipality's 3 working days when eviction threatens
            assert p.legal_basis == "Bgs art. 2; Wgs art. 4"
        if p.action == Action.WIK_LETTER:
            assert p.legal_basis == "art. 6:96 BW"


@MANY
@given(snapshots())
def test_every_proposal_explains_itself_and_is_unique(s):
    check_every_proposal_explains_itself_and_is_unique(s)


def check_an_early_signal_needs_the_four_conditions_and_no_objection(s):
    """Also the crisis signal; only it may go for arrears under the policy's minimum (an eviction
    is scheduled: the policy's own limits give way, the law does not)."""
    for p in propose(s, TODAY):
        if p.action == Action.EARLY_SIGNAL:
            assert bgs.proven(s) and not s.objection and s.municipality_signed and s.pause is None
            if p.rule != "crisis_signal":
                assert s.position.arrears >= s.policy.signal_min_arrears


@MANY
@given(snapshots())
def test_an_early_signal_needs_the_four_conditions_and_no_objection(s):
    check_an_early_signal_needs_the_four_conditions_and_no_objection(s)


def check_a_scheduled_eviction_brings_its_prevention_and_the_crisis_signal_at_once(s):
    """An eviction still to come: the prevention is proposed (once per eviction date, during a
    pause too), and with it the crisis signal whenever the law and the tenant's choice allow, also
    after earlier signals; never two signals on one day. Never for an eviction that is past."""
    made = propose(s, TODAY)
    keys = {p.key for p in made}
    signals = [p for p in made if p.action == Action.EARLY_SIGNAL]
    assert len(signals) <= 1
    e = s.eviction
    if e is None or e.date < TODAY:
        assert not any(p.rule in ("eviction_prevention", "crisis_signal") for p in made)
        return
    if f"eviction_prevention:{e.date}" not in s.done:
        assert f"eviction_prevention:{e.date}" in keys
        for day in ("call_by", "visit_by", "offer_by"):
            due = date.fromisoformat(dict(next(p for p in made if p.rule == "eviction_prevention").facts)[day])
            assert TODAY <= due <= e.date
    free = (
        s.position.arrears > 0
        and bgs.proven(s)
        and not s.objection
        and s.municipality_signed
        and s.pause is None
        and f"crisis_signal:{e.date}" not in s.done
    )
    assert (f"crisis_signal:{e.date}" in keys) == free
    if free:
        assert dict(signals[0].facts)["crisis"] == "true"


@MANY
@given(snapshots())
def test_a_scheduled_eviction_brings_its_prevention_and_the_crisis_signal_at_once(s):
    check_a_scheduled_eviction_brings_its_prevention_and_the_crisis_signal_at_once(s)


# Every guardrail, for the tests that reach a snapshot another way (from ledgers and timelines).
CHECKS = [
    check_no_escalation_unless_every_legal_condition_holds,
    check_no_costs_without_a_fourteen_day_letter_whose_term_has_passed,
    check_during_a_pause_only_the_current_rent_is_watched,
    check_no_early_signal_after_an_objection_or_to_a_municipality_without_the_covenant,
    check_never_two_messages_to_one_tenant_on_one_day_whatever_the_policy_says,
    check_nothing_on_a_channel_the_tenant_cannot_receive,
    check_every_proposal_explains_itself_and_is_unique,
    check_an_early_signal_needs_the_four_conditions_and_no_objection,
    check_a_scheduled_eviction_brings_its_prevention_and_the_crisis_signal_at_once,
]


def test_the_generator_reaches_the_interesting_cases():
    """Guard against properties that pass because the case never comes up."""
    from hypothesis import Phase, find

    enough = settings(max_examples=5000, deadline=None, database=None, phases=[Phase.generate])  # no shrinking
    find(snapshots(), lambda s: Action.ESCALATION_REVIEW in actions(s), settings=enough)
    find(snapshots(), lambda s: Action.EARLY_SIGNAL in actions(s), settings=enough)
    find(snapshots(), lambda s: s.pause is not None and actions(s), settings=enough)
    find(snapshots(), lambda s: s.pause is not None and Action.CALL in actions(s), settings=enough)
    find(snapshots(), lambda s: Action.WIK_LETTER in actions(s), settings=enough)
    find(snapshots(), lambda s: Action.EVICTION_PREVENTION in actions(s) and s.pause is not None, settings=enough)
    find(
        snapshots(), lambda s: any(p.rule == "crisis_signal" for p in propose(s, TODAY)) and s.signals, settings=enough
    )
    find(snapshots(), lambda s: s.policy.per_tenant_per_day == 2 and messages_due(s) >= 2, settings=enough)


def messages_due(s) -> int:
    """How many messages the rules alone would send today, before the guardrails."""
    return sum(
        1 for rule in RULES for p in rule(s, TODAY) if p.is_message and p.key not in s.done and p.channel in s.channels
    )
