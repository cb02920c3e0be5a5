"""One factory per timeline event type. Callers never build CaseEvent rows by hand. The person
acting is passed as `acting_user=` (the event keeps them as its `actor`)."""

from datetime import date
from decimal import Decimal

from huurpad.core.money import fmt

from .models import CaseEvent

T = CaseEvent.Type


def _event(tenancy, day: date, type_: str, *, acting_user=None, source="huurpad", **params) -> CaseEvent:
    return CaseEvent(tenancy=tenancy, date=day, type=type_, params=params, actor=acting_user, source=source)


def reminder_letter(tenancy, day, *, offers_data_sharing: bool, points_to_debt_help: bool, **kw):
    return _event(
        tenancy,
        day,
        T.REMINDER_LETTER,
        offers_data_sharing=offers_data_sharing,
        points_to_debt_help=points_to_debt_help,
        **kw,
    )


def wik_letter(tenancy, day, *, costs: Decimal, **kw):
    return _event(tenancy, day, T.WIK_LETTER, costs=fmt(costs), **kw)


def contact_attempt(tenancy, day, *, channel: str, reached: bool, **kw):
    return _event(tenancy, day, T.CONTACT_ATTEMPT, channel=channel, reached=reached, **kw)


def debt_help_pointed(tenancy, day, *, channel: str, **kw):
    return _event(tenancy, day, T.DEBT_HELP_POINTED, channel=channel, **kw)


def data_sharing_objection(tenancy, day, **kw):
    return _event(tenancy, day, T.DATA_SHARING_OBJECTION, **kw)


def early_signal_sent(tenancy, day, *, municipality_code: str, amount: Decimal, **kw):
    return _event(tenancy, day, T.EARLY_SIGNAL_SENT, municipality_code=municipality_code, amount=fmt(amount), **kw)


def arrangement_started(tenancy, day, **kw):
    return _event(tenancy, day, T.ARRANGEMENT_STARTED, **kw)


def arrangement_ended(tenancy, day, **kw):
    return _event(tenancy, day, T.ARRANGEMENT_ENDED, **kw)


def arrangement_refused(tenancy, day, **kw):
    """The team leader's no to an arrangement beyond the officer's bounds (its yes is arrangement_started)."""
    return _event(tenancy, day, T.ARRANGEMENT_REFUSED, **kw)


def pause_started(tenancy, day, *, reason: str, **kw):
    return _event(tenancy, day, T.PAUSE_STARTED, reason=reason, **kw)


def pause_ended(tenancy, day, *, reason: str = "", **kw):
    return _event(tenancy, day, T.PAUSE_ENDED, reason=reason, **kw)


def pause_extended(tenancy, day, *, review_date: date, reason: str, **kw):
    """A team leader moves the running pause's review date (within its limit), saying why; the
    timeline reads the new review date from here (cases/timeline.py)."""
    return _event(tenancy, day, T.PAUSE_EXTENDED, review_date=review_date.isoformat(), reason=reason, **kw)


def bailiff_handover(tenancy, day, **kw):
    return _event(tenancy, day, T.BAILIFF_HANDOVER, **kw)


def message_sent(tenancy, day, *, action: str, channel: str, **kw):
    return _event(tenancy, day, T.MESSAGE_SENT, action=action, channel=channel, **kw)


def message_failed(tenancy, day, *, action: str, channel: str, reason: str, **kw):
    return _event(tenancy, day, T.MESSAGE_FAILED, action=action, channel=channel, reason=reason, **kw)


def referral_made(tenancy, day, *, partner: str, reason: str, basis: str, **kw):
    return _event(tenancy, day, T.REFERRAL_MADE, partner=partner, reason=reason, basis=basis, **kw)


def partner_feedback(tenancy, day, *, partner: str, text: str, **kw):
    return _event(tenancy, day, T.PARTNER_FEEDBACK, partner=partner, text=text, **kw)


def channel_limits(tenancy, day, **kw):
    return _event(tenancy, day, T.CHANNEL_LIMITS, **kw)


def measure_applied(tenancy, day, *, measure: str, **kw):
    return _event(tenancy, day, T.MEASURE_APPLIED, measure=measure, **kw)


def escalation_decided(tenancy, day, *, approved: bool, note: str = "", **kw):
    return _event(tenancy, day, T.ESCALATION_DECIDED, approved=approved, note=note, **kw)


