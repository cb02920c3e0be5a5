"""The short policy for a tenant who left (vertrokken huurder) with a final bill (eindafrekening)
unpaid: the deposit settled against the last rent and the repairs, and what is left asked for
kindly and once.

1. a letter with the final bill (to the forwarding address when known, else the last one);
2. a friendly call where a phone number is known, after the letter;
3. the 14-day letter (WIK, art. 6:96 BW) after the letter, only when the policy charges costs;
4. a team leader's decision: hand over to a collection agency or propose a write-off; when costs
   are charged, only after the 14-day letter's term has passed.

Once the final bill is handed to a collection agency (Snapshot.agency_since, after the end), the
agency collects: none of these steps is proposed again for that ended tenancy (handed_over, and
the guardrails by rule).

Days count from the day after the tenancy ended, or from the oldest unpaid due date when that
is later (a final bill booked after the end): the letter waits for the final bill. Each step is
taken once per ended tenancy (its period is the end date), and the contacts and letters that count
are those since the end.
None of a running tenancy's steps fits (no reminder before the due date, no early signal to the
municipality: the household no longer lives there, no escalation towards an eviction, no
arrangement reminders when none runs): the guardrails keep the two policies apart by rule
(guardrails.apply). Pauses, debt help and an arrangement being kept stop these steps as they
stop the others.
"""

from datetime import date, timedelta

from huurpad.core.calc.wik import collection_costs, payment_deadline
from huurpad.core.dutch import date_nl
from huurpad.core.money import fmt_eur

from .calls import REACH_CHANNELS, next_attempt
from .facts import Snapshot
from .proposal import Action, Proposal

FINAL_BILL_LETTER = "final_bill_letter"
CALL = "former_call"
WIK_LETTER = "former_wik_letter"
DECISION = "former_decision"
RULE_NAMES = frozenset({FINAL_BILL_LETTER, CALL, WIK_LETTER, DECISION})

# Why no early signal goes to the municipality for a former tenant (the checklist says it).
NO_SIGNAL = (
    "De huurder woont hier niet meer: een vroegsignaal is bedoeld om te voorkomen dat iemand zijn huis "
    "kwijtraakt, en de gemeente van het oude adres kan deze huurder niet meer helpen. De eindafrekening "
    "volgt het beleid voor vertrokken huurders."
)
NO_ESCALATION = "het huurcontract is beëindigd: er is geen woning meer om een ontruiming voor te vragen"


def counting_from(s: Snapshot) -> date | None:
    """The day the former tenant's steps count from: the day after the tenancy ended, or the
    oldest unpaid due date when later. None when not a former tenant in arrears."""
    p = s.position
    if not s.former or p.arrears <= 0:
        return None
    start = s.ended_on + timedelta(days=1)
    return max(start, p.oldest_unpaid_due_date) if p.oldest_unpaid_due_date else start


def _days(s: Snapshot, today: date) -> int | None:
    start = counting_from(s)
    return None if start is None else (today - start).days


def _period(s: Snapshot) -> str:
    return str(s.ended_on)


def _since_end(day: date, s: Snapshot) -> bool:
    return day > s.ended_on


def handed_over(s: Snapshot) -> bool:
    """The final bill of this ended tenancy went to a collection agency: its steps end."""
    return s.former and s.agency_since is not None and _since_end(s.agency_since, s)


def _keeping_arrangement(s: Snapshot, today: date) -> bool:
    a = s.arrangement
    return a is not None and s.position.arrears <= a.planned_arrears(today, s.policy.arrangement_grace_days)


def _ready(s: Snapshot, today: date, days: int) -> bool:
    """A former tenant behind for at least `days` days of the count, not keeping an arrangement,
    whose final bill is not with a collection agency."""
    behind = _days(s, today)
    return behind is not None and behind >= days and not _keeping_arrangement(s, today) and not handed_over(s)


def _letter_sent(s: Snapshot) -> bool:
    """The final bill letter was proposed on an earlier day."""
    return f"{FINAL_BILL_LETTER}:{_period(s)}" in s.done


def _wik_since_end(s: Snapshot) -> list[date]:
    return sorted(d for d in s.wik_letters if _since_end(d, s))


def _what(s: Snapshot) -> str:
    p = s.position
    return f"Huurcontract beëindigd op {date_nl(s.ended_on)}; nog open {fmt_eur(p.arrears)} (eindafrekening)"


def _proposal(s: Snapshot, rule: str, action: Action, today: date, period: str, text: str, **kw) -> Proposal:
    facts = kw.pop("facts", {})
    kw.setdefault("channel", "")
    return Proposal(
        tenancy_ref=s.tenancy_ref,
        rule=rule,
        action=action,
        due_date=today,
        period=period,
        explanation=text,
        facts=tuple((k, str(v)) for k, v in {"ended_on": s.ended_on, "arrears": s.position.arrears, **facts}.items()),
        **kw,
    )


