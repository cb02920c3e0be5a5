from datetime import date

from . import guardrails
from .facts import Snapshot
from .proposal import Proposal
from .rules import RULES


def propose(s: Snapshot, today: date) -> list[Proposal]:
    """Every rule in order, then the guardrails: the steps for this tenancy today."""
    proposals = [p for rule in RULES for p in rule(s, today)]
    return guardrails.apply(s, today, proposals)
