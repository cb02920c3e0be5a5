"""What may happen next on the legal track, as pure decisions (no database): the order of the
stages, the guardrails of PRODUCT.md, and what holds the track. legal/track.py gathers the facts
of one household on one day and asks here; the property tests (tests/test_guardrails.py) ask here
and through track.

- No hand-over to the bailiff and no summons without the team leader's approved escalation, whose
  conditions (core.policy.guardrails.why_no_escalation) are met again on the day of the step.
- No eviction, and no step towards one, while a debt-help trajectory, a moratorium or an honoured
  arrangement runs (the December 2022 agreement): such a step is refused with its reason.
"""

from dataclasses import dataclass

HANDOVER = "bailiff_handover"
SUMMONS = "summons_served"
HEARING = "hearing"
JUDGMENT = "judgment"
JUDGMENT_SERVED = "judgment_served"
EVICTION_SCHEDULED = "eviction_scheduled"
EVICTION_CANCELLED = "eviction_cancelled"
EVICTION_EXECUTED = "eviction_executed"
STRUCK_OUT = "struck_out"
STAGES = (
    HANDOVER,
    SUMMONS,
    HEARING,
    JUDGMENT,
    JUDGMENT_SERVED,
    EVICTION_SCHEDULED,
    EVICTION_CANCELLED,
    EVICTION_EXECUTED,
    STRUCK_OUT,
)
# Steps the corporation (through its bailiff) takes towards an eviction: held by debt help, a
# moratorium or an honoured arrangement. A hearing, a judgment, a cancellation or a strike-out are
# the court's or end the threat: they are always recorded.
TOWARDS_EVICTION = frozenset({HANDOVER, SUMMONS, JUDGMENT_SERVED, EVICTION_SCHEDULED, EVICTION_EXECUTED})
# Steps that are the team leader's decision, on an approved escalation.
NEEDS_ESCALATION = frozenset({HANDOVER, SUMMONS})
# Steps that end the track.
ENDS = frozenset({EVICTION_EXECUTED, STRUCK_OUT})
# Steps after which no eviction is scheduled any more.
EVICTION_OFF = frozenset({EVICTION_CANCELLED, EVICTION_EXECUTED, STRUCK_OUT})
# What must have happened in the running track before a step, in Dutch when it has not.
BEFORE = {
    SUMMONS: ({HANDOVER}, "de zaak is nog niet aan de deurwaarder overgedragen"),
    HEARING: ({SUMMONS}, "er is nog geen dagvaarding betekend"),
    JUDGMENT: ({SUMMONS}, "er is nog geen dagvaarding betekend"),
    JUDGMENT_SERVED: ({JUDGMENT}, "er is nog geen vonnis"),
    EVICTION_SCHEDULED: ({JUDGMENT_SERVED}, "het vonnis is nog niet betekend"),
    EVICTION_CANCELLED: ({EVICTION_SCHEDULED}, "er is geen ontruiming gepland"),
    EVICTION_EXECUTED: ({EVICTION_SCHEDULED}, "er is geen ontruiming gepland"),
    STRUCK_OUT: ({HANDOVER}, "er loopt geen juridisch traject"),
}
# Judgments after which an eviction may follow: dissolution and eviction, or a payment order whose
# conditions, when broken, allow it.
EVICTION_OUTCOMES = frozenset({"ontbinding_ontruiming", "betalingsregeling"})


@dataclass(frozen=True)
class Facts:
    """One household on one day, as the track sees it."""

    running: bool = False  # a legal track runs
    done: frozenset = frozenset()  # the stages the running track went through
    stage: str = ""  # its current stage
    outcome: str = ""  # the judgment's outcome, when there is one
    debt_help: bool = False  # a debt-help trajectory runs (debthelp, or a debt-help pause)
    moratorium: bool = False  # a court's moratorium (a pause with that reason)
    arrangement_honoured: bool = False  # an arrangement runs and is kept
    escalation_approved: bool = False  # the team leader's latest decision in the open case is yes
    escalation_reasons: tuple = ()  # why_no_escalation on the day: empty when it may


def holds(f: Facts) -> list[str]:
    """What holds the track today (empty: nothing)."""
    reasons = []
    if f.debt_help:
        reasons.append("de huurder zit in een schuldhulptraject")
    if f.moratorium:
        reasons.append("de rechter heeft een moratorium afgekondigd")
    if f.arrangement_honoured:
        reasons.append("de betalingsregeling wordt nagekomen")
    return reasons


def out_of_order(step: str, f: Facts) -> list[str]:
    """Why the step does not follow from the running track (empty: it does)."""
    if step == HANDOVER:
        return ["er loopt al een juridisch traject"] if f.running else []
    if not f.running:
        return ["er loopt geen juridisch traject; het begint met de overdracht aan de deurwaarder"]
    needed, why = BEFORE[step]
    if not needed & f.done:
        return [why]
    if step == EVICTION_SCHEDULED and f.outcome not in EVICTION_OUTCOMES:
        return ["het vonnis staat geen ontruiming toe"]
    if step in (EVICTION_CANCELLED, EVICTION_EXECUTED) and f.stage != EVICTION_SCHEDULED:
        return ["er is geen ontruiming gepland"]
    return []


def why_not(step: str, f: Facts) -> list[str]:
    """Why a person may not record this step today (empty: they may)."""
    reasons = out_of_order(step, f)
    if step in TOWARDS_EVICTION:
        reasons += holds(f)
    if step in NEEDS_ESCALATION:
        if not f.escalation_approved:
            reasons.append("de teamleider heeft de volgende stap naar de rechter of deurwaarder niet goedgekeurd")
        reasons += [r for r in f.escalation_reasons if r not in reasons and r not in _SAME_AS_HOLDS]
    return reasons


# why_no_escalation names the holds in its own words; they are said once, as holds() says them.
_SAME_AS_HOLDS = frozenset({"de huurder zit in een schuldhulptraject", "de betalingsregeling wordt nagekomen"})


def held(step: str, f: Facts) -> list[str]:
    """For a step that happened elsewhere (history, the bailiff's status file): what holds the
    track, when the step leads towards eviction. Recorded as a fact, with a task to ask the court or
    bailiff to hold."""
    return holds(f) if step in TOWARDS_EVICTION else []