def note(tenancy, day, *, text: str, **kw):
    return _event(tenancy, day, T.NOTE, text=text, **kw)


# Notes Huurpad writes for the person who acted, where a step needs no type of its own.


def task_assigned(tenancy, day, *, title: str, to: str, **kw):
    """A task taken, given to a colleague or given back (`to` empty) on 'Vandaag'."""
    text = f"Taak '{title}' toegewezen aan {to}." if to else f"Taak '{title}' is aan niemand meer toegewezen."
    return _event(tenancy, day, T.NOTE, text=text, **kw)


def task_reassigned(tenancy, day, *, title: str, was: str, to: str, **kw):
    """A task given by the team leader (the actor) from one person, or a role's list, to another."""
    return _event(tenancy, day, T.NOTE, text=f"Taak '{title}' overgedragen van {was} aan {to}.", **kw)


def task_dismissed(tenancy, day, *, title: str, **kw):
    """A task that no longer needs doing, let lapse on 'Vandaag'."""
    return _event(tenancy, day, T.NOTE, text=f"Taak '{title}' vervalt.", **kw)


def tasks_closed(tenancy, day, *, closed: list[tuple[str, str]], **kw):
    """Open tasks of one household that closed by themselves on D, each (title, why) as the
    officer reads it (its reason is gone: cases/tasks.py close_gone): one event a household a
    time, however many tasks closed."""
    return _event(tenancy, day, T.TASKS_CLOSED, tasks="; ".join(f"{title}: {why}" for title, why in closed), **kw)


def debit_returned(tenancy, day, *, amount: Decimal, reason_code: str, reason: str, **kw):
    return _event(tenancy, day, T.DEBIT_RETURNED, amount=fmt(amount), reason_code=reason_code, reason=reason, **kw)


def payment_assigned(tenancy, day, *, amount: Decimal, counterparty: str, **kw):
    return _event(tenancy, day, T.PAYMENT_ASSIGNED, amount=fmt(amount), counterparty=counterparty, **kw)


def collection_day_changed(tenancy, day, *, collection_day: int, effective_from, **kw):
    return _event(
        tenancy,
        day,
        T.COLLECTION_DAY_CHANGED,
        collection_day=collection_day,
        effective_from=effective_from.isoformat(),
        **kw,
    )


def write_off_step(tenancy, day, *, step: str, amount: Decimal, approved: bool | None, **kw):
    return _event(tenancy, day, T.WRITE_OFF_STEP, step=step, amount=fmt(amount), approved=approved, **kw)


def benefit_payment(tenancy, day, *, amount: Decimal, start, **kw):
    return _event(tenancy, day, T.BENEFIT_PAYMENT, amount=fmt(amount), start=start.isoformat(), **kw)


def lodger_permission(tenancy, day, *, start, end, **kw):
    return _event(tenancy, day, T.LODGER_PERMISSION, start=start.isoformat(), end=end.isoformat(), **kw)


def creditors_reported(tenancy, day, *, count: int, **kw):
    return _event(tenancy, day, T.CREDITORS_REPORTED, count=count, **kw)


def signal_feedback(tenancy, day, *, result: str, **kw):
    return _event(tenancy, day, T.SIGNAL_FEEDBACK, result=result, **kw)


def outside_signal(tenancy, day, *, kind: str, **kw):
    return _event(tenancy, day, T.OUTSIDE_SIGNAL, kind=kind, **kw)


def debt_help(tenancy, day, *, text: str, note: str = "", **kw):
    """A Schuldenknooppunt message received or answered (debthelp): `text` says what, `note` why
    (the rule, the facts, the source) for an automatic step."""
    return _event(tenancy, day, T.DEBT_HELP, text=text, **({"note": note} if note else {}), **kw)


def case_opened(tenancy, day, *, note: str = "", **kw):
    return _event(tenancy, day, T.CASE_OPENED, **({"note": note} if note else {}), **kw)


def case_closed(tenancy, day, *, reason: str, **kw):
    return _event(tenancy, day, T.CASE_CLOSED, reason=reason, **kw)


# The legal track (huurpad/legal/track.py records each step and makes its event here).


def summons_served(tenancy, day, *, court_date: date, **kw):
    return _event(tenancy, day, T.SUMMONS_SERVED, court_date=court_date.isoformat(), **kw)


