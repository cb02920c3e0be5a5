from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Action(StrEnum):
    PRE_DUE_REMINDER = "pre_due_reminder"
    NUDGE = "nudge"
    REMINDER_LETTER = "reminder_letter"
    CALL = "call"
    HOME_VISIT = "home_visit"
    WIK_LETTER = "wik_letter"
    EARLY_SIGNAL = "early_signal"
    ARRANGEMENT_REMINDER = "arrangement_reminder"
    ARRANGEMENT_BROKEN = "arrangement_broken"
    ESCALATION_REVIEW = "escalation_review"
    COMPLIMENT = "compliment"
    REVIEW_PAUSE = "review_pause"
    # A tenant who left (vertrokken huurder) with a final bill unpaid: its own short policy
    # (core/policy/former.py).
    FINAL_BILL_LETTER = "final_bill_letter"
    FORMER_DECISION = "former_decision"
    # An eviction scheduled: a call, a visit and the team leader's last-chance offer (eviction.py).
    EVICTION_PREVENTION = "eviction_prevention"


# Sent by Huurpad itself (through the outbox); all other actions are tasks for a person.
MESSAGES = frozenset(
    {
        Action.PRE_DUE_REMINDER,
        Action.NUDGE,
        Action.REMINDER_LETTER,
        Action.WIK_LETTER,
        Action.ARRANGEMENT_REMINDER,
        Action.COMPLIMENT,
        Action.FINAL_BILL_LETTER,
    }
)
# Letters whose sending is a step the policy reads back from the timeline (Bgs art. 2, art. 6:96 BW).
LETTER_STEPS = frozenset({Action.REMINDER_LETTER, Action.WIK_LETTER})


@dataclass(frozen=True, kw_only=True, slots=True)
class Proposal:
    """A next step for one tenancy, with why. Unique per (tenancy, rule, period)."""

    tenancy_ref: str
    rule: str
    action: Action
    channel: str
    due_date: date
    period: str  # what makes this step once-only, e.g. the start of the arrears episode
    explanation: str  # a short Dutch sentence naming the facts
    legal_basis: str = ""
    facts: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.period}"

    @property
    def is_message(self) -> bool:
        return self.action in MESSAGES
