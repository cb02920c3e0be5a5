"""When the bailiff has scheduled an eviction: everything to prevent it, at once.

The day the eviction is scheduled (an `eviction_scheduled` event on the timeline: recorded on the
legal track, imported, or read from the bailiff's status file), the policy proposes
`eviction_prevention`: a call by the officer, a visit by the woonconsulent and the team leader's
last-chance offer (an arrangement for what is owed, a lodger, a move), each due a number of days
before the eviction date ([eviction_prevention] in the policy), or today when that is later. The
run makes a task of each (collection/run.py).

The same day the early signal goes to the municipality again, as a crisis signal: when eviction
threatens, the municipality must reach out within 3 working days (Wgs art. 4). It goes even when
an earlier signal went out and the arrears did not grow; the policy's own waits do not hold it
back. What the law and the tenant's choice require still do: the four conditions of Bgs art. 2,
no objection, a municipality that signed the covenant, arrears, no pause. Where one of these
keeps the signal back, the prevention's explanation says so.

Both are made once per eviction date: an eviction put off to another day brings them again.
A cancelled eviction records why (legal/track.py), and the tasks it made close themselves.
"""

from datetime import date, timedelta

from huurpad.core.calendar import is_working_day
from huurpad.core.dutch import date_nl
from huurpad.core.money import fmt_eur

from . import bgs
from .facts import Snapshot
from .proposal import Action, Proposal

PREVENTION = "eviction_prevention"
CRISIS_SIGNAL = "crisis_signal"
CRISIS_LEGAL_BASIS = "Bgs art. 2; Wgs art. 4"


def upcoming(s: Snapshot, today: date):
    """The scheduled eviction still to come (or today), for a running tenancy; else None."""
    e = s.eviction
    return e if e is not None and e.date >= today and not s.former else None


def _before(eviction_date: date, days: int, today: date) -> date:
    """`days` before the eviction, on a working day (moved earlier), never before today."""
    day = eviction_date - timedelta(days=days)
    while day > today and not is_working_day(day):
        day -= timedelta(days=1)
    return max(day, today)


def step_days(s: Snapshot, today: date) -> dict[str, date]:
    """The day each step of the prevention is due: call, visit, offer."""
    e, policy = s.eviction, s.policy
    return {
        "call_by": _before(e.date, policy.eviction_call_days_before, today),
        "visit_by": _before(e.date, policy.eviction_visit_days_before, today),
        "offer_by": _before(e.date, policy.eviction_offer_days_before, today),
    }


def crisis_blockers(s: Snapshot, today: date) -> list[str]:
    """What keeps the crisis signal back (empty: it goes). In Dutch, for the explanation."""
    if s.position.arrears <= 0:
        return ["er is geen achterstand meer"]
    reasons = []
    if s.objection:
        reasons.append("de huurder maakte bezwaar tegen het doorgeven van gegevens aan de gemeente")
    if not s.municipality_signed:
        reasons.append("de gemeente heeft het convenant vroegsignalering niet getekend")
    if not bgs.proven(s):
        reasons.append("de vier voorwaarden van Bgs art. 2 zijn niet aangetoond")
    if s.pause is not None:
        reasons.append("het dossier staat op pauze")
    return reasons


def crisis_signal(s: Snapshot, today: date) -> list[Proposal]:
    e = upcoming(s, today)
    if e is None or crisis_blockers(s, today):
        return []
    p = s.position
    earlier = max((x.date for x in s.signals), default=None)
    again = f" Er ging al een signaal op {date_nl(earlier)}; dit is een nieuw signaal." if earlier else ""
    return [
        Proposal(
            tenancy_ref=s.tenancy_ref,
            rule=CRISIS_SIGNAL,
            action=Action.EARLY_SIGNAL,
            channel="municipality",
            due_date=today,
            period=str(e.date),
            explanation=(
                f"Crisissignaal aan de gemeente: de ontruiming is gepland op {date_nl(e.date)}, achterstand "
                f"{fmt_eur(p.arrears)}. De gemeente neemt binnen 3 werkdagen contact op.{again}"
            ),
            legal_basis=CRISIS_LEGAL_BASIS,
            facts=(("amount", str(p.arrears)), ("crisis", "true"), ("eviction_date", str(e.date))),
        )
    ]


def prevention(s: Snapshot, today: date) -> list[Proposal]:
    e = upcoming(s, today)
    if e is None:
        return []
    days = step_days(s, today)
    arrears = s.position.arrears
    if arrears > 0:
        offer = f"een regeling voor de {fmt_eur(arrears)} die openstaat, een onderhuurder of verhuizen"
    else:
        offer = "de achterstand is betaald: vraag de deurwaarder de ontruiming af te blazen"
    if f"{CRISIS_SIGNAL}:{e.date}" in s.done or crisis_signal(s, today):
        signal = "De gemeente krijgt een crisissignaal en neemt binnen 3 werkdagen contact op."
    else:
        signal = f"Geen crisissignaal aan de gemeente: {'; '.join(crisis_blockers(s, today))}."
    return [
        Proposal(
            tenancy_ref=s.tenancy_ref,
            rule=PREVENTION,
            action=Action.EVICTION_PREVENTION,
            channel="",
            due_date=today,
            period=str(e.date),
            explanation=(
                f"De ontruiming is gepland op {date_nl(e.date)}. Voorkom die: bellen uiterlijk "
                f"{date_nl(days['call_by'])}, huisbezoek door de woonconsulent uiterlijk {date_nl(days['visit_by'])}, "
                f"laatste aanbod van de teamleider uiterlijk {date_nl(days['offer_by'])} ({offer}). {signal}"
            ),
            facts=(("eviction_date", str(e.date)), ("arrears", str(arrears)), *((k, str(v)) for k, v in days.items())),
        )
    ]


def wake(s: Snapshot, today: date) -> list[date]:
    """After the eviction date the prevention and the crisis signal are no longer proposed."""
    return [s.eviction.date + timedelta(days=1)] if s.eviction is not None else []
