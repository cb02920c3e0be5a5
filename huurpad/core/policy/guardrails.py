"""What no policy may do. Applied to every rule's proposals, whatever the policy says.

- No escalation towards court or bailiff unless the four Bgs conditions are proven, an early
  signal went out long enough before, the arrears reach the threshold, and there is no pause,
  debt-help trajectory, moratorium or honoured arrangement.
- No collection costs without a 14-day letter whose term has passed (art. 6:96 BW).
- During a pause only the current rent is watched: the reminder before it falls due, a call when
  rent that fell due after the pause began is unpaid (rules.current_rent), the pause's review, and
  the steps to prevent a scheduled eviction (eviction.py).
- No early signal for a tenant who objected, or to a municipality without the covenant.
- Never two messages to one tenant on one day; nothing on a channel the tenant cannot receive.
- A tenant who left (a former tenancy) gets only the steps of the final bill's own policy
  (former.py), and a running tenancy never those: by rule, whatever a policy proposes. No early
  signal for someone who no longer lives there, no escalation towards an eviction. Once the
  final bill is with a collection agency, none of its steps either.
"""

from datetime import date, timedelta

from huurpad.core.calc.wik import payment_deadline

from . import bgs, former
from .config import MAX_MESSAGES_A_DAY
from .facts import Snapshot
from .proposal import Action, Proposal

# By rule, not by action: the call about the current rent passes, a call about the old arrears not.
# Preventing a scheduled eviction is help, never pressure: it goes on during a pause.
ALLOWED_DURING_PAUSE = frozenset(
    {Action.PRE_DUE_REMINDER.value, Action.REVIEW_PAUSE.value, "current_rent", Action.EVICTION_PREVENTION.value}
)


def why_no_escalation(s: Snapshot, today: date) -> list[str]:
    """The reasons escalation is not allowed today; empty when it is."""
    p, policy = s.position, s.policy
    reasons = []
    if s.former:
        reasons.append(former.NO_ESCALATION)
    if not bgs.proven(s):
        reasons.append("de vier voorwaarden van Bgs art. 2 zijn niet aangetoond")
    first = s.first_episode_signal()
    if first is None:
        reasons.append("er is voor deze achterstand nog geen vroegsignaal verstuurd")
    elif today < first.date + timedelta(days=policy.escalation_after_signal_days):
        reasons.append(f"het vroegsignaal is minder dan {policy.escalation_after_signal_days} dagen oud")
    if p.months_in_arrears < policy.escalation_min_months:
        reasons.append(f"de achterstand is minder dan {policy.escalation_min_months} maanden huur")
    if s.pause is not None:
        reasons.append("het dossier staat op pauze")
    if s.debt_help_trajectory:
        reasons.append("de huurder zit in een schuldhulptraject")
    if s.arrangement is not None and p.arrears <= s.arrangement.planned_arrears(today, policy.arrangement_grace_days):
        reasons.append("de betalingsregeling wordt nagekomen")
    return reasons


def why_no_costs(s: Snapshot, today: date) -> list[str]:
    """The reasons collection costs may not be charged today; empty when they may."""
    reasons = []
    if not s.policy.charge_costs:
        reasons.append("het beleid rekent geen incassokosten")
    letters = [d for d in s.wik_letters if s._in_episode(d)]
    if not letters:
        reasons.append("er is geen veertiendagenbrief voor deze achterstand")
    else:
        # The last day the letter gave (14 days from the day after receipt); costs only after it.
        if today <= payment_deadline(min(letters), s.policy.receipt_days):
            reasons.append("de termijn van 14 dagen na ontvangst van de brief loopt nog")
    if s.pause is not None:
        reasons.append("het dossier staat op pauze")
    return reasons


def _channel_ok(s: Snapshot, p: Proposal) -> bool:
    if p.is_message:
        return p.channel in s.channels
    if p.action == Action.CALL:
        return "phone" in s.channels
    return True


def apply(s: Snapshot, today: date, proposals: list[Proposal]) -> list[Proposal]:
    kept = []
    for p in proposals:
        if p.key in s.done:
            continue
        if s.former != (p.rule in former.RULE_NAMES):  # each tenancy its own policy's steps only
            continue
        if former.handed_over(s):  # the collection agency collects now
            continue
        if s.pause is not None and p.rule not in ALLOWED_DURING_PAUSE:
            continue
        if p.action == Action.ESCALATION_REVIEW and why_no_escalation(s, today):
            continue
        if p.action == Action.WIK_LETTER and (not s.policy.charge_costs or s.pause is not None):
            continue
        if p.action == Action.EARLY_SIGNAL and (s.objection or not s.municipality_signed):
            continue
        if not _channel_ok(s, p):
            continue
        kept.append(p)
    return _one_message_a_day(s, today, kept)


def _one_message_a_day(s: Snapshot, today: date, proposals: list[Proposal]) -> list[Proposal]:
    # Never two messages on one day (PRODUCT.md guardrail), whatever a policy object says.
    allowed = min(s.policy.per_tenant_per_day, MAX_MESSAGES_A_DAY)
    room = allowed - sum(1 for d in s.message_dates if d == today)
    result = []
    for p in proposals:  # in rule order: the first messages win, the rest wait for another day
        if p.is_message:
            if room <= 0:
                continue
            room -= 1
        result.append(p)
    return result