def hearing(tenancy, day, **kw):
    return _event(tenancy, day, T.HEARING, **kw)


def judgment(tenancy, day, *, outcome: str, **kw):
    return _event(tenancy, day, T.JUDGMENT, outcome=outcome, **kw)


def judgment_served(tenancy, day, **kw):
    return _event(tenancy, day, T.JUDGMENT_SERVED, **kw)


def eviction_scheduled(tenancy, day, *, eviction_date: date, **kw):
    return _event(tenancy, day, T.EVICTION_SCHEDULED, eviction_date=eviction_date.isoformat(), **kw)


def eviction_cancelled(tenancy, day, *, reason: str, **kw):
    return _event(tenancy, day, T.EVICTION_CANCELLED, reason=reason, **kw)


def eviction_executed(tenancy, day, **kw):
    return _event(tenancy, day, T.EVICTION_EXECUTED, **kw)


def struck_out(tenancy, day, **kw):
    return _event(tenancy, day, T.STRUCK_OUT, **kw)


def legal_hold(tenancy, day, *, reason: str, **kw):
    """A step towards eviction refused or held: a debt-help trajectory, moratorium or honoured
    arrangement runs (PRODUCT.md guardrail), with the reason."""
    return _event(tenancy, day, T.LEGAL_HOLD, reason=reason, **kw)


# The event types an earlier system's history may hold (docs/formats.md, events.jsonl).
FACTORIES = {
    T.REMINDER_LETTER: reminder_letter,
    T.WIK_LETTER: wik_letter,
    T.CONTACT_ATTEMPT: contact_attempt,
    T.DEBT_HELP_POINTED: debt_help_pointed,
    T.DATA_SHARING_OBJECTION: data_sharing_objection,
    T.EARLY_SIGNAL_SENT: early_signal_sent,
    T.ARRANGEMENT_STARTED: arrangement_started,
    T.ARRANGEMENT_ENDED: arrangement_ended,
    T.PAUSE_STARTED: pause_started,
    T.PAUSE_ENDED: pause_ended,
    T.BAILIFF_HANDOVER: bailiff_handover,
    T.SUMMONS_SERVED: summons_served,
    T.JUDGMENT: judgment,
    T.EVICTION_SCHEDULED: eviction_scheduled,
    T.EVICTION_CANCELLED: eviction_cancelled,
    T.EVICTION_EXECUTED: eviction_executed,
}


def plan_started(tenancy, day, **kw):
    """A household plan across the life domains starts (toolkit 3.8, plans)."""
    return _event(tenancy, day, T.PLAN_STARTED, **kw)


def plan_coordinator(tenancy, day, *, coordinator: str, **kw):
    """The plan's one coordinator (regisseur) is chosen, or another takes over: name (organisation)."""
    return _event(tenancy, day, T.PLAN_COORDINATOR, coordinator=coordinator, **kw)


def doorbraak_requested(tenancy, day, *, request: str, asked_by: str, answer_due: date, **kw):
    """A coach's Doorbraak request is registered, with the day the written answer is due."""
    return _event(
        tenancy, day, T.DOORBRAAK_REQUESTED, request=request, asked_by=asked_by, answer_due=answer_due.isoformat(), **kw
    )


def doorbraak_answered(tenancy, day, *, request: str, decision: str, alternatives: str = "", **kw):
    """The corporation's written answer to a Doorbraak request: its decision, and the alternatives
    when it refused."""
    return _event(
        tenancy, day, T.DOORBRAAK_ANSWERED, request=request, decision=decision, alternatives=alternatives, **kw
    )


# A tenant who left (solutions/former.py).


def forwarding_address(tenancy, day, *, address: str, was: str, **kw):
    """The forwarding address recorded or changed (empty: unknown again), and what it was."""
    return _event(tenancy, day, T.FORWARDING_ADDRESS, address=address, was=was, **kw)


def agency_handover(tenancy, day, *, agency: str, amount: Decimal, reference: str, **kw):
    """The final bill handed to a collection agency (incassobureau): the former policy's steps end
    (cases/timeline.py reads it into the policy's facts)."""
    return _event(tenancy, day, T.AGENCY_HANDOVER, agency=agency, amount=fmt(amount), reference=reference, **kw)