def final_bill_letter(s: Snapshot, today: date) -> list[Proposal]:
    if not _ready(s, today, s.policy.former_letter_after_days) or _letter_sent(s):
        return []
    return [
        _proposal(
            s,
            FINAL_BILL_LETTER,
            Action.FINAL_BILL_LETTER,
            today,
            _period(s),
            f"{_what(s)}. Een brief met de eindafrekening: wat met de waarborgsom is verrekend, wat nog "
            "open staat en hoe te betalen, naar het nieuwe adres als dat bekend is, anders het laatste "
            "(Wet goed verhuurderschap; Gereedschapskist 3.4).",
            channel="letter",
        )
    ]


def call(s: Snapshot, today: date) -> list[Proposal]:
    days = s.policy.former_call_after_days
    if not days or not _ready(s, today, days) or not _letter_sent(s):
        return []
    contacts = [c for c in s.contacts if _since_end(c.date, s)]
    if any(c.reached and c.channel in REACH_CHANNELS for c in contacts):
        return []
    attempt = next_attempt(contacts, s.policy.former_call_attempts, today)
    if attempt is None:
        return []
    number, day_part = attempt
    return [
        _proposal(
            s,
            CALL,
            Action.CALL,
            today,
            f"{_period(s)}#{number}",
            f"{_what(s)}. Een vriendelijk telefoontje, poging {number} van {s.policy.former_call_attempts} "
            f"(liefst in de {day_part}): is de brief aangekomen, klopt de eindafrekening, wat lukt er "
            "(Gereedschapskist 3.2, 3.4).",
            channel="phone",
            facts={"attempt": number, "day_part": day_part},
        )
    ]


def wik_letter(s: Snapshot, today: date) -> list[Proposal]:
    if not s.policy.charge_costs or not _ready(s, today, s.policy.former_wik_letter_after_days):
        return []
    if not _letter_sent(s) or _wik_since_end(s):
        return []
    costs = collection_costs(s.position.arrears)
    return [
        _proposal(
            s,
            WIK_LETTER,
            Action.WIK_LETTER,
            today,
            _period(s),
            f"{_what(s)}. Veertiendagenbrief: wie binnen 14 dagen betaalt, betaalt geen incassokosten; "
            f"daarna ten hoogste {fmt_eur(costs)} volgens de wettelijke staffel.",
            channel="letter",
            legal_basis="art. 6:96 BW",
            facts={"costs": costs},
        )
    ]


def decision(s: Snapshot, today: date) -> list[Proposal]:
    if not _ready(s, today, s.policy.former_decision_after_days) or not _letter_sent(s):
        return []
    after = ""
    if s.policy.charge_costs:
        letters = _wik_since_end(s)
        if not letters:
            return []
        deadline = payment_deadline(letters[0], s.policy.receipt_days)
        if today <= deadline:
            return []
        after = f" De termijn van de veertiendagenbrief liep af op {date_nl(deadline)}."
    return [
        _proposal(
            s,
            DECISION,
            Action.FORMER_DECISION,
            today,
            _period(s),
            f"{_what(s)}, {_days(s, today)} dagen na het einde of de eindafrekening.{after} De teamleider "
            "besluit: overdragen aan een incassobureau, of kwijtschelding voorstellen als innen niet "
            "redelijk is (Gereedschapskist 3.6).",
        )
    ]


# In order: when two messages compete for the same day, the first one goes.
RULES = [decision, call, final_bill_letter, wik_letter]


def wake(s: Snapshot, today: date) -> list[date]:
    """The days a former tenant's step can next be due without new facts; for a running tenancy
    with an end date, the day after it (when it becomes a former tenancy)."""
    if s.ended_on is not None and not s.former:
        return [s.ended_on + timedelta(days=1)] if s.ended_on < date.max else []
    start = counting_from(s)
    if start is None or handed_over(s):
        return []
    policy = s.policy
    settings = [policy.former_letter_after_days, policy.former_call_after_days, policy.former_decision_after_days]
    if policy.charge_costs:
        settings.append(policy.former_wik_letter_after_days)
    days = [start + timedelta(days=n) for n in settings]
    days += [c.date + timedelta(days=1) for c in s.contacts]
    days += [payment_deadline(d, policy.receipt_days) + timedelta(days=1) for d in s.wik_letters]
    if s.arrangement is not None:
        grace = timedelta(days=policy.arrangement_grace_days)
        days += [d + grace for d in s.arrangement.due_dates()]
    return days
